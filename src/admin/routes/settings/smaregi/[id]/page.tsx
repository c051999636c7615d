import { reasonLabel, useT } from "../../../../lib/i18n"
import { ArrowDownTray, ArrowUpTray, Bolt, Trash } from "@medusajs/icons"
import { Alert, Button, Container, Heading, StatusBadge, Text, toast, usePrompt } from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { type ChangeEvent, useEffect, useMemo, useRef, useState } from "react"
import { useNavigate, useParams } from "react-router-dom"
import { InventorySection } from "../../../../components/connection/inventory-section"
import { MembersSection } from "../../../../components/connection/members-section"
import { NotificationsSection } from "../../../../components/connection/notifications-section"
import { PointsSection } from "../../../../components/connection/points-section"
import { PullSalesSection } from "../../../../components/connection/pull-sales-section"
import { ImportMembersSection } from "../../../../components/connection/import-members-section"
import { SalesSection } from "../../../../components/connection/sales-section"
import { type Identity, SecuritySection } from "../../../../components/connection/security-section"
import type { SetSetting } from "../../../../components/connection/types"
import {
  type Connection,
  type ConnectionBody,
  type ConnectionSettings,
  type FieldMappingEntry,
  errorMessage,
  get,
  listOf,
  smaregiApi,
} from "../../../../lib/api"
import { type FieldErrors, parseFieldErrors } from "../../../../lib/field-errors"
import { fieldLabel } from "../../../../lib/field-labels"
import { downloadJson, readJsonFile } from "../../../../lib/format"
import { MappingsFileError, type StoreLocationRow, exportMappings, fromStoreRows, mappingsFromFile, toStoreRows } from "../../../../lib/mappings-file"
import { useStoreChoices } from "../../../../lib/store-data"

function identityOf(connection: Connection): Identity {
  return {
    name: connection.name,
    enabled: connection.enabled,
    agreementSecret: undefined,
    accessToken: undefined,
    api: connection.api,
    clientSecret: undefined,
    webhookSecret: undefined,
  }
}

function defaultSettings(): Promise<ConnectionSettings> {
  return get<{ settings: ConnectionSettings }>("/admin/smaregi/ui/defaults").then((r) => r.settings)
}

async function defaultFieldMapping(): Promise<FieldMappingEntry[]> {
  return listOf<FieldMappingEntry>(await smaregiApi.defaultFieldMapping(), "field_mapping")
}

function TestResult({ result }: { result: { ok: boolean; message: string } | null }) {
  if (!result) return null
  return (
    <Text size="small" className={result.ok ? "text-ui-fg-interactive" : "text-ui-fg-error"} data-test-result={result.ok ? "ok" : "error"}>
      {result.message}
    </Text>
  )
}

