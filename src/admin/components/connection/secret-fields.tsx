import type { FieldErrors } from "../../lib/field-errors"
import { type MessageKey, useT } from "../../lib/i18n"
import { SecretField } from "../field"
import type { Identity } from "./security-section"

type SecretKey = "agreementSecret" | "accessToken" | "clientSecret" | "webhookSecret"

/** A connection's write-only secrets, each under the name the API gives it (and names in a refusal). */
const SECRETS: Record<SecretKey, { id: string; label: MessageKey; japanese: string; help: MessageKey }> = {
  agreementSecret: { id: "agreement_secret", label: "field.agreement_secret", japanese: "パラメータ情報 agreementId", help: "form.security.agreementHelp" },
  accessToken: { id: "access_token", label: "field.access_token", japanese: "アクセストークン", help: "form.security.tokenHelp" },
  clientSecret: { id: "client_secret", label: "platform.clientSecret", japanese: "クライアントシークレット", help: "platform.clientSecretHelp" },
  webhookSecret: { id: "webhook_secret", label: "platform.webhookSecret", japanese: "Webhookシークレット", help: "platform.webhookSecretHelp" },
}

type SecretFieldsProps = {
  secrets: SecretKey[]
  identity: Identity
  setIdentity: (next: Identity) => void
  secretsSet: Partial<Record<SecretKey, boolean>>
  errors: FieldErrors
}

/** The named secrets' fields, in the order given: whether each is set, and replacing or removing it on purpose. */
export function SecretFields({ secrets, identity, setIdentity, secretsSet, errors }: SecretFieldsProps) {
  const t = useT()
  return (
    <>
      {secrets.map((key) => {
        const secret = SECRETS[key]
        return (
          <SecretField
            key={secret.id}
            id={secret.id}
            label={t(secret.label)}
            japanese={secret.japanese}
            description={t(secret.help)}
            error={errors[secret.id]}
            isSet={!!secretsSet[key]}
            value={identity[key]}
            onChange={(v) => setIdentity({ ...identity, [key]: v })}
          />
        )
      })}
    </>
  )
}
