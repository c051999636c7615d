import { defineRouteConfig } from "@medusajs/admin-sdk"
import { BuildingStorefront, PlusMini } from "@medusajs/icons"
import {
  Badge,
  Button,
  Container,
  FocusModal,
  Heading,
  Hint,
  Input,
  Label,
  StatusBadge,
  Switch,
  Table,
  Text,
  toast,
} from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { type FormEvent, type ReactNode, useState } from "react"
import { Link, useNavigate } from "react-router-dom"
import { Picker } from "../../../components/picker"
import { type Connection, errorMessage, smaregiApi } from "../../../lib/api"
import { type FieldErrors, parseFieldErrors } from "../../../lib/field-errors"
import { formatDateTime } from "../../../lib/format"
import { type Translate, useT } from "../../../lib/i18n"

const modeLabel = (t: Translate, mode: string) =>
  mode === "create_only" ? t("settingsList.modeCreateOnly") : mode === "create_update_cancel" ? t("settingsList.modeCreateUpdateCancel") : mode

function ConnectionRow({ connection }: { connection: Connection }) {
  const t = useT()
  const navigate = useNavigate()
  const s = connection.settings
  return (
    <Table.Row className="cursor-pointer" onClick={() => navigate(`/settings/smaregi/${connection.id}`)}>
      <Table.Cell>
        <Link to={`/settings/smaregi/${connection.id}`} className="text-ui-fg-interactive" onClick={(e) => e.stopPropagation()}>
          {connection.name}
        </Link>
      </Table.Cell>
      <Table.Cell>
        <StatusBadge color={connection.enabled ? "green" : "grey"}>{connection.enabled ? t("common.enabled") : t("common.disabled")}</StatusBadge>
      </Table.Cell>
      <Table.Cell>{s.contractId ?? "—"}</Table.Cell>
      <Table.Cell>{s.importEnabled ? modeLabel(t, s.mode) : t("common.off")}</Table.Cell>
      <Table.Cell>{s.memberSyncEnabled ? t("common.on") : t("common.off")}</Table.Cell>
      <Table.Cell>
        <Badge size="2xsmall" color={credentialSet(connection) ? "green" : "orange"}>
          {credentialSet(connection) ? t("common.set") : t("common.notSet")}
        </Badge>
      </Table.Cell>
      <Table.Cell>{formatDateTime(connection.updated_at)}</Table.Cell>
    </Table.Row>
  )
}

// A Platform API connection authenticates with its client secret instead of an access token.
const credentialSet = (c: Connection) => (c.api === "platform" ? c.client_secret_set : c.access_token_set)

/** One field of the create form: its label, an optional hint, the control and the API's message. */
function CreateField({ id, label, hint, error, children }: { id: string; label: string; hint?: string; error: ReactNode; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-y-2">
      <Label htmlFor={id}>{label}</Label>
      {hint && (
        <Text size="xsmall" className="text-ui-fg-muted">
          {hint}
        </Text>
      )}
      {children}
      {error}
    </div>
  )
}

/** A secret typed once: hidden, and never filled in from the browser's saved passwords. */
function NewSecretInput({ id, value, onChange }: { id: string; value: string; onChange: (value: string) => void }) {
  return <Input id={id} type="password" autoComplete="new-password" value={value} onChange={(e) => onChange(e.target.value)} />
}

