import { Field, SwitchField } from "../field"
import { TextInput } from "../inputs"
import { FormSection } from "../form-section"
import { StringList } from "./string-list"
import { type SectionProps, settingRows, sp } from "./types"

const TEMPLATE_HELP =
  "Empty: the plugin writes the e-mail (subject, text and HTML, Japanese and English). A template id of your e-mail provider (e.g. SendGrid d-…): the provider renders it from the notification data."

export function NotificationsSection({ draft, set, errors }: SectionProps) {
  const rows = settingRows({ draft, set, errors })
  const template = (key: "transactionTemplate" | "memberTemplate", label: string, japanese: string) => (
    <Field id={`errorMail.${key}`} label={label} japanese={japanese} description={TEMPLATE_HELP} error={errors[sp(`errorMail.${key}`)]}>
      <TextInput
        id={`errorMail.${key}`}
        nullable
        value={draft.errorMail[key]}
        placeholder="d-0123456789abcdef"
        onChange={(v) => set("errorMail", { ...draft.errorMail, [key]: v })}
      />
    </Field>
  )
  return (
    <FormSection
      id="notifications"
      title="Notifications"
      japanese="通知"
      description="E-mail to operators and an entry in the admin's notification feed when an import or member push fails."
    >
      <SwitchField {...rows.toggleIn("errorMail", "enabled")} label="Error e-mail" japanese="連携エラー時メール配信有無" />
      <Field id="errorMail.to" label="Recipients" japanese="配信先メールアドレス" description="One e-mail per failure to each address.">
        <StringList
          id="errorMail.to"
          header="E-mail address"
          values={draft.errorMail.to}
          onChange={(v) => set("errorMail", { ...draft.errorMail, to: v })}
          placeholder="ops@example.com"
          addLabel="Add recipient"
          emptyText="No recipient."
          errorPath={sp("errorMail.to")}
          errors={errors}
        />
      </Field>
      {template("transactionTemplate", "Sale failure e-mail template", "取引エラーメールのテンプレートID")}
      {template("memberTemplate", "Member failure e-mail template", "会員連携エラーメールのテンプレートID")}
      <SwitchField
        {...rows.toggle("errorFeed")}
        label="Admin notification feed"
        japanese="管理画面の通知"
        description="Failures also appear in the admin's notifications (bell), when the store has a notification provider for the feed channel."
      />
    </FormSection>
  )
}
