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
import { type FormEvent, useState } from "react"
import { Link, useNavigate } from "react-router-dom"
import { type Connection, errorMessage, smaregiApi } from "../../../lib/api"
import { type FieldErrors, parseFieldErrors } from "../../../lib/field-errors"
import { formatDateTime } from "../../../lib/format"

const MODE_LABELS: Record<string, string> = {
  create_only: "Create only",
  create_update_cancel: "Create, update and cancel",
}

function ConnectionRow({ connection }: { connection: Connection }) {
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
        <StatusBadge color={connection.enabled ? "green" : "grey"}>{connection.enabled ? "Enabled" : "Disabled"}</StatusBadge>
      </Table.Cell>
      <Table.Cell>{s.contractId ?? "—"}</Table.Cell>
      <Table.Cell>{s.importEnabled ? MODE_LABELS[s.mode] ?? s.mode : "Off"}</Table.Cell>
      <Table.Cell>{s.memberSyncEnabled ? "On" : "Off"}</Table.Cell>
      <Table.Cell>
        <Badge size="2xsmall" color={connection.access_token_set ? "green" : "orange"}>
          {connection.access_token_set ? "Set" : "Not set"}
        </Badge>
      </Table.Cell>
      <Table.Cell>{formatDateTime(connection.updated_at)}</Table.Cell>
    </Table.Row>
  )
}

function CreateConnectionModal({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [name, setName] = useState("")
  const [enabled, setEnabled] = useState(true)
  const [agreementSecret, setAgreementSecret] = useState("")
  const [accessToken, setAccessToken] = useState("")
  const [contractId, setContractId] = useState("")
  const [errors, setErrors] = useState<FieldErrors>({})

  const create = useMutation({
    mutationFn: () =>
      smaregiApi.createConnection({
        name,
        enabled,
        ...(agreementSecret ? { agreement_secret: agreementSecret } : {}),
        ...(accessToken ? { access_token: accessToken } : {}),
        settings: contractId ? { contractId } : {},
      }),
    onSuccess: async (connection) => {
      toast.success(`Connection "${connection.name}" created`)
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
                  Cancel
                </Button>
              </FocusModal.Close>
              <Button size="small" type="submit" isLoading={create.isPending}>
                Create
              </Button>
            </div>
          </FocusModal.Header>
          <FocusModal.Body className="flex flex-1 justify-center overflow-auto px-6 py-16">
            <div className="flex w-full max-w-lg flex-col gap-y-6">
              <div>
                <FocusModal.Title asChild>
                  <Heading>Create Smaregi connection</Heading>
                </FocusModal.Title>
                <FocusModal.Description asChild>
                  <Text size="small" className="text-ui-fg-subtle">
                    One connection per Smaregi contract. Every other setting can be changed on the next page.
                  </Text>
                </FocusModal.Description>
              </div>
              {errors._ && <Hint variant="error">{errors._}</Hint>}
              <div className="flex flex-col gap-y-2">
                <Label htmlFor="create-name">Name</Label>
                <Input id="create-name" value={name} onChange={(e) => setName(e.target.value)} placeholder="Shibuya stores" />
                {fieldError("name")}
              </div>
              <div className="flex flex-col gap-y-2">
                <Label htmlFor="create-contract">Contract ID</Label>
                <Text size="xsmall" className="text-ui-fg-muted" lang="ja">
                  契約ID
                </Text>
                <Input id="create-contract" value={contractId} onChange={(e) => setContractId(e.target.value)} />
                {fieldError("settings.contractId")}
              </div>
              <div className="flex flex-col gap-y-2">
                <Label htmlFor="create-agreement">Agreement secret (agreementId)</Label>
                <Text size="xsmall" className="text-ui-fg-muted" lang="ja">
                  パラメータ情報 agreementId — 8 characters or more
                </Text>
                <Input
                  id="create-agreement"
                  type="password"
                  autoComplete="new-password"
                  value={agreementSecret}
                  onChange={(e) => setAgreementSecret(e.target.value)}
                />
                {fieldError("agreement_secret")}
              </div>
              <div className="flex flex-col gap-y-2">
                <Label htmlFor="create-token">Access token</Label>
                <Text size="xsmall" className="text-ui-fg-muted" lang="ja">
                  アクセストークン — stored encrypted, never shown again
                </Text>
                <Input
                  id="create-token"
                  type="password"
                  autoComplete="new-password"
                  value={accessToken}
                  onChange={(e) => setAccessToken(e.target.value)}
                />
                {fieldError("access_token")}
              </div>
              <div className="flex items-center gap-x-2">
                <Switch id="create-enabled" checked={enabled} onCheckedChange={setEnabled} />
                <Label htmlFor="create-enabled">Enabled</Label>
              </div>
            </div>
          </FocusModal.Body>
        </form>
      </FocusModal.Content>
    </FocusModal>
  )
}

const SmaregiSettingsPage = () => {
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
            <Heading level="h1">Smaregi</Heading>
            <Text size="small" className="text-ui-fg-subtle">
              Connections to Smaregi POS contracts (スマレジAPI連携): register sales in, members out.
            </Text>
          </div>
          <Button size="small" variant="secondary" onClick={() => setCreating(true)}>
            <PlusMini />
            Create connection
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
              <Table.HeaderCell>Name</Table.HeaderCell>
              <Table.HeaderCell>Status</Table.HeaderCell>
              <Table.HeaderCell>Contract ID</Table.HeaderCell>
              <Table.HeaderCell>Sales IN</Table.HeaderCell>
              <Table.HeaderCell>Members OUT</Table.HeaderCell>
              <Table.HeaderCell>Access token</Table.HeaderCell>
              <Table.HeaderCell>Updated</Table.HeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {!isLoading && connections.length === 0 && (
              <Table.Row>
                <td colSpan={7} className="px-6 py-3">
                  <Text size="small" className="text-ui-fg-muted">
                    No connection yet. Create one, then enter the webhook URL and agreementId in Smaregi (設定 › システム連携 ›
                    スマレジAPI設定).
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
  label: "Smaregi",
  icon: BuildingStorefront,
})

export default SmaregiSettingsPage
