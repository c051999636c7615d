import { useT } from "../lib/i18n"
import { PlaySolid, StopCircleSolid } from "@medusajs/icons"
import { Button, Container, Heading, Hint, Label, Text, toast } from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useEffect, useState } from "react"
import { type Backfill, type BackfillCount, type Connection, errorMessage, membersApi } from "../lib/api"
import { formatDateTime } from "../lib/format"
import { Picker } from "./picker"
import { ProgressBar } from "./progress-bar"
import { BackfillStatusBadge } from "./status-badges"

/** OUT-7 backfill of all existing customers: start, stop, resume, with live progress. */
export function BackfillPanel({ connections }: { connections: Connection[] }) {
  const t = useT()
  const queryClient = useQueryClient()
  const [connectionId, setConnectionId] = useState<string | null>(null)
  const [count, setCount] = useState<BackfillCount | null>(null)

  useEffect(() => {
    if (!connectionId && connections.length) setConnectionId(connections[0].id)
  }, [connections, connectionId])

  const latest = useQuery({
    queryKey: ["smaregi", "backfills", connectionId],
    queryFn: () => membersApi.latestBackfills(connectionId ?? undefined),
    enabled: !!connectionId,
    refetchInterval: (query) => (query.state.data?.[0]?.status === "running" ? 1000 : false),
  })
  const backfill: Backfill | undefined = latest.data?.[0]
  const running = backfill?.status === "running"

  useEffect(() => {
    if (backfill && !running) void queryClient.invalidateQueries({ queryKey: ["smaregi", "members"] })
  }, [backfill?.status, running, backfill, queryClient])

  const refresh = () => queryClient.invalidateQueries({ queryKey: ["smaregi", "backfills", connectionId] })

  const countCustomers = useMutation({
    mutationFn: () => membersApi.startBackfill(connectionId as string, true),
    onSuccess: (r) => setCount(r.count),
    onError: (e) => toast.error(errorMessage(e)),
  })
  const start = useMutation({
    mutationFn: () => membersApi.startBackfill(connectionId as string),
    onSuccess: async (r) => {
      toast.success(r.resumed ? t("backfill.resumed") : t("backfill.started", { count: r.count.registered }))
      await refresh()
    },
    onError: (e) => toast.error(errorMessage(e)),
  })
  const stop = useMutation({
    mutationFn: () => membersApi.stopBackfill(backfill?.id as string),
    onSuccess: async () => {
      toast.success(t("backfill.stopping"))
      await refresh()
    },
    onError: (e) => toast.error(errorMessage(e)),
  })

  const processed = backfill ? backfill.done + backfill.failed + backfill.skipped : 0
  const resumable = backfill?.status === "stopped" || backfill?.status === "failed"

  return (
    <Container className="flex flex-col gap-y-4 px-6 py-4" data-backfill-panel>
      <div>
        <Heading level="h2">{t("backfill.title")}</Heading>
        <Text size="small" className="text-ui-fg-subtle">
          {t("backfill.description")}
        </Text>
      </div>
      <div className="flex flex-wrap items-end gap-3">
        <div className="flex min-w-[16rem] flex-col gap-y-1">
          <Label htmlFor="backfill-connection" size="small">
            {t("common.connection")}
          </Label>
          <Picker
            id="backfill-connection"
            value={connectionId}
            options={connections.map((c) => ({ value: c.id, label: c.name }))}
            onChange={(v) => {
              setConnectionId(v)
              setCount(null)
            }}
          />
        </div>
        <Button size="small" variant="secondary" disabled={!connectionId} isLoading={countCustomers.isPending} onClick={() => countCustomers.mutate()}>
          {t("backfill.count")}
        </Button>
        {running ? (
          <Button size="small" variant="danger" isLoading={stop.isPending} onClick={() => stop.mutate()}>
            <StopCircleSolid />
            {t("backfill.stop")}
          </Button>
        ) : (
          <Button size="small" disabled={!connectionId} isLoading={start.isPending} onClick={() => start.mutate()}>
            <PlaySolid />
            {resumable ? t("backfill.resume") : t("backfill.start")}
          </Button>
        )}
      </div>
      {count !== null && (
        <Text size="small" data-backfill-count={count.eligible ?? count.registered}>
          {t("backfill.registered", { count: count.registered })}
          {count.eligible !== null && count.eligible !== count.registered ? t("backfill.approved", { count: count.eligible }) : ""}
          {t("backfill.alreadySynced", { count: count.already_synced })}
        </Text>
      )}
      {backfill && (
        <div className="flex flex-col gap-y-2" data-backfill={backfill.id}>
          <div className="flex items-center justify-between gap-x-2">
            <div className="flex items-center gap-x-2">
              <BackfillStatusBadge status={backfill.status} />
              <Text size="small">
                {t("backfill.progress", { processed, total: backfill.total, done: backfill.done, failed: backfill.failed, skipped: backfill.skipped })}
                {backfill.remaining !== undefined ? t("backfill.remaining", { count: backfill.remaining }) : ""}
              </Text>
            </div>
            <Text size="xsmall" className="text-ui-fg-muted">
              {backfill.finished_at ? t("form.pull.finished", { at: formatDateTime(backfill.finished_at) }) : backfill.created_at ? t("form.pull.started", { at: formatDateTime(backfill.created_at) }) : ""}
            </Text>
          </div>
          <ProgressBar value={processed} max={backfill.total} label={t("backfill.progressLabel")} />
          {backfill.last_error && <Hint variant="error">{backfill.last_error}</Hint>}
        </div>
      )}
    </Container>
  )
}
