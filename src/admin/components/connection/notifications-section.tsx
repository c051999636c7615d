import { useT } from "../../lib/i18n"
import { Field, SwitchField } from "../field"
import { TextInput } from "../inputs"
import { FormSection } from "../form-section"
import { StringList } from "./string-list"
import { type SectionProps, settingRows, sp } from "./types"

export function NotificationsSection({ draft, set, errors }: SectionProps) {
  const t = useT()
  const rows = settingRows({ draft, set, errors })
  const template = (key: "transactionTemplate" | "memberTemplate", label: string, japanese: string) => (
    <Field id={`errorMail.${key}`} label={label} japanese={japanese} description={t("form.notifications.templateHelp")} error={errors[sp(`errorMail.${key}`)]}>
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
      title={t("form.notifications.title")}
      japanese="通知"
      description={t("form.notifications.description")}
    >
      <SwitchField {...rows.toggleIn("errorMail", "enabled")} label={t("field.errorMail")} japanese="連携エラー時メール配信有無" />
      <Field id="errorMail.to" label={t("form.notifications.recipients")} japanese="配信先メールアドレス" description={t("form.notifications.recipientsHelp")}>
        <StringList
          id="errorMail.to"
          header={t("options.email")}
          values={draft.errorMail.to}
          onChange={(v) => set("errorMail", { ...draft.errorMail, to: v })}
          placeholder="ops@example.com"
          addLabel={t("form.notifications.addRecipient")}
          emptyText={t("form.notifications.noRecipient")}
          errorPath={sp("errorMail.to")}
          errors={errors}
        />
      </Field>
      {template("transactionTemplate", t("field.errorMail_transactionTemplate"), "取引エラーメールのテンプレートID")}
      {template("memberTemplate", t("field.errorMail_memberTemplate"), "会員連携エラーメールのテンプレートID")}
      <SwitchField
        {...rows.toggle("errorFeed")}
        label={t("field.errorFeed")}
        japanese="管理画面の通知"
        description={t("form.notifications.feedHelp")}
      />
    </FormSection>
  )
}
