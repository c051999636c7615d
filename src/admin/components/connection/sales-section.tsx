import { Button, Switch } from "@medusajs/ui"
import type { ReactNode } from "react"
import type { FieldMappingEntry } from "../../lib/api"
import { PRODUCT_CODE_ATTRIBUTE_OPTIONS, TRANSACTION_HEAD_FIELDS } from "../../lib/options"
import { EditableTable } from "../editable-table"
import { Field, SelectField, SwitchField } from "../field"
import { FormSection } from "../form-section"
import { TextInput } from "../inputs"
import { Picker } from "../picker"
import { StringList } from "./string-list"
import { type SectionProps, settingRows, sp } from "./types"

const MODE_OPTIONS = [
  { value: "create_only", label: "Create only", hint: "新規受注登録時のみ" },
  { value: "create_update_cancel", label: "Create, update and cancel", hint: "新規受注登録・更新・取消時" },
]

const NON_MEMBER_OPTIONS = [
  { value: "guest", label: "Import as a guest order" },
  { value: "skip", label: "Members only: skip sales without a member, fail unknown members" },
]

const LINE_NAME_OPTIONS = [
  { value: "smaregi", label: "Smaregi product name" },
  { value: "medusa", label: "Medusa product / variant title" },
]

const TARGET_KINDS = [
  { value: "metadata", label: "Order metadata" },
  { value: "email", label: "Order e-mail" },
]

type SalesSectionProps = SectionProps & {
  onResetFieldMapping: () => void
  onDownloadDefaultFieldMapping: () => void
  actions?: ReactNode
}

function TargetEditor({ id, value, onChange }: { id: string; value: string; onChange: (v: string) => void }) {
  const kind = value === "email" ? "email" : "metadata"
  const key = value.startsWith("metadata.") ? value.slice("metadata.".length) : ""
  return (
    <div className="flex items-center gap-x-2">
      <div className="w-40 shrink-0">
        <Picker
          ariaLabel="Order field kind"
          value={kind}
          options={TARGET_KINDS}
          onChange={(v) => onChange(v === "email" ? "email" : `metadata.${key}`)}
        />
      </div>
      {kind === "metadata" && (
        <TextInput id={id} ariaLabel="Metadata key" value={key} placeholder="smaregi_memo" onChange={(v) => onChange(`metadata.${v ?? ""}`)} />
      )}
    </div>
  )
}

