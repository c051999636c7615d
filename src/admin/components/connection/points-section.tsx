import { useT } from "../../lib/i18n"
import { SwitchField } from "../field"
import { FormSection } from "../form-section"
import { type SectionProps, settingRows } from "./types"

export function PointsSection({ draft, set, errors }: SectionProps) {
  const t = useT()
  const rows = settingRows({ draft, set, errors })
  return (
    <FormSection id="points" title={t("form.points.title")} japanese="ポイント" description={t("form.points.description")}>
      <SwitchField
        {...rows.toggle("pointsOnCreate")}
        label={t("field.pointsOnCreate")}
        japanese="ポイント操作（新規受注時）"
        description={t("form.points.onCreateHelp")}
      />
      <SwitchField
        {...rows.toggle("pointsOnUpdate")}
        label={t("field.pointsOnUpdate")}
        japanese="ポイント操作（更新時）"
        description={t("form.points.onUpdateHelp")}
      />
      <SwitchField
        {...rows.toggle("sendPoints")}
        label={t("field.sendPoints")}
        japanese="会員ポイントをスマレジへ送信"
        description={t("form.points.sendHelp")}
      />
    </FormSection>
  )
}
