import { type Translate, useT } from "../../lib/i18n"
import { Button, Switch } from "@medusajs/ui"
import type { ReactNode } from "react"
import type { FieldMappingEntry } from "../../lib/api"
import { TRANSACTION_HEAD_FIELDS, productCodeAttributeOptions } from "../../lib/options"
import { EditableTable } from "../editable-table"
import { Field, SelectField, SwitchField } from "../field"
import { FormSection } from "../form-section"
import { TextInput } from "../inputs"
import { Picker } from "../picker"
import { StringList } from "./string-list"
import { type SectionProps, settingRows, sp } from "./types"

const modeOptions = (t: Translate) => [
  { value: "create_only", label: t("settingsList.modeCreateOnly"), hint: "新規受注登録時のみ" },
  { value: "create_update_cancel", label: t("settingsList.modeCreateUpdateCancel"), hint: "新規受注登録・更新・取消時" },
]

const nonMemberOptions = (t: Translate) => [
  { value: "guest", label: t("form.sales.guest") },
  { value: "skip", label: t("form.sales.membersOnly") },
]

const lineNameOptions = (t: Translate) => [
  { value: "smaregi", label: t("form.sales.smaregiName") },
  { value: "medusa", label: t("form.sales.medusaName") },
]

const targetKinds = (t: Translate) => [
  { value: "metadata", label: t("form.sales.orderMetadata") },
  { value: "email", label: t("form.sales.orderEmail") },
]

type SalesSectionProps = SectionProps & {
  onResetFieldMapping: () => void
  onDownloadDefaultFieldMapping: () => void
  actions?: ReactNode
}

function TargetEditor({ id, value, onChange }: { id: string; value: string; onChange: (v: string) => void }) {
  const kind = value === "email" ? "email" : "metadata"
  const t = useT()
  const key = value.startsWith("metadata.") ? value.slice("metadata.".length) : ""
  return (
    <div className="flex items-center gap-x-2">
      <div className="w-40 shrink-0">
        <Picker
          ariaLabel={t("form.sales.orderFieldKind")}
          value={kind}
          options={targetKinds(t)}
          onChange={(v) => onChange(v === "email" ? "email" : `metadata.${key}`)}
        />
      </div>
      {kind === "metadata" && (
        <TextInput id={id} ariaLabel={t("form.metadataKey")} value={key} placeholder="smaregi_memo" onChange={(v) => onChange(`metadata.${v ?? ""}`)} />
      )}
    </div>
  )
}

