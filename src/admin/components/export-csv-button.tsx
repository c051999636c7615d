import { ArrowDownTray } from "@medusajs/icons"
import { Button, toast } from "@medusajs/ui"
import { useState } from "react"
import { downloadCsv } from "../lib/api"
import { useT } from "../lib/i18n"

type ExportCsvButtonProps = { path: string; filter: Record<string, string | undefined> }

/** Downloads the list as the filter shows it (status, connection, search), every page, as CSV. */
export function ExportCsvButton({ path, filter }: ExportCsvButtonProps) {
  const t = useT()
  const [busy, setBusy] = useState(false)
  const run = async () => {
    setBusy(true)
    try {
      await downloadCsv(path, filter)
    } catch (error) {
      toast.error(t("common.exportFailed", { message: error instanceof Error ? error.message : String(error) }))
    } finally {
      setBusy(false)
    }
  }
  return (
    <Button size="small" variant="secondary" onClick={run} isLoading={busy}>
      <ArrowDownTray />
      {t("common.exportCsv")}
    </Button>
  )
}
