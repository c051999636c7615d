import { Copy, Text } from "@medusajs/ui"
import type { ReactNode } from "react"
import type { FieldErrors } from "../../lib/field-errors"
import { Field, SwitchField } from "../field"
import { FormSection } from "../form-section"
import { NumberInput, SecretInput, TextInput } from "../inputs"
import { StringList } from "./string-list"
import { type SectionProps, settingRows, sp } from "./types"

export type Identity = {
  name: string
  enabled: boolean
  /** `undefined` keep, `null` clear, string replace. */
  agreementSecret: string | null | undefined
  accessToken: string | null | undefined
}

type SecuritySectionProps = SectionProps & {
  identity: Identity
  setIdentity: (next: Identity) => void
  secretsSet: { agreementSecret: boolean; accessToken: boolean }
  errors: FieldErrors
  actions?: ReactNode
}

export function SecuritySection({ draft, set, errors, identity, setIdentity, secretsSet, actions }: SecuritySectionProps) {
  const webhookUrl = `${window.location.origin}/hooks/smaregi/transactions`
  return (
    <FormSection
      id="security"
      title="Connection & security"
      japanese="接続・セキュリティ"
      description="Credentials of the Smaregi contract and who may push sales to this store."
      actions={actions}
    >
      <Field id="name" label="Name" japanese="接続名" error={errors.name}>
        <TextInput id="name" value={identity.name} onChange={(v) => setIdentity({ ...identity, name: v ?? "" })} />
      </Field>
      <SwitchField
        id="enabled"
        label="Enabled"
        japanese="有効"
        description="A disabled connection refuses pushes and sends nothing."
        error={errors.enabled}
        checked={identity.enabled}
        onChange={(v) => setIdentity({ ...identity, enabled: v })}
      />
      <Field
        id="webhook-url"
        label="Webhook URL"
        japanese="API送信設定 › 取引情報送信 の送信先URL"
        description="Enter this URL in Smaregi, with the parameter line agreementId=<agreement secret>."
      >
        <div className="flex items-center gap-x-2">
          <Text size="small" family="mono" className="break-all">
            {webhookUrl}
          </Text>
          <Copy content={webhookUrl} />
        </div>
      </Field>
      <Field
        id="agreement_secret"
        label="Agreement secret"
        japanese="パラメータ情報 agreementId"
        description="At least 8 characters. Write-only: it is stored encrypted and never shown."
        error={errors.agreement_secret}
      >
        <SecretInput
          id="agreement_secret"
          ariaLabel="Agreement secret"
          isSet={secretsSet.agreementSecret}
          value={identity.agreementSecret}
          onChange={(v) => setIdentity({ ...identity, agreementSecret: v })}
        />
      </Field>
      <Field
        id="access_token"
        label="Access token"
        japanese="アクセストークン"
        description="From Smaregi's API受信設定. Write-only: stored encrypted, never returned by any API."
        error={errors.access_token}
      >
        <SecretInput
          id="access_token"
          ariaLabel="Access token"
          isSet={secretsSet.accessToken}
          value={identity.accessToken}
          onChange={(v) => setIdentity({ ...identity, accessToken: v })}
        />
      </Field>
      <Field id="contractId" label="Contract ID" japanese="契約ID" error={errors[sp("contractId")]}>
        <TextInput id="contractId" nullable value={draft.contractId} onChange={(v) => set("contractId", v)} />
      </Field>
      <Field
        id="apiUrl"
        label="API URL"
        japanese="スマレジAPI URL"
        description="https only (http only for localhost outside production). Changing it requires entering the access token again."
        error={errors[sp("apiUrl")]}
      >
        <TextInput id="apiUrl" value={draft.apiUrl} onChange={(v) => set("apiUrl", v ?? "")} />
      </Field>
      <Field
        id="allowedSources"
        label="Allowed sources"
        japanese="接続元IPアドレス制限"
        description="IPv4/IPv6 addresses or CIDR ranges Smaregi pushes from. Empty refuses every push."
      >
        <StringList
          id="allowedSources"
          header="Address or range"
          values={draft.allowedSources}
          onChange={(v) => set("allowedSources", v)}
          placeholder="203.0.113.0/24"
          addLabel="Add address"
          emptyText="No address: every push is refused unless any source is allowed."
          errorPath={sp("allowedSources")}
          errors={errors}
        />
      </Field>
      <SwitchField
        {...settingRows({ draft, set, errors }).toggle("allowAnySource")}
        label="Allow any source"
        japanese="全ての接続元を許可（開発用）"
        description="Development only: accept pushes from every address."
      />
      <Field
        id="trustedProxies"
        label="Trusted proxies"
        japanese="信頼するプロキシ"
        description="Addresses or CIDR ranges of your load balancer / reverse proxy. X-Forwarded-For is read only on requests coming from one of them; empty ignores it."
      >
        <StringList
          id="trustedProxies"
          header="Proxy address or range"
          values={draft.trustedProxies}
          onChange={(v) => set("trustedProxies", v)}
          placeholder="10.0.0.0/8"
          addLabel="Add proxy"
          emptyText="No proxy: the allow-list checks the address that connects to the store."
          errorPath={sp("trustedProxies")}
          errors={errors}
        />
      </Field>
      <Field id="rateLimitPerSecond" label="API calls per second" japanese="API呼び出し上限（回/秒）" error={errors[sp("rateLimitPerSecond")]}>
        <NumberInput id="rateLimitPerSecond" step={0.5} value={draft.rateLimitPerSecond} onChange={(v) => set("rateLimitPerSecond", v)} />
      </Field>
      <Field id="timeoutMs" label="Request timeout (ms)" japanese="タイムアウト（ミリ秒）" error={errors[sp("timeoutMs")]}>
        <NumberInput id="timeoutMs" value={draft.timeoutMs} onChange={(v) => set("timeoutMs", v)} />
      </Field>
    </FormSection>
  )
}
