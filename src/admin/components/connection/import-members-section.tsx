import { ArrowDownTray, MagnifyingGlass } from "@medusajs/icons"
import { Button, Hint, Text, toast } from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useEffect, useState } from "react"
import { Link } from "react-router-dom"
import { type Connection, type MemberImportPreview, type MemberImportRun, errorMessage, smaregiApi } from "../../lib/api"
import { formatDateTime } from "../../lib/format"
import { FormSection } from "../form-section"
import { ProgressBar } from "../progress-bar"
import { PullStatusBadge } from "../status-badges"

function PreviewCounts({ preview }: { preview: MemberImportPreview }) {
  return (
    <Text size="small" data-import-preview>
      {preview.total} Smaregi member(s): <strong>{preview.to_create}</strong> new store customer(s) with their points ·{" "}
      <strong>{preview.to_propose}</strong> e-mail match(es) to review · {preview.already_linked} already linked ·{" "}
      {preview.already_proposed} already waiting for review · {preview.conflicts} conflict(s) · {preview.skipped} skipped (withdrawn or no code)
    </Text>
  )
}

function RunProgress({ run }: { run: MemberImportRun }) {
  return (
    <div className="flex flex-col gap-y-2" data-import-run={run.id} data-import-status={run.status}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex items-center gap-x-2">
          <PullStatusBadge status={run.status} />
          <Text size="small">
            {run.processed} / {run.total} read · {run.created} created · {run.proposed} link(s) proposed · {run.already_linked} already here ·{" "}
            {run.conflicts} conflict(s) · {run.skipped} skipped
          </Text>
        </div>
        <Text size="xsmall" className="text-ui-fg-muted">
          {run.finished_at ? `finished ${formatDateTime(run.finished_at)}` : `started ${formatDateTime(run.created_at)}`}
        </Text>
      </div>
      <ProgressBar value={run.processed} max={run.total} label="Member import progress" />
      {run.error && <Hint variant={run.status === "failed" ? "error" : "info"}>{run.error}</Hint>}
      {run.status === "done" && run.proposed > 0 && (
        <Text size="small">
          Review the proposed links on the{" "}
          <Link to="/smaregi/members?status=link_pending" className="text-ui-fg-interactive">
            Members page
          </Link>
          : nothing is linked until you approve it.
        </Text>
      )}
    </div>
  )
}

/**
 * Brings a contract's existing Smaregi members into the store: a preview of the counts first, then a background
 * run with progress. Writes nothing to Smaregi.
 */
export function ImportMembersSection({ connection }: { connection: Connection }) {
  const queryClient = useQueryClient()
  const [runId, setRunId] = useState<string | null>(null)
  const preview = useMutation({ mutationFn: () => smaregiApi.importPreview(connection.id), onError: (e) => toast.error(errorMessage(e)) })
  const run = useQuery({
    queryKey: ["smaregi", "member-import", connection.id, runId],
    queryFn: () => smaregiApi.importRun(connection.id, runId as string),
    enabled: !!runId,
    refetchInterval: (query) => (query.state.data?.status === "running" || !query.state.data ? 1000 : false),
  })
  const running = run.data?.status === "running"
  const finished = run.data && run.data.status !== "running"
  useEffect(() => {
    if (finished) void queryClient.invalidateQueries({ queryKey: ["smaregi", "members"] })
  }, [finished, run.data?.id, queryClient])

  const start = useMutation({
    mutationFn: () => smaregiApi.startImport(connection.id),
    onSuccess: (r) => {
      setRunId(r.run_id)
      toast.success(r.started ? "Importing Smaregi members" : "An import of this connection is already running")
    },
    onError: (e) => toast.error(errorMessage(e)),
  })

  return (
    <FormSection
      id="import-members"
      title="Import existing Smaregi members"
      japanese="既存会員の取り込み"
      description="For a contract used at the register: each Smaregi member without a store customer of the same e-mail becomes a store customer (no account) with its member code and points balance; a member whose e-mail a store customer already uses is only proposed as a link, made when you approve it on the Members page. Nothing is written to Smaregi; running it again adds only what is new."
      actions={
        <>
          <Button size="small" variant="secondary" isLoading={preview.isPending} onClick={() => preview.mutate()} data-import-preview-button>
            <MagnifyingGlass />
            Preview
          </Button>
          <Button size="small" variant="secondary" isLoading={start.isPending} disabled={running || !preview.data} onClick={() => start.mutate()} data-import-start>
            <ArrowDownTray />
            Import members
          </Button>
        </>
      }
    >
      <div className="flex flex-col gap-y-4 px-6 py-4">
        {!preview.data && <Text size="small" className="text-ui-fg-subtle">Preview first to see what the import will do.</Text>}
        {preview.data && <PreviewCounts preview={preview.data} />}
        {run.data && <RunProgress run={run.data} />}
        {run.error && <Hint variant="error">{errorMessage(run.error)}</Hint>}
      </div>
    </FormSection>
  )
}
