import { Field } from "../field"
import { FormSection } from "../form-section"
import { Toggle } from "../inputs"
import { type SectionProps, sp } from "./types"

export function PointsSection({ draft, set, errors }: SectionProps) {
  return (
    <FormSection id="points" title="Points" japanese="ポイント" description="Loyalty points moved by POS sales, one balance across shop and web.">
      <Field
        id="pointsOnCreate"
        label="Move points on new sales"
        japanese="ポイント操作（新規受注時）"
        description="Deduct spendPoint and add newPoint exactly as sent by the register."
        error={errors[sp("pointsOnCreate")]}
      >
        <Toggle id="pointsOnCreate" checked={draft.pointsOnCreate} onChange={(v) => set("pointsOnCreate", v)} />
      </Field>
      <Field
        id="pointsOnUpdate"
        label="Move points on edited sales"
        japanese="ポイント操作（更新時）"
        description="Apply only the difference when a sale is edited at the register."
        error={errors[sp("pointsOnUpdate")]}
      >
        <Toggle id="pointsOnUpdate" checked={draft.pointsOnUpdate} onChange={(v) => set("pointsOnUpdate", v)} />
      </Field>
      <Field
        id="sendPoints"
        label="Send balances to Smaregi"
        japanese="会員ポイントをスマレジへ送信"
        description="Include point and pointExpireDate in member pushes. Off: no point fields are sent."
        error={errors[sp("sendPoints")]}
      >
        <Toggle id="sendPoints" checked={draft.sendPoints} onChange={(v) => set("sendPoints", v)} />
      </Field>
    </FormSection>
  )
}