function CreateConnectionModal({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const t = useT()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [name, setName] = useState("")
  const [enabled, setEnabled] = useState(true)
  const [agreementSecret, setAgreementSecret] = useState("")
  const [accessToken, setAccessToken] = useState("")
  const [contractId, setContractId] = useState("")
  const [api, setApi] = useState<"v2" | "platform">("v2")
  const [clientId, setClientId] = useState("")
  const [clientSecret, setClientSecret] = useState("")
  const [errors, setErrors] = useState<FieldErrors>({})

  const create = useMutation({
    mutationFn: () =>
      smaregiApi.createConnection({
        name,
        enabled,
        api,
        ...(api === "v2" && agreementSecret ? { agreement_secret: agreementSecret } : {}),
        ...(api === "v2" && accessToken ? { access_token: accessToken } : {}),
        ...(api === "platform" && clientSecret ? { client_secret: clientSecret } : {}),
        settings: {
          ...(contractId ? { contractId } : {}),
          ...(api === "platform" && clientId ? { platform: { clientId } as never } : {}),
        },
      }),
    onSuccess: async (connection) => {
      toast.success(t("settingsList.created", { name: connection.name }))
      await queryClient.invalidateQueries({ queryKey: ["smaregi", "connections"] })
      onOpenChange(false)
      navigate(`/settings/smaregi/${connection.id}`)
    },
    onError: (error) => {
      setErrors(parseFieldErrors(errorMessage(error)))
      toast.error(errorMessage(error))
    },
  })

  const submit = (e: FormEvent) => {
    e.preventDefault()
    setErrors({})
    create.mutate()
  }

  const fieldError = (key: string) =>
    errors[key] ? (
      <Hint variant="error" data-field-error={key}>
        {errors[key]}
      </Hint>
    ) : null

  return (
    <FocusModal open={open} onOpenChange={onOpenChange}>
      <FocusModal.Content>
        <form onSubmit={submit} className="flex h-full flex-col">
          <FocusModal.Header>
            <div className="flex items-center justify-end gap-x-2">
              <FocusModal.Close asChild>
                <Button size="small" variant="secondary" type="button">
                  {t("common.cancel")}
                </Button>
              </FocusModal.Close>
              <Button size="small" type="submit" isLoading={create.isPending}>
                {t("common.create")}
              </Button>
            </div>
          </FocusModal.Header>
          <FocusModal.Body className="flex flex-1 justify-center overflow-auto px-6 py-16">
            <div className="flex w-full max-w-lg flex-col gap-y-6">
              <div>
                <FocusModal.Title asChild>
                  <Heading>{t("settingsList.createTitle")}</Heading>
                </FocusModal.Title>
                <FocusModal.Description asChild>
                  <Text size="small" className="text-ui-fg-subtle">
                    {t("settingsList.createDescription")}
                  </Text>
                </FocusModal.Description>
              </div>
              {errors._ && <Hint variant="error">{errors._}</Hint>}
              <CreateField id="create-name" label={t("settingsList.name")} error={fieldError("name")}>
                <Input id="create-name" value={name} onChange={(e) => setName(e.target.value)} placeholder={t("settingsList.namePlaceholder")} />
              </CreateField>
              <CreateField id="create-contract" label={t("settingsList.contractId")} hint={t("settingsList.contractIdHint")} error={fieldError("settings.contractId")}>
                <Input id="create-contract" value={contractId} onChange={(e) => setContractId(e.target.value)} />
              </CreateField>
              <CreateField id="create-api" label={t("platform.api")} error={fieldError("api")}>
                <Picker
                  id="create-api"
                  value={api}
                  options={[
                    { value: "v2", label: t("platform.apiV2") },
                    { value: "platform", label: t("platform.apiPlatform") },
                  ]}
                  onChange={(v) => v && setApi(v as "v2" | "platform")}
                />
              </CreateField>
              {api === "v2" ? (
                <>
                  <CreateField id="create-agreement" label={t("settingsList.agreement")} hint={t("settingsList.agreementHint")} error={fieldError("agreement_secret")}>
                    <NewSecretInput id="create-agreement" value={agreementSecret} onChange={setAgreementSecret} />
                  </CreateField>
                  <CreateField id="create-token" label={t("settingsList.accessToken")} hint={t("settingsList.accessTokenHint")} error={fieldError("access_token")}>
                    <NewSecretInput id="create-token" value={accessToken} onChange={setAccessToken} />
                  </CreateField>
                </>
              ) : (
                <>
                  <CreateField id="create-client-id" label={t("platform.clientId")} error={fieldError("settings.platform.clientId")}>
                    <Input id="create-client-id" value={clientId} onChange={(e) => setClientId(e.target.value)} />
                  </CreateField>
                  <CreateField id="create-client-secret" label={t("platform.clientSecret")} hint={t("platform.clientSecretHelp")} error={fieldError("client_secret")}>
                    <NewSecretInput id="create-client-secret" value={clientSecret} onChange={setClientSecret} />
                  </CreateField>
                </>
              )}
              <div className="flex items-center gap-x-2">
                <Switch id="create-enabled" checked={enabled} onCheckedChange={setEnabled} />
                <Label htmlFor="create-enabled">{t("common.enabled")}</Label>
              </div>
            </div>
          </FocusModal.Body>
        </form>
      </FocusModal.Content>
    </FocusModal>
  )
}

const SmaregiSettingsPage = () => {
  const t = useT()
  const [creating, setCreating] = useState(false)
  const { data: connections = [], isLoading, error } = useQuery({
    queryKey: ["smaregi", "connections"],
    queryFn: smaregiApi.connections,
  })

  return (
    <div className="flex flex-col gap-y-3">
      <Container className="divide-y p-0">
        <div className="flex items-center justify-between px-6 py-4">
          <div>
            <Heading level="h1">{t("nav.smaregi")}</Heading>
            <Text size="small" className="text-ui-fg-subtle">
              {t("settingsList.description")}
            </Text>
          </div>
          <Button size="small" variant="secondary" onClick={() => setCreating(true)}>
            <PlusMini />
            {t("settingsList.createConnection")}
          </Button>
        </div>
        {error && (
          <div className="px-6 py-4">
            <Hint variant="error">{errorMessage(error)}</Hint>
          </div>
        )}
        <Table>
          <Table.Header>
            <Table.Row>
              <Table.HeaderCell>{t("settingsList.colName")}</Table.HeaderCell>
              <Table.HeaderCell>{t("settingsList.colStatus")}</Table.HeaderCell>
              <Table.HeaderCell>{t("settingsList.colContract")}</Table.HeaderCell>
              <Table.HeaderCell>{t("settingsList.colSalesIn")}</Table.HeaderCell>
              <Table.HeaderCell>{t("settingsList.colMembersOut")}</Table.HeaderCell>
              <Table.HeaderCell>{t("settingsList.colAccessToken")}</Table.HeaderCell>
              <Table.HeaderCell>{t("settingsList.colUpdated")}</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {!isLoading && connections.length === 0 && (
              <Table.Row>
                <td colSpan={7} className="px-6 py-3">
                  <Text size="small" className="text-ui-fg-muted">
                    {t("settingsList.empty")}
                  </Text>
                </td>
              </Table.Row>
            )}
            {connections.map((c) => (
              <ConnectionRow key={c.id} connection={c} />
            ))}
          </Table.Body>
        </Table>
      </Container>
      <CreateConnectionModal open={creating} onOpenChange={setCreating} />
    </div>
  )
}

export const config = defineRouteConfig({
  label: "nav.smaregi",
  translationNs: "smaregi",
  icon: BuildingStorefront,
})

export default SmaregiSettingsPage
