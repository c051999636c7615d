import { useT } from "../../lib/i18n"
import { ArrowPath, CalendarSolid } from "@medusajs/icons"
import { Button, Hint, Input, Label, Text, toast } from "@medusajs/ui"
import { useMutation, useQuery } from "@tanstack/react-query"
import { useEffect, useState } from "react"
import { type Connection, type PullRun, errorMessage, smaregiApi } from "../../lib/api"
import { formatDateTime, formatSmaregiTime, jstToday } from "../../lib/format"
import { FormSection } from "../form-section"
import { ProgressBar } from "../progress-bar"
import { PullStatusBadge } from "../status-badges"

function RunProgress({ run }: { run: PullRun }) {
  const t = useT()
  const what = run.kind === "past_sales" ? t("form.pull.salesOf", { from: run.date_from ?? "", to: run.date_to ?? "" }) : t("form.pull.sinceLast")
  return (
    <div className="flex flex-col gap-y-2" data-pull-run={run.id} data-pull-kind={run.kind} data-pull-status={run.status}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <div className="flex items-center gap-x-2">
          <PullStatusBadge status={run.status} />
          <Text size="small">
            {what}: {t("form.pull.progress", { done: run.windows_done, total: run.windows_total, heads: run.heads, imported: run.imported, skipped: run.skipped, failed: run.failed, known: run.known })}
          </Text>
        </div>
        <Text size="xsmall" className="text-ui-fg-muted">
          {run.finished_at ? t("form.pull.finished", { at: formatDateTime(run.finished_at) }) : t("form.pull.started", { at: formatDateTime(run.created_at) })}
        </Text>
      </div>
      <ProgressBar value={run.windows_done} max={run.windows_total} label={t("form.pull.progressLabel")} />
      {run.error && <Hint variant={run.status === "failed" ? "error" : "info"}>{run.error}</Hint>}
    </div>
  )
}

/**
 * "Pull sales now" (everything since the last pull) and "Import past sales…" (sales made on chosen days),
 * both through the same inbox and import as pushed sales; progress is polled while the pull runs.
 */
export function PullSalesSection({ connection }: { connection: Connection }) {
  const t = useT()
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
      toast.success(range ? t("form.pull.importing", { from: range.from, to: range.to }) : t("form.pull.pulling"))
    },
    onError: (error) => toast.error(errorMessage(error)),
  })

  const rangeError = !from ? t("form.pull.chooseFirst") : to && from > to ? t("form.pull.firstAfterLast") : null

  return (
    <FormSection
      id="pull-sales"
      title={t("form.pull.title")}
      japanese="取引の取り込み"
      description={t("form.pull.description")}
      actions={
        <>
          <Button size="small" variant="secondary" disabled={running} onClick={() => setPastOpen((o) => !o)} data-import-past-sales>
            <CalendarSolid />
            {t("form.pull.importPast")}
          </Button>
          <Button size="small" variant="secondary" isLoading={start.isPending && !start.variables} disabled={running} onClick={() => start.mutate(undefined)} data-pull-now>
            <ArrowPath />
            {t("form.pull.now")}
          </Button>
        </>
      }
    >
      <div className="flex flex-col gap-y-4 px-6 py-4">
        <Text size="small" className="text-ui-fg-subtle">
          {t("form.pull.lastPulled")} <span data-pull-watermark>{watermark.data ? formatSmaregiTime(watermark.data) : t("common.never")}</span>
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
                {t("form.pull.firstDay")}
              </Label>
              <Input id="pull-from" type="date" size="small" value={from} max={to || undefined} onChange={(e) => setFrom(e.target.value)} />
            </div>
            <div className="flex flex-col gap-y-1">
              <Label htmlFor="pull-to" size="small">
                {t("form.pull.lastDay")}
              </Label>
              <Input id="pull-to" type="date" size="small" value={to} min={from || undefined} onChange={(e) => setTo(e.target.value)} />
            </div>
            <Button size="small" type="submit" disabled={!!rangeError} isLoading={start.isPending && !!start.variables}>
              {t("form.pull.import")}
            </Button>
            <Button size="small" variant="transparent" type="button" onClick={() => setPastOpen(false)}>
              {t("common.cancel")}
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
