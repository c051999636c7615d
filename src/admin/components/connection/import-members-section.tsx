import { ArrowDownTray, MagnifyingGlass } from "@medusajs/icons"
import { Button, Hint, Text, toast } from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { Fragment, useEffect, useState } from "react"
import { Link } from "react-router-dom"
import { type Connection, type MemberImportPreview, type MemberImportRun, errorMessage, smaregiApi } from "../../lib/api"
import { formatDateTime } from "../../lib/format"
import { type MessageKey, useT } from "../../lib/i18n"
import { FormSection } from "../form-section"
import { ProgressBar } from "../progress-bar"
import { ImportStatusBadge } from "../status-badges"

// Stands in for the number while translating, so the number can be set in bold wherever the language puts it.
const NUMBER = "\u2063"

function PreviewCounts({ preview }: { preview: MemberImportPreview }) {
  const t = useT()
  const part = (key: MessageKey, n: number, bold = false) => {
    const [before, after = ""] = t(key, { n: NUMBER }).split(NUMBER)
    return (
      <>
        {before}
        {bold ? <strong>{n}</strong> : n}
        {after}
      </>
    )
  }
  const parts = [
    part("importMembers.previewToCreate", preview.to_create, true),
    part("importMembers.previewToPropose", preview.to_propose, true),
    part("importMembers.previewAlreadyLinked", preview.already_linked),
    part("importMembers.previewAlreadyProposed", preview.already_proposed),
    part("importMembers.previewConflicts", preview.conflicts),
    part("importMembers.previewSkipped", preview.skipped),
  ]
  return (
    <Text size="small" data-import-preview>
      {part("importMembers.previewTotal", preview.total)}
      {parts.map((p, i) => (
        <Fragment key={i}>
          {i > 0 && " · "}
          {p}
        </Fragment>
      ))}
    </Text>
  )
}

function RunProgress({ run }: { run: MemberImportRun }) {
  const t = useT()
  return (
    <div className="flex flex-col gap-y-2" data-import-run={run.id} data-import-status={run.status}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex items-center gap-x-2">
          <ImportStatusBadge status={run.status} />
          <Text size="small">
            {t("importMembers.progress", {
              processed: run.processed,
              total: run.total,
              created: run.created,
              proposed: run.proposed,
              alreadyLinked: run.already_linked,
              conflicts: run.conflicts,
              skipped: run.skipped,
            })}
          </Text>
        </div>
        <Text size="xsmall" className="text-ui-fg-muted">
          {run.finished_at
            ? t("importMembers.finished", { at: formatDateTime(run.finished_at) })
            : t("importMembers.started", { at: formatDateTime(run.created_at) })}
        </Text>
      </div>
      <ProgressBar value={run.processed} max={run.total} label={t("importMembers.progressLabel")} />
      {run.error && <Hint variant={run.status === "failed" ? "error" : "info"}>{run.error}</Hint>}
      {run.status === "done" && run.proposed > 0 && (
        <Text size="small">
          {t("importMembers.reviewBefore")}
          <Link to="/smaregi/members?status=link_pending" className="text-ui-fg-interactive">
            {t("importMembers.membersPage")}
          </Link>
          {t("importMembers.reviewAfter")}
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
  const t = useT()
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
      toast.success(r.started ? t("importMembers.importing") : t("importMembers.alreadyRunning"))
    },
    onError: (e) => toast.error(errorMessage(e)),
  })

  return (
    <FormSection
      id="import-members"
      title={t("importMembers.title")}
      japanese="既存会員の取り込み"
      description={t("importMembers.description")}
      actions={
        <>
          <Button size="small" variant="secondary" isLoading={preview.isPending} onClick={() => preview.mutate()} data-import-preview-button>
            <MagnifyingGlass />
            {t("importMembers.preview")}
          </Button>
          <Button size="small" variant="secondary" isLoading={start.isPending} disabled={running || !preview.data} onClick={() => start.mutate()} data-import-start>
            <ArrowDownTray />
            {t("importMembers.start")}
          </Button>
        </>
      }
    >
      <div className="flex flex-col gap-y-4 px-6 py-4">
        {!preview.data && <Text size="small" className="text-ui-fg-subtle">{t("importMembers.previewFirst")}</Text>}
        {preview.data && <PreviewCounts preview={preview.data} />}
        {run.data && <RunProgress run={run.data} />}
        {run.error && <Hint variant="error">{errorMessage(run.error)}</Hint>}
      </div>
    </FormSection>
  )
}
