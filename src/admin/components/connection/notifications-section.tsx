import { Field, SwitchField } from "../field"
import { FormSection } from "../form-section"
import { StringList } from "./string-list"
import { type SectionProps, settingRows, sp } from "./types"

export function NotificationsSection({ draft, set, errors }: SectionProps) {
  return (
    <FormSection id="notifications" title="Notifications" japanese="通知" description="E-mail to operators when an import or member push fails.">
      <SwitchField {...settingRows({ draft, set, errors }).toggleIn("errorMail", "enabled")} label="Error e-mail" japanese="連携エラー時メール配信有無" />
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
    </FormSection>
  )
}
