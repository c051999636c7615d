import { useT } from "../../lib/i18n"
import type { FieldErrors } from "../../lib/field-errors"
import { Field, SelectField } from "../field"
import { TextInput } from "../inputs"
import { SecretFields } from "./secret-fields"
import type { Identity } from "./security-section"
import { type SectionProps, sp } from "./types"

type PlatformFieldsProps = Pick<SectionProps, "draft" | "set"> & {
  identity: Identity
  setIdentity: (next: Identity) => void
  secretsSet: { clientSecret: boolean; webhookSecret: boolean }
  errors: FieldErrors
}

/** The Platform API credentials and webhook secret of a connection (shown when its API is `platform`). */
export function PlatformFields({ draft, set, identity, setIdentity, secretsSet, errors }: PlatformFieldsProps) {
  const t = useT()
  const platform = draft.platform
  const setPlatform = (next: Partial<typeof platform>) => set("platform", { ...platform, ...next })
  return (
    <>
      <Field id="platform.clientId" label={t("platform.clientId")} japanese="クライアントID" description={t("platform.clientIdHelp")} error={errors[sp("platform.clientId")]}>
        <TextInput id="platform.clientId" nullable value={platform.clientId} onChange={(v) => setPlatform({ clientId: v })} />
      </Field>
      <SecretFields secrets={["clientSecret"]} identity={identity} setIdentity={setIdentity} secretsSet={secretsSet} errors={errors} />
      <SelectField
        id="platform.environment"
        label={t("platform.environment")}
        japanese="環境"
        description={t("platform.environmentHelp")}
        error={errors[sp("platform.environment")]}
        value={platform.environment}
        options={[
          { value: "sandbox", label: t("platform.sandbox") },
          { value: "production", label: t("platform.production") },
        ]}
        onChange={(v) => v && setPlatform({ environment: v as typeof platform.environment })}
      />
      <Field id="platform.idUrl" label={t("platform.idUrl")} japanese="ID URL" description={t("platform.urlOverrideHelp")} error={errors[sp("platform.idUrl")]}>
        <TextInput id="platform.idUrl" nullable value={platform.idUrl} onChange={(v) => setPlatform({ idUrl: v })} />
      </Field>
      <Field id="platform.apiUrl" label={t("platform.apiUrl")} japanese="API URL" description={t("platform.urlOverrideHelp")} error={errors[sp("platform.apiUrl")]}>
        <TextInput id="platform.apiUrl" nullable value={platform.apiUrl} onChange={(v) => setPlatform({ apiUrl: v })} />
      </Field>
      <SecretFields secrets={["webhookSecret"]} identity={identity} setIdentity={setIdentity} secretsSet={secretsSet} errors={errors} />
      <Field
        id="platform.webhookSecretHeader"
        label={t("platform.webhookSecretHeader")}
        japanese="カスタムヘッダー名"
        description={t("platform.webhookSecretHeaderHelp")}
        error={errors[sp("platform.webhookSecretHeader")]}
      >
        <TextInput id="platform.webhookSecretHeader" value={platform.webhookSecretHeader} onChange={(v) => setPlatform({ webhookSecretHeader: v ?? "" })} />
      </Field>
    </>
  )
}