export function SalesSection({ draft, set, errors, choices, onResetFieldMapping, onDownloadDefaultFieldMapping, actions }: SalesSectionProps) {
  const rows = settingRows({ draft, set, errors })
  const byMetadata = draft.productCodeMatch.attribute.endsWith("_metadata")
  return (
    <FormSection
      id="sales-in"
      title="Sales IN"
      japanese="店頭受注取り込み"
      description="How sales rung up at the register become Medusa orders."
      actions={actions}
    >
      <SwitchField {...rows.toggle("importEnabled")} label="Import sales" japanese="店頭受注データ取り込み" />
      <SelectField {...rows.choice("mode")} label="Mode" japanese="受注連携モード" options={MODE_OPTIONS} />
      <SwitchField {...rows.toggleIn("importTarget", "memberOnly")} label="Members' sales only" japanese="店頭受注データ取り込み対象（会員のみ）" />
      <Field
        id="importTarget.storeIds"
        label="Only these Smaregi stores"
        japanese="店頭受注データ取り込み対象（店舗ID）"
        description="Empty imports sales of every store."
      >
        <StringList
          id="importTarget.storeIds"
          header="Smaregi store ID"
          values={draft.importTarget.storeIds}
          onChange={(v) => set("importTarget", { ...draft.importTarget, storeIds: v })}
          placeholder="1"
          addLabel="Add store"
          emptyText="All stores."
          errorPath={sp("importTarget.storeIds")}
          errors={errors}
        />
      </Field>
      <SelectField {...rows.choice("nonMemberPolicy")} label="Sales without a known member" japanese="非会員・未登録会員の取引" options={NON_MEMBER_OPTIONS} />
      <SelectField
        {...rows.optionalChoice("salesChannelId")}
        label="Sales channel"
        japanese="販売チャネル"
        options={choices.salesChannels}
        noneLabel="Store default"
      />
      <SelectField {...rows.optionalChoice("regionId")} label="Region" japanese="リージョン" options={choices.regions} noneLabel="Store default" />
      <Field id="currencyCode" label="Currency" japanese="通貨" error={errors[sp("currencyCode")]}>
        <TextInput id="currencyCode" value={draft.currencyCode} onChange={(v) => set("currencyCode", v ?? "")} />
      </Field>
      <SelectField
        id="productCodeMatch.attribute"
        label="Product code matches"
        japanese="商品コードマッピング"
        description="Which Medusa attribute Smaregi's productCode is looked up in."
        error={[errors[sp("productCodeMatch.attribute")], errors[sp("productCodeMatch")]]}
        value={draft.productCodeMatch.attribute}
        options={PRODUCT_CODE_ATTRIBUTE_OPTIONS}
        onChange={(v) => v && set("productCodeMatch", { ...draft.productCodeMatch, attribute: v as typeof draft.productCodeMatch.attribute })}
      />
      {byMetadata && (
        <Field id="productCodeMatch.metadataKey" label="Metadata key" japanese="商品コードのメタデータキー" error={errors[sp("productCodeMatch.metadataKey")]}>
          <TextInput
            id="productCodeMatch.metadataKey"
            nullable
            value={draft.productCodeMatch.metadataKey}
            placeholder="smaregi_product_code"
            onChange={(v) => set("productCodeMatch", { ...draft.productCodeMatch, metadataKey: v })}
          />
        </Field>
      )}
      <Field
        id="variationMapping"
        label="Variation mapping"
        japanese="バリエーション（カラー・サイズ）"
        description="When a code names a product, the detail's colour and size pick the variant through these option titles."
        error={[errors[sp("variationMapping.color")], errors[sp("variationMapping.size")]]}
      >
        <div className="grid grid-cols-[6rem_1fr] items-center gap-2">
          <span className="txt-compact-small text-ui-fg-subtle">Colour →</span>
          <Picker
            id="variationMapping.color"
            ariaLabel="Colour option title"
            value={draft.variationMapping.color}
            options={choices.optionTitles}
            noneLabel="Not used"
            onChange={(v) => set("variationMapping", { ...draft.variationMapping, color: v })}
          />
          <span className="txt-compact-small text-ui-fg-subtle">Size →</span>
          <Picker
            id="variationMapping.size"
            ariaLabel="Size option title"
            value={draft.variationMapping.size}
            options={choices.optionTitles}
            noneLabel="Not used"
            onChange={(v) => set("variationMapping", { ...draft.variationMapping, size: v })}
          />
        </div>
      </Field>
      <Field
        id="fieldMapping"
        stacked
        label="Order field mapping"
        japanese="受注連携項目マッピング"
        description="Smaregi head fields copied onto the order. Only updatable entries (更新可否) change when a sale is edited."
      >
        <EditableTable<FieldMappingEntry>
          id="fieldMapping"
          rows={draft.fieldMapping}
          onChange={(rows) => set("fieldMapping", rows)}
          newRow={() => ({ smaregi: "", target: "metadata.", updatable: true })}
          addLabel="Add mapping"
          errorPath={sp("fieldMapping")}
          errors={errors}
          footer={
            <div className="flex gap-x-2">
              <Button type="button" size="small" variant="transparent" onClick={onResetFieldMapping}>
                Reset to default
              </Button>
              <Button type="button" size="small" variant="transparent" onClick={onDownloadDefaultFieldMapping}>
                Download default field mapping
              </Button>
            </div>
          }
          columns={[
            {
              header: "Smaregi field",
              className: "w-[38%]",
              render: (row, update, i) => (
                <Picker
                  id={`fieldMapping-${i}-smaregi`}
                  ariaLabel={`Smaregi field ${i + 1}`}
                  value={row.smaregi || null}
                  options={TRANSACTION_HEAD_FIELDS}
                  onChange={(v) => update({ ...row, smaregi: v ?? "" })}
                />
              ),
            },
            {
              header: "Order field",
              render: (row, update, i) => (
                <TargetEditor id={`fieldMapping-${i}-target`} value={row.target} onChange={(v) => update({ ...row, target: v })} />
              ),
            },
            {
              header: "Updatable",
              japanese: "更新可否",
              className: "w-28",
              render: (row, update, i) => (
                <Switch
                  aria-label={`Updatable ${i + 1}`}
                  checked={row.updatable}
                  onCheckedChange={(v) => update({ ...row, updatable: v })}
                />
              ),
            },
          ]}
        />
      </Field>
      <SelectField {...rows.choice("lineNameSource")} label="Line names" japanese="ショップ商品名利用フラグ" options={LINE_NAME_OPTIONS} />
      <SwitchField
        {...rows.toggle("reconcileEnabled")}
        label="Reconciliation"
        japanese="取引の定期照合"
        description="Every 15 minutes, pull recent sales from Smaregi and import what a push missed."
      />
    </FormSection>
  )
}
