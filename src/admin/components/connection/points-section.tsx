import { SwitchField } from "../field"
import { FormSection } from "../form-section"
import { type SectionProps, settingRows } from "./types"

export function PointsSection({ draft, set, errors }: SectionProps) {
  const rows = settingRows({ draft, set, errors })
  return (
    <FormSection id="points" title="Points" japanese="ポイント" description="Loyalty points moved by POS sales, one balance across shop and web.">
      <SwitchField
        {...rows.toggle("pointsOnCreate")}
        label="Move points on new sales"
        japanese="ポイント操作（新規受注時）"
        description="Deduct spendPoint and add newPoint exactly as sent by the register."
      />
      <SwitchField
        {...rows.toggle("pointsOnUpdate")}
        label="Move points on edited sales"
        japanese="ポイント操作（更新時）"
        description="Apply only the difference when a sale is edited at the register."
      />
      <SwitchField
        {...rows.toggle("sendPoints")}
        label="Send balances to Smaregi"
        japanese="会員ポイントをスマレジへ送信"
        description="Include point and pointExpireDate in member pushes. Off: no point fields are sent."
      />
    </FormSection>
  )
}
