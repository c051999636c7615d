import { ArrowPath, CalendarSolid } from "@medusajs/icons"
import { Button, Hint, Input, Label, Text, toast } from "@medusajs/ui"
import { useMutation, useQuery } from "@tanstack/react-query"
import { useEffect, useState } from "react"
import { type Connection, type PullRun, errorMessage, smaregiApi } from "../../lib/api"
import { formatDateTime, formatSmaregiTime } from "../../lib/format"
import { FormSection } from "../form-section"
import { ProgressBar } from "../progress-bar"
import { PullStatusBadge } from "../status-badges"

/** Today in JST as "YYYY-MM-DD" (Smaregi's dates are JST whatever the browser's zone). */
function jstToday(): string {
  return new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10)
}

function RunProgress({ run }: { run: PullRun }) {
  const what = run.kind === "past_sales" ? `Sales of ${run.date_from} – ${run.date_to}` : "Sales since the last pull"
  return (
    <div className="flex flex-col gap-y-2" data-pull-run={run.id} data-pull-kind={run.kind} data-pull-status={run.status}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex items-center gap-x-2">
          <PullStatusBadge status={run.status} />
          <Text size="small">
            {what}: window {run.windows_done} / {run.windows_total} · {run.heads} sale(s) read · {run.imported} imported · {run.skipped} skipped ·{" "}
            {run.failed} failed · {run.known} already here
          </Text>
        </div>
        <Text size="xsmall" className="text-ui-fg-muted">
          {run.finished_at ? `finished ${formatDateTime(run.finished_at)}` : `started ${formatDateTime(run.created_at)}`}
        </Text>
      </div>
      <ProgressBar value={run.windows_done} max={run.windows_total} label="Pull progress" />
      {run.error && <Hint variant={run.status === "failed" ? "error" : "info"}>{run.error}</Hint>}
    </div>
  )
}

/**
 * "Pull sales now" (everything since the last pull) and "Import past sales…" (sales made on chosen days),
 * both through the same inbox and import as pushed sales; progress is polled while the pull runs.
 */
export function PullSalesSection({ connection }: { connection: Connection }) {
  const [runId, setRunId] = useState<string | null>(null)
  const [pastOpen, setPastOpen] = useState(false)
  const [from, setFrom] = useState("")
  const [to, setTo] = useState(jstToday())

  const run = useQuery({
    queryKey: ["smaregi", "pull-run", connection.id, runId],
    queryFn: () => smaregiApi.pullRun(connection.id, runId as string),
    enabled: !!runId,
    refetchInterval: (query) => (query.state.data?.status === "running" || !query.state.data ? 1000 : false),
  })
  const running = run.data?.status === "running"
  // Its own query, not the form's: refreshing the form's connection would discard unsaved edits.
  const watermark = useQuery({
    queryKey: ["smaregi", "connection-watermark", connection.id],
    queryFn: () => smaregiApi.connection(connection.id).then((c) => c.reconcile_watermark),
    initialData: connection.reconcile_watermark,
  })
  const finished = run.data && run.data.status !== "running"
  useEffect(() => {
    if (finished) void watermark.refetch()
  }, [finished, run.data?.id])

  const start = useMutation({
    mutationFn: (range?: { from: string; to: string }) => smaregiApi.startPull(connection.id, range),
    onSuccess: (id, range) => {
      setRunId(id)
      setPastOpen(false)
      toast.success(range ? `Importing sales of ${range.from} – ${range.to}` : "Pulling sales from Smaregi")
    },
    onError: (error) => toast.error(errorMessage(error)),
  })

  const rangeError = !from ? "Choose the first day" : to && from > to ? "The first day is after the last day" : null

  return (
    <FormSection
      id="pull-sales"
      title="Pull sales from Smaregi"
      japanese="取引の取り込み"
      description="Fetch sales the push may have missed, or import sales made before the connection existed. They go through the same import as pushed sales; sales already here are not imported twice."
      actions={
        <>
          <Button size="small" variant="secondary" disabled={running} onClick={() => setPastOpen((o) => !o)} data-import-past-sales>
            <CalendarSolid />
            Import past sales…
          </Button>
          <Button size="small" variant="secondary" isLoading={start.isPending && !start.variables} disabled={running} onClick={() => start.mutate(undefined)} data-pull-now>
            <ArrowPath />
            Pull sales now
          </Button>
        </>
      }
    >
      <div className="flex flex-col gap-y-4 px-6 py-4">
        <Text size="small" className="text-ui-fg-subtle">
          Last pulled up to: <span data-pull-watermark>{watermark.data ? formatSmaregiTime(watermark.data) : "never"}</span>
        </Text>
        {pastOpen && (
          <form
            className="flex flex-wrap items-end gap-3"
            data-past-sales-form
            onSubmit={(e) => {
              e.preventDefault()
              if (!rangeError) start.mutate({ from, to: to || jstToday() })
            }}
          >
            <div className="flex flex-col gap-y-1">
              <Label htmlFor="pull-from" size="small">
                First day (JST)
              </Label>
              <Input id="pull-from" type="date" size="small" value={from} max={to || undefined} onChange={(e) => setFrom(e.target.value)} />
            </div>
            <div className="flex flex-col gap-y-1">
              <Label htmlFor="pull-to" size="small">
                Last day (JST)
              </Label>
              <Input id="pull-to" type="date" size="small" value={to} min={from || undefined} onChange={(e) => setTo(e.target.value)} />
            </div>
            <Button size="small" type="submit" disabled={!!rangeError} isLoading={start.isPending && !!start.variables}>
              Import
            </Button>
            <Button size="small" variant="transparent" type="button" onClick={() => setPastOpen(false)}>
              Cancel
            </Button>
            {from && rangeError && <Hint variant="error">{rangeError}</Hint>}
          </form>
        )}
        {run.data && <RunProgress run={run.data} />}
        {run.error && <Hint variant="error">{errorMessage(run.error)}</Hint>}
      </div>
    </FormSection>
  )
}