export function SalesSection({ draft, set, errors, choices, onResetFieldMapping, onDownloadDefaultFieldMapping, actions }: SalesSectionProps) {
  const t = useT()
  const rows = settingRows({ draft, set, errors })
  const byMetadata = draft.productCodeMatch.attribute.endsWith("_metadata")
  return (
    <FormSection
      id="sales-in"
      title={t("form.sales.title")}
      japanese="店頭受注取り込み"
      description={t("form.sales.description")}
      actions={actions}
    >
      <SwitchField {...rows.toggle("importEnabled")} label={t("field.importEnabled")} japanese="店頭受注データ取り込み" />
      <SelectField {...rows.choice("mode")} label={t("field.mode")} japanese="受注連携モード" options={modeOptions(t)} />
      <SwitchField {...rows.toggleIn("importTarget", "memberOnly")} label={t("field.importTarget_memberOnly")} japanese="店頭受注データ取り込み対象（会員のみ）" />
      <Field
        id="importTarget.storeIds"
        label={t("field.importTarget_storeIds")}
        japanese="店頭受注データ取り込み対象（店舗ID）"
        description={t("form.sales.storesHelp")}
      >
        <StringList
          id="importTarget.storeIds"
          header={t("form.smaregiStoreId")}
          values={draft.importTarget.storeIds}
          onChange={(v) => set("importTarget", { ...draft.importTarget, storeIds: v })}
          placeholder="1"
          addLabel={t("form.addStore")}
          emptyText={t("form.sales.allStores")}
          errorPath={sp("importTarget.storeIds")}
          errors={errors}
        />
      </Field>
      <SelectField {...rows.choice("nonMemberPolicy")} label={t("field.nonMemberPolicy")} japanese="非会員・未登録会員の取引" options={nonMemberOptions(t)} />
      <SelectField
        {...rows.optionalChoice("salesChannelId")}
        label={t("field.salesChannelId")}
        japanese="販売チャネル"
        options={choices.salesChannels}
        noneLabel={t("form.sales.storeDefault")}
      />
      <SelectField {...rows.optionalChoice("regionId")} label={t("field.regionId")} japanese="リージョン" options={choices.regions} noneLabel={t("form.sales.storeDefault")} />
      <Field id="currencyCode" label={t("field.currencyCode")} japanese="通貨" error={errors[sp("currencyCode")]}>
        <TextInput id="currencyCode" value={draft.currencyCode} onChange={(v) => set("currencyCode", v ?? "")} />
      </Field>
      <SelectField
        id="productCodeMatch.attribute"
        label={t("field.productCodeMatch")}
        japanese="商品コードマッピング"
        description={t("form.sales.productCodeHelp")}
        error={[errors[sp("productCodeMatch.attribute")], errors[sp("productCodeMatch")]]}
        value={draft.productCodeMatch.attribute}
        options={productCodeAttributeOptions(t)}
        onChange={(v) => v && set("productCodeMatch", { ...draft.productCodeMatch, attribute: v as typeof draft.productCodeMatch.attribute })}
      />
      {byMetadata && (
        <Field id="productCodeMatch.metadataKey" label={t("field.productCodeMatch_metadataKey")} japanese="商品コードのメタデータキー" error={errors[sp("productCodeMatch.metadataKey")]}>
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
        label={t("field.variationMapping")}
        japanese="バリエーション（カラー・サイズ）"
        description={t("form.sales.variationHelp")}
        error={[errors[sp("variationMapping.color")], errors[sp("variationMapping.size")]]}
      >
        <div className="grid grid-cols-[6rem_1fr] items-center gap-2">
          <span className="txt-compact-small text-ui-fg-subtle">{t("form.sales.colour")}</span>
          <Picker
            id="variationMapping.color"
            ariaLabel={t("form.sales.colourOption")}
            value={draft.variationMapping.color}
            options={choices.optionTitles}
            noneLabel={t("form.notUsed")}
            onChange={(v) => set("variationMapping", { ...draft.variationMapping, color: v })}
          />
          <span className="txt-compact-small text-ui-fg-subtle">{t("form.sales.size")}</span>
          <Picker
            id="variationMapping.size"
            ariaLabel={t("form.sales.sizeOption")}
            value={draft.variationMapping.size}
            options={choices.optionTitles}
            noneLabel={t("form.notUsed")}
            onChange={(v) => set("variationMapping", { ...draft.variationMapping, size: v })}
          />
        </div>
      </Field>
      <Field
        id="fieldMapping"
        stacked
        label={t("field.fieldMapping")}
        japanese="受注連携項目マッピング"
        description={t("form.sales.fieldMappingHelp")}
      >
        <EditableTable<FieldMappingEntry>
          id="fieldMapping"
          rows={draft.fieldMapping}
          onChange={(rows) => set("fieldMapping", rows)}
          newRow={() => ({ smaregi: "", target: "metadata.", updatable: true })}
          addLabel={t("form.addMapping")}
          errorPath={sp("fieldMapping")}
          errors={errors}
          footer={
            <div className="flex gap-x-2">
              <Button type="button" size="small" variant="transparent" onClick={onResetFieldMapping}>
                {t("form.resetDefault")}
              </Button>
              <Button type="button" size="small" variant="transparent" onClick={onDownloadDefaultFieldMapping}>
                {t("form.sales.downloadDefault")}
              </Button>
            </div>
          }
          columns={[
            {
              header: t("form.smaregiField"),
              className: "w-[38%]",
              render: (row, update, i) => (
                <Picker
                  id={`fieldMapping-${i}-smaregi`}
                  ariaLabel={`${t("form.smaregiField")} ${i + 1}`}
                  value={row.smaregi || null}
                  options={TRANSACTION_HEAD_FIELDS}
                  onChange={(v) => update({ ...row, smaregi: v ?? "" })}
                />
              ),
            },
            {
              header: t("form.sales.orderField"),
              render: (row, update, i) => (
                <TargetEditor id={`fieldMapping-${i}-target`} value={row.target} onChange={(v) => update({ ...row, target: v })} />
              ),
            },
            {
              header: t("form.sales.updatable"),
              japanese: "更新可否",
              className: "w-28",
              render: (row, update, i) => (
                <Switch
                  aria-label={`${t("form.sales.updatable")} ${i + 1}`}
                  checked={row.updatable}
                  onCheckedChange={(v) => update({ ...row, updatable: v })}
                />
              ),
            },
          ]}
        />
      </Field>
      <SelectField {...rows.choice("lineNameSource")} label={t("field.lineNameSource")} japanese="ショップ商品名利用フラグ" options={lineNameOptions(t)} />
      <SwitchField
        {...rows.toggle("reconcileEnabled")}
        label={t("field.reconcileEnabled")}
        japanese="取引の定期照合"
        description={t("form.sales.reconcileHelp")}
      />
    </FormSection>
  )
}
