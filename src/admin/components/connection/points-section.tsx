import { Alert } from "@medusajs/ui"
import type { Connection } from "../../lib/api"
import { formatDateTime } from "../../lib/format"
import { useT } from "../../lib/i18n"
import { SwitchField } from "../field"
import { FormSection } from "../form-section"
import { type SectionProps, settingRows } from "./types"

const LACK_TEXT = { point_add: "platform.lacksPointAdd", bulk_write: "platform.lacksBulkWrite" } as const

export function PointsSection({ draft, set, errors, planLacks = [] }: SectionProps & { planLacks?: Connection["plan_lacks"] }) {
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
      {planLacks.map((lack) => (
        <Alert key={lack.feature} variant="warning" dismissible={false} data-plan-lacks={lack.feature}>
          <div className="flex flex-col gap-y-1">
            <span>{t(LACK_TEXT[lack.feature])}</span>
            <span className="text-ui-fg-subtle">{t("platform.lacksRecheck", { since: formatDateTime(lack.since) })}</span>
          </div>
        </Alert>
      ))}
    </FormSection>
  )
}
