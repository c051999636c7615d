import { useT } from "../lib/i18n"
import { Button, FocusModal, Heading, Hint, Label, Text, Textarea } from "@medusajs/ui"
import { useMutation } from "@tanstack/react-query"
import { useEffect, useState } from "react"
import { type Connection, type OrderPreview, errorMessage, transactionsApi } from "../lib/api"
import { OrderPreviewView } from "./order-preview"
import { Picker } from "./picker"

type DryRunModalProps = { open: boolean; onOpenChange: (open: boolean) => void; connections: Connection[] }

/** A pasted JSON envelope goes as `params`; anything else (a captured form body) as `body`. */
function dryRunInput(text: string): { params?: Record<string, unknown>; body?: string } {
  const trimmed = text.trim()
  if (trimmed.startsWith("{")) {
    try {
      return { params: JSON.parse(trimmed) as Record<string, unknown> }
    } catch {
      return { body: trimmed }
    }
  }
  return { body: trimmed }
}

export function DryRunModal({ open, onOpenChange, connections }: DryRunModalProps) {
  const t = useT()
  const [connectionId, setConnectionId] = useState<string | null>(null)
  const [payload, setPayload] = useState("")
  const [preview, setPreview] = useState<OrderPreview | null>(null)

  useEffect(() => {
    if (!connectionId && connections.length) setConnectionId(connections[0].id)
  }, [connections, connectionId])

  const run = useMutation({
    mutationFn: () => transactionsApi.dryRun({ connection_id: connectionId ?? "", ...dryRunInput(payload) }),
    onSuccess: setPreview,
    onError: () => setPreview(null),
  })

  return (
    <FocusModal open={open} onOpenChange={onOpenChange}>
      <FocusModal.Content>
        <FocusModal.Header>
          <div className="flex items-center justify-end gap-x-2">
            <FocusModal.Close asChild>
              <Button size="small" variant="secondary">
                {t("dryRun.close")}
              </Button>
            </FocusModal.Close>
            <Button size="small" onClick={() => run.mutate()} isLoading={run.isPending} disabled={!payload.trim() || !connectionId}>
              {t("dryRun.run")}
            </Button>
          </div>
        </FocusModal.Header>
        <FocusModal.Body className="flex flex-1 justify-center overflow-auto px-6 py-10">
          <div className="flex w-full max-w-4xl flex-col gap-y-6">
            <div>
              <FocusModal.Title asChild>
                <Heading>{t("transactions.dryRun")}</Heading>
              </FocusModal.Title>
              <FocusModal.Description asChild>
                <Text size="small" className="text-ui-fg-subtle">
                  {t("dryRun.description")}
                </Text>
              </FocusModal.Description>
            </div>
            <div className="flex flex-col gap-y-2">
              <Label htmlFor="dry-run-connection">{t("common.connection")}</Label>
              <Picker
                id="dry-run-connection"
                value={connectionId}
                options={connections.map((c) => ({ value: c.id, label: c.name }))}
                onChange={setConnectionId}
              />
            </div>
            <div className="flex flex-col gap-y-2">
              <Label htmlFor="dry-run-payload">{t("dryRun.payload")}</Label>
              <Textarea
                id="dry-run-payload"
                rows={12}
                className="font-mono text-xs"
                value={payload}
                onChange={(e) => setPayload(e.target.value)}
                placeholder='{"data":[{"table_name":"TransactionHead","rows":[…]},{"table_name":"TransactionDetail","rows":[…]}]}'
              />
            </div>
            {run.error && <Hint variant="error">{errorMessage(run.error)}</Hint>}
            {preview && <OrderPreviewView preview={preview} />}
          </div>
        </FocusModal.Body>
      </FocusModal.Content>
    </FocusModal>
  )
}
