import { useT } from "../../lib/i18n"
import { Copy, Text } from "@medusajs/ui"
import type { ReactNode } from "react"
import type { FieldErrors } from "../../lib/field-errors"
import { Field, SelectField, SwitchField } from "../field"
import { FormSection } from "../form-section"
import { NumberInput, TextInput } from "../inputs"
import { PlatformFields } from "./platform-fields"
import { SecretFields } from "./secret-fields"
import { StringList } from "./string-list"
import { type SectionProps, settingRows, sp } from "./types"

export type Identity = {
  name: string
  enabled: boolean
  /** `undefined` keep, `null` clear, string replace. */
  agreementSecret: string | null | undefined
  accessToken: string | null | undefined
  api: "v2" | "platform"
  clientSecret: string | null | undefined
  webhookSecret: string | null | undefined
}

type SecuritySectionProps = SectionProps & {
  identity: Identity
  setIdentity: (next: Identity) => void
  secretsSet: { agreementSecret: boolean; accessToken: boolean; clientSecret: boolean; webhookSecret: boolean }
  errors: FieldErrors
  actions?: ReactNode
}

export function SecuritySection({ draft, set, errors, identity, setIdentity, secretsSet, actions }: SecuritySectionProps) {
  const t = useT()
  const platform = identity.api === "platform"
  const webhookUrl = `${window.location.origin}/hooks/smaregi/${platform ? "platform" : "transactions"}`
  return (
    <FormSection
      id="security"
      title={t("form.security.title")}
      japanese="接続・セキュリティ"
      description={t("form.security.description")}
      actions={actions}
    >
      <Field id="name" label={t("field.name")} japanese="接続名" error={errors.name}>
        <TextInput id="name" value={identity.name} onChange={(v) => setIdentity({ ...identity, name: v ?? "" })} />
      </Field>
      <SwitchField
        id="enabled"
        label={t("field.enabled")}
        japanese="有効"
        description={t("form.security.enabledHelp")}
        error={errors.enabled}
        checked={identity.enabled}
        onChange={(v) => setIdentity({ ...identity, enabled: v })}
      />
      <SelectField
        id="api"
        label={t("platform.api")}
        japanese="連携API"
        description={t("platform.apiHelp")}
        error={errors.api}
        value={identity.api}
        options={[
          { value: "v2", label: t("platform.apiV2") },
          { value: "platform", label: t("platform.apiPlatform") },
        ]}
        onChange={(v) => v && setIdentity({ ...identity, api: v as Identity["api"] })}
      />
      <Field
        id="webhook-url"
        label={t("form.security.webhookUrl")}
        japanese={platform ? "Webhook送信先URL" : "API送信設定 › 取引情報送信 の送信先URL"}
        description={t(platform ? "platform.webhookHelp" : "form.security.webhookHelp")}
      >
        <div className="flex items-center gap-x-2">
          <Text size="small" family="mono" className="break-all">
            {webhookUrl}
          </Text>
          <Copy content={webhookUrl} />
        </div>
      </Field>
      {!platform && (
        <SecretFields secrets={["agreementSecret", "accessToken"]} identity={identity} setIdentity={setIdentity} secretsSet={secretsSet} errors={errors} />
      )}
      <Field id="contractId" label={t("field.contractId")} japanese="契約ID" error={errors[sp("contractId")]}>
        <TextInput id="contractId" nullable value={draft.contractId} onChange={(v) => set("contractId", v)} />
      </Field>
      {platform ? (
        <PlatformFields draft={draft} set={set} identity={identity} setIdentity={setIdentity} secretsSet={secretsSet} errors={errors} />
      ) : (
        <Field id="apiUrl" label={t("field.apiUrl")} japanese="スマレジAPI URL" description={t("form.security.apiUrlHelp")} error={errors[sp("apiUrl")]}>
          <TextInput id="apiUrl" value={draft.apiUrl} onChange={(v) => set("apiUrl", v ?? "")} />
        </Field>
      )}
      <Field
        id="allowedSources"
        label={t("field.allowedSources")}
        japanese="接続元IPアドレス制限"
        description={t(platform ? "platform.sourcesHelp" : "form.security.sourcesHelp")}
      >
        <StringList
          id="allowedSources"
          header={t("form.security.addressOrRange")}
          values={draft.allowedSources}
          onChange={(v) => set("allowedSources", v)}
          placeholder="203.0.113.0/24"
          addLabel={t("form.security.addAddress")}
          emptyText={t("form.security.noAddress")}
          errorPath={sp("allowedSources")}
          errors={errors}
        />
      </Field>
      <SwitchField
        {...settingRows({ draft, set, errors }).toggle("allowAnySource")}
        label={t("field.allowAnySource")}
        japanese="全ての接続元を許可（開発用）"
        description={t("form.security.anySourceHelp")}
      />
      <Field
        id="trustedProxies"
        label={t("field.trustedProxies")}
        japanese="信頼するプロキシ"
        description={t("form.security.trustedProxiesHelp")}
      >
        <StringList
          id="trustedProxies"
          header={t("form.security.proxyAddressOrRange")}
          values={draft.trustedProxies}
          onChange={(v) => set("trustedProxies", v)}
          placeholder="10.0.0.0/8"
          addLabel={t("form.security.addProxy")}
          emptyText={t("form.security.noProxy")}
          errorPath={sp("trustedProxies")}
          errors={errors}
        />
      </Field>
      {/* The Platform API's limits follow its environment (read and write buckets per contract). */}
      {!platform && (
        <Field id="rateLimitPerSecond" label={t("field.rateLimitPerSecond")} japanese="API呼び出し上限（回/秒）" error={errors[sp("rateLimitPerSecond")]}>
          <NumberInput id="rateLimitPerSecond" step={0.5} value={draft.rateLimitPerSecond} onChange={(v) => set("rateLimitPerSecond", v)} />
        </Field>
      )}
      <Field id="timeoutMs" label={t("field.timeoutMs")} japanese="タイムアウト（ミリ秒）" error={errors[sp("timeoutMs")]}>
        <NumberInput id="timeoutMs" value={draft.timeoutMs} onChange={(v) => set("timeoutMs", v)} />
      </Field>
    </FormSection>
  )
}