function ConnectionForm({ connection }: { connection: Connection }) {
  const t = useT()
  const navigate = useNavigate()
  const prompt = usePrompt()
  const queryClient = useQueryClient()
  const choices = useStoreChoices()
  const fileInput = useRef<HTMLInputElement>(null)

  const [draft, setDraft] = useState<ConnectionSettings>(connection.settings)
  const [identity, setIdentity] = useState<Identity>(identityOf(connection))
  const [storeRows, setStoreRows] = useState<StoreLocationRow[]>(toStoreRows(connection.settings.storeLocations))
  const [errors, setErrors] = useState<FieldErrors>({})
  const [testResult, setTestResult] = useState<{ ok: boolean; message: string } | null>(null)

  useEffect(() => {
    setDraft(connection.settings)
    setIdentity(identityOf(connection))
    setStoreRows(toStoreRows(connection.settings.storeLocations))
  }, [connection])

  useEffect(() => {
    if (!Object.keys(errors).length) return
    document.querySelector("[data-field-error]")?.scrollIntoView({ behavior: "smooth", block: "center" })
  }, [errors])

  const set: SetSetting = (key, value) => setDraft((d) => ({ ...d, [key]: value }))
  const settingsToSave = useMemo(() => ({ ...draft, storeLocations: fromStoreRows(storeRows) }), [draft, storeRows])
  const dirty =
    JSON.stringify(settingsToSave) !== JSON.stringify(connection.settings) ||
    identity.name !== connection.name ||
    identity.enabled !== connection.enabled ||
    (identity.agreementSecret !== undefined && identity.agreementSecret !== "") ||
    (identity.accessToken !== undefined && identity.accessToken !== "") ||
    identity.api !== connection.api ||
    (identity.clientSecret !== undefined && identity.clientSecret !== "") ||
    (identity.webhookSecret !== undefined && identity.webhookSecret !== "")

  const save = useMutation({
    mutationFn: () => {
      const body: ConnectionBody = { name: identity.name, enabled: identity.enabled, settings: settingsToSave }
      // An opened but empty "Replace" keeps the stored secret; only "Remove" (null) clears it.
      if (identity.agreementSecret !== undefined && identity.agreementSecret !== "") body.agreement_secret = identity.agreementSecret
      if (identity.accessToken !== undefined && identity.accessToken !== "") body.access_token = identity.accessToken
      if (identity.api !== connection.api) body.api = identity.api
      if (identity.clientSecret !== undefined && identity.clientSecret !== "") body.client_secret = identity.clientSecret
      if (identity.webhookSecret !== undefined && identity.webhookSecret !== "") body.webhook_secret = identity.webhookSecret
      return smaregiApi.updateConnection(connection.id, body)
    },
    onSuccess: (saved) => {
      setErrors({})
      queryClient.setQueryData(["smaregi", "connection", connection.id], saved)
      void queryClient.invalidateQueries({ queryKey: ["smaregi", "connections"] })
      toast.success(t("form.page.saved"))
    },
    onError: (error) => {
      const parsed = parseFieldErrors(errorMessage(error))
      setErrors(parsed)
      toast.error(t("form.page.notSaved", { message: errorMessage(error) }))
    },
  })

  const test = useMutation({
    mutationFn: () => smaregiApi.testConnection(connection.id),
    onSuccess: (r) => {
      const code = r.smaregi_error_code ?? r.error_code
      const message = r.ok
        ? r.total_count != null
          ? t("form.page.testOkCount", { count: r.total_count })
          : t("form.page.testOk")
        : t("form.page.testRefused", { code: code != null ? ` (${code})` : "", message: r.error_code ? `${reasonLabel(t, r.error_code)} — ${r.message ?? ""}` : r.message ?? t("form.page.unknownError") })
      setTestResult({ ok: r.ok, message })
      if (r.ok) toast.success(message)
      else toast.error(message)
    },
    onError: (error) => {
      setTestResult({ ok: false, message: errorMessage(error) })
      toast.error(errorMessage(error))
    },
  })

  const remove = useMutation({
    mutationFn: () => smaregiApi.deleteConnection(connection.id),
    onSuccess: async () => {
      toast.success(t("form.page.deleted", { name: connection.name }))
      await queryClient.invalidateQueries({ queryKey: ["smaregi", "connections"] })
      navigate("/settings/smaregi")
    },
    onError: (error) => toast.error(errorMessage(error)),
  })

  const confirmDelete = async () => {
    const ok = await prompt({
      title: t("form.page.deleteTitle"),
      description: t("form.page.deleteDescription", { name: connection.name }),
      confirmText: t("form.page.delete"),
      cancelText: t("common.cancel"),
    })
    if (ok) remove.mutate()
  }

  const downloadMappings = () => {
    downloadJson(`smaregi-mappings-${connection.name.replace(/[^\w-]+/g, "_")}.json`, exportMappings(settingsToSave))
  }

  const importMappings = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.target.files?.[0]
    e.target.value = ""
    if (!file) return
    try {
      const mappings = mappingsFromFile(await readJsonFile(file))
      setDraft((d) => ({ ...d, ...mappings }))
      if (mappings.storeLocations) setStoreRows(toStoreRows(mappings.storeLocations))
      toast.success(t("form.page.imported", { keys: Object.keys(mappings).join(", ") }))
    } catch (error) {
      toast.error(
        t("form.page.importFailed", {
          file: file.name,
          message: error instanceof MappingsFileError ? t.dynamic(`mappingsFile.${error.code}`, error.message, error.vars) : errorMessage(error),
        })
      )
    }
  }

  const downloadDefault = async () => {
    try {
      downloadJson("smaregi-default-field-mapping.json", await defaultFieldMapping())
    } catch (error) {
      toast.error(errorMessage(error))
    }
  }

  const resetFieldMapping = async () => {
    try {
      set("fieldMapping", await defaultFieldMapping())
    } catch (error) {
      toast.error(errorMessage(error))
    }
  }

  const resetMemberFieldMapping = async () => {
    try {
      set("memberFieldMapping", (await defaultSettings()).memberFieldMapping)
    } catch (error) {
      toast.error(errorMessage(error))
    }
  }

  const errorList = Object.entries(errors)
  const sectionProps = { draft, set, errors, choices }

  return (
    <div className="flex flex-col gap-y-3 pb-16">
      <Container className="flex flex-wrap items-center justify-between gap-4 px-6 py-4">
        <div>
          <div className="flex items-center gap-x-2">
            <Heading level="h1">{connection.name}</Heading>
            <StatusBadge color={connection.enabled ? "green" : "grey"}>{connection.enabled ? t("common.enabled") : t("common.disabled")}</StatusBadge>
          </div>
          <Text size="small" className="text-ui-fg-subtle">
            {t("form.page.subtitle")}
          </Text>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Button size="small" variant="secondary" onClick={downloadMappings}>
            <ArrowDownTray />
            {t("form.page.exportMappings")}
          </Button>
          <Button size="small" variant="secondary" onClick={() => fileInput.current?.click()}>
            <ArrowUpTray />
            {t("form.page.importMappings")}
          </Button>
          <input ref={fileInput} type="file" accept="application/json,.json" className="hidden" data-import-mappings onChange={importMappings} />
          <Button size="small" variant="secondary" onClick={confirmDelete} isLoading={remove.isPending}>
            <Trash />
            {t("form.page.delete")}
          </Button>
          <Button size="small" onClick={() => save.mutate()} isLoading={save.isPending} disabled={!dirty}>
            {t("form.page.save")}
          </Button>
        </div>
      </Container>

      {errorList.length > 0 && (
        <Alert variant="error" dismissible={false} data-error-summary>
          <Text size="small" weight="plus">
            {t("form.page.fixFields")}
          </Text>
          <ul className="list-disc pl-5">
            {errorList.map(([field, message]) => (
              <li key={field}>
                <Text size="small">
                  {field === "_" ? message : `${fieldLabel(t, field)}: ${message}`}
                </Text>
              </li>
            ))}
          </ul>
        </Alert>
      )}

      <SecuritySection
        {...sectionProps}
        identity={identity}
        setIdentity={setIdentity}
        secretsSet={{
          agreementSecret: connection.agreement_secret_set,
          accessToken: connection.access_token_set,
          clientSecret: connection.client_secret_set,
          webhookSecret: connection.webhook_secret_set,
        }}
        actions={
          <div className="flex flex-col items-end gap-y-1">
            <Button size="small" variant="secondary" onClick={() => test.mutate()} isLoading={test.isPending}>
              <Bolt />
              {t("form.page.test")}
            </Button>
            {dirty && (
              <Text size="xsmall" className="text-ui-fg-muted">
                {t("form.page.testsSaved")}
              </Text>
            )}
            <TestResult result={testResult} />
          </div>
        }
      />
      <SalesSection {...sectionProps} onResetFieldMapping={resetFieldMapping} onDownloadDefaultFieldMapping={downloadDefault} />
      <PullSalesSection connection={connection} />
      <InventorySection {...sectionProps} storeRows={storeRows} setStoreRows={setStoreRows} />
      <PointsSection {...sectionProps} planLacks={connection.plan_lacks} />
      <MembersSection
        {...sectionProps}
        onResetMemberFieldMapping={resetMemberFieldMapping}
        customerIdFloor={{ floor: connection.customer_id_floor, readAt: connection.customer_id_floor_read_at }}
      />
      <ImportMembersSection connection={connection} />
      <NotificationsSection {...sectionProps} />

      <Container className="flex items-center justify-end gap-x-2 px-6 py-4">
        {dirty && (
          <Text size="small" className="text-ui-fg-muted mr-auto">
            {t("form.page.unsaved")}
          </Text>
        )}
        <Button
          size="small"
          variant="secondary"
          disabled={!dirty}
          onClick={() => {
            setDraft(connection.settings)
            setIdentity(identityOf(connection))
            setStoreRows(toStoreRows(connection.settings.storeLocations))
            setErrors({})
          }}
        >
          {t("form.page.discard")}
        </Button>
        <Button size="small" onClick={() => save.mutate()} isLoading={save.isPending} disabled={!dirty} data-save-bottom>
          {t("form.page.save")}
        </Button>
      </Container>
    </div>
  )
}

const SmaregiConnectionPage = () => {
  const t = useT()
  const { id = "" } = useParams()
  const { data: connection, isLoading, error } = useQuery({
    queryKey: ["smaregi", "connection", id],
    queryFn: () => smaregiApi.connection(id),
  })
  if (isLoading) {
    return (
      <Container className="px-6 py-4">
        <Text size="small">{t("common.loading")}</Text>
      </Container>
    )
  }
  if (error || !connection) {
    return (
      <Container className="px-6 py-4">
        <Text size="small" className="text-ui-fg-error">
          {error ? errorMessage(error) : t("form.page.notFound")}
        </Text>
      </Container>
    )
  }
  return <ConnectionForm connection={connection} />
}

export default SmaregiConnectionPage
