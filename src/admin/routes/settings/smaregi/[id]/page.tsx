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
import { type StoreLocationRow, exportMappings, fromStoreRows, mappingsFromFile, toStoreRows } from "../../../../lib/mappings-file"
import { useStoreChoices } from "../../../../lib/store-data"

function identityOf(connection: Connection): Identity {
  return { name: connection.name, enabled: connection.enabled, agreementSecret: undefined, accessToken: undefined }
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
    (identity.accessToken !== undefined && identity.accessToken !== "")

  const save = useMutation({
    mutationFn: () => {
      const body: ConnectionBody = { name: identity.name, enabled: identity.enabled, settings: settingsToSave }
      // An opened but empty "Replace" keeps the stored secret; only "Remove" (null) clears it.
      if (identity.agreementSecret !== undefined && identity.agreementSecret !== "") body.agreement_secret = identity.agreementSecret
      if (identity.accessToken !== undefined && identity.accessToken !== "") body.access_token = identity.accessToken
      return smaregiApi.updateConnection(connection.id, body)
    },
    onSuccess: (saved) => {
      setErrors({})
      queryClient.setQueryData(["smaregi", "connection", connection.id], saved)
      void queryClient.invalidateQueries({ queryKey: ["smaregi", "connections"] })
      toast.success("Settings saved")
    },
    onError: (error) => {
      const parsed = parseFieldErrors(errorMessage(error))
      setErrors(parsed)
      toast.error(`Not saved: ${errorMessage(error)}`)
    },
  })

  const test = useMutation({
    mutationFn: () => smaregiApi.testConnection(connection.id),
    onSuccess: (r) => {
      const code = r.smaregi_error_code ?? r.error_code
      const message = r.ok
        ? `Smaregi answered: the connection works${r.total_count != null ? ` (${r.total_count} members)` : ""}.`
        : `Smaregi refused${code != null ? ` (${code})` : ""}: ${r.message ?? "unknown error"}`
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
      toast.success(`Connection "${connection.name}" deleted`)
      await queryClient.invalidateQueries({ queryKey: ["smaregi", "connections"] })
      navigate("/settings/smaregi")
    },
    onError: (error) => toast.error(errorMessage(error)),
  })

  const confirmDelete = async () => {
    const ok = await prompt({
      title: "Delete connection?",
      description: `"${connection.name}" stops receiving sales and pushing members. Imported orders stay.`,
      confirmText: "Delete",
      cancelText: "Cancel",
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
      toast.success(`Imported ${Object.keys(mappings).join(", ")} — review, then save`)
    } catch (error) {
      toast.error(`Could not import ${file.name}: ${errorMessage(error)}`)
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
            <StatusBadge color={connection.enabled ? "green" : "grey"}>{connection.enabled ? "Enabled" : "Disabled"}</StatusBadge>
          </div>
          <Text size="small" className="text-ui-fg-subtle">
            Smaregi connection settings · スマレジ連携設定
          </Text>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <Button size="small" variant="secondary" onClick={downloadMappings}>
            <ArrowDownTray />
            Export mappings
          </Button>
          <Button size="small" variant="secondary" onClick={() => fileInput.current?.click()}>
            <ArrowUpTray />
            Import mappings
          </Button>
          <input ref={fileInput} type="file" accept="application/json,.json" className="hidden" data-import-mappings onChange={importMappings} />
          <Button size="small" variant="secondary" onClick={confirmDelete} isLoading={remove.isPending}>
            <Trash />
            Delete
          </Button>
          <Button size="small" onClick={() => save.mutate()} isLoading={save.isPending} disabled={!dirty}>
            Save
          </Button>
        </div>
      </Container>

      {errorList.length > 0 && (
        <Alert variant="error" dismissible={false} data-error-summary>
          <Text size="small" weight="plus">
            Not saved — fix the fields below:
          </Text>
          <ul className="list-disc pl-5">
            {errorList.map(([field, message]) => (
              <li key={field}>
                <Text size="small">
                  {field === "_" ? message : `${fieldLabel(field)}: ${message}`}
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
        secretsSet={{ agreementSecret: connection.agreement_secret_set, accessToken: connection.access_token_set }}
        actions={
          <div className="flex flex-col items-end gap-y-1">
            <Button size="small" variant="secondary" onClick={() => test.mutate()} isLoading={test.isPending}>
              <Bolt />
              Test connection
            </Button>
            {dirty && (
              <Text size="xsmall" className="text-ui-fg-muted">
                Tests the saved credentials.
              </Text>
            )}
            <TestResult result={testResult} />
          </div>
        }
      />
      <SalesSection {...sectionProps} onResetFieldMapping={resetFieldMapping} onDownloadDefaultFieldMapping={downloadDefault} />
      <PullSalesSection connection={connection} />
      <InventorySection {...sectionProps} storeRows={storeRows} setStoreRows={setStoreRows} />
      <PointsSection {...sectionProps} />
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
            Unsaved changes
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
          Discard changes
        </Button>
        <Button size="small" onClick={() => save.mutate()} isLoading={save.isPending} disabled={!dirty} data-save-bottom>
          Save
        </Button>
      </Container>
    </div>
  )
}

const SmaregiConnectionPage = () => {
  const { id = "" } = useParams()
  const { data: connection, isLoading, error } = useQuery({
    queryKey: ["smaregi", "connection", id],
    queryFn: () => smaregiApi.connection(id),
  })
  if (isLoading) {
    return (
      <Container className="px-6 py-4">
        <Text size="small">Loading…</Text>
      </Container>
    )
  }
  if (error || !connection) {
    return (
      <Container className="px-6 py-4">
        <Text size="small" className="text-ui-fg-error">
          {error ? errorMessage(error) : "Connection not found"}
        </Text>
      </Container>
    )
  }
  return <ConnectionForm connection={connection} />
}

export default SmaregiConnectionPage
