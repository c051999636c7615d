import { type Translate, useT } from "../../lib/i18n"
import { Alert, Button } from "@medusajs/ui"
import type { MemberFieldMappingEntry, RankMappingEntry } from "../../lib/api"
import { METADATA_PREFIX, SMAREGI_CUSTOMER_FIELDS, customerSourceFields } from "../../lib/options"
import { EditableTable } from "../editable-table"
import { Field, SelectField, SwitchField } from "../field"
import { FormSection } from "../form-section"
import { NumberInput, TextInput } from "../inputs"
import { formatDateTime } from "../../lib/format"
import { Picker } from "../picker"
import { type SectionProps, settingRows, sp } from "./types"

const METADATA_CHOICE = "__metadata__"

const linkExistingOptions = (t: Translate) => [
  { value: "none", label: t("form.members.linkNever") },
  { value: "email", label: t("form.members.linkEmail") },
  { value: "phone", label: t("form.members.linkPhone") },
]

const deletionOptions = (t: Translate) => [
  { value: "withdraw", label: t("form.members.withdraw") },
  { value: "delete", label: t("form.members.delete") },
  { value: "keep", label: t("form.members.keep") },
]

const memberCodeFormats = (t: Translate) => [
  { value: "prefixed", label: t("form.members.prefixed") },
  { value: "ean13", label: t("form.members.ean13") },
]

function SourceEditor({ id, value, onChange }: { id: string; value: string; onChange: (v: string) => void }) {
  const t = useT()
  const isMetadata = value.startsWith(METADATA_PREFIX)
  return (
    <div className="flex items-center gap-x-2">
      <div className="min-w-0 flex-1">
        <Picker
          ariaLabel={t("form.members.customerField")}
          value={isMetadata ? METADATA_CHOICE : value || null}
          options={[...customerSourceFields(t), { value: METADATA_CHOICE, label: t("form.members.metadataChoice") }]}
          onChange={(v) => onChange(v === METADATA_CHOICE ? METADATA_PREFIX : v ?? "")}
        />
      </div>
      {isMetadata && (
        <div className="min-w-0 flex-1">
          <TextInput
            id={id}
            ariaLabel={t("form.members.customerMetadataKey")}
            value={value.slice(METADATA_PREFIX.length)}
            placeholder="last_name_kana"
            onChange={(v) => onChange(`${METADATA_PREFIX}${v ?? ""}`)}
          />
        </div>
      )}
    </div>
  )
}

type MembersSectionProps = SectionProps & {
  onResetMemberFieldMapping: () => void
  /** Smaregi's highest customerId when last read (null = not read yet) and when it was read. */
  customerIdFloor: { floor: number | null; readAt: string | null }
}

function floorDescription(t: Translate, { floor, readAt }: MembersSectionProps["customerIdFloor"]): string {
  const rule = t("form.members.floorRule")
  if (floor === null) return `${rule} ${t("form.members.floorUnread")}`
  return `${rule} ${t("form.members.floorRead", { floor, readAt: formatDateTime(readAt), next: floor + 1 })}`
}

export function MembersSection({ draft, set, errors, choices, onResetMemberFieldMapping, customerIdFloor }: MembersSectionProps) {
  const t = useT()
  const rows = settingRows({ draft, set, errors })
  const code = draft.memberCode
  const keys = draft.metadataKeys
  return (
    <FormSection
      id="members-out"
      title={t("form.members.title")}
      japanese="会員連携"
      description={t("form.members.description")}
    >
      <SwitchField {...rows.toggle("memberSyncEnabled")} label={t("field.memberSyncEnabled")} japanese="会員連携" />
      <Field
        id="memberFieldMapping"
        stacked
        label={t("field.memberFieldMapping")}
        japanese="会員連携項目マッピング"
        description={t("form.members.fieldMappingHelp")}
      >
        <EditableTable<MemberFieldMappingEntry>
          id="memberFieldMapping"
          rows={draft.memberFieldMapping}
          onChange={(rows) => set("memberFieldMapping", rows)}
          newRow={() => ({ source: "", smaregi: "" })}
          addLabel={t("form.addMapping")}
          errorPath={sp("memberFieldMapping")}
          errors={errors}
          footer={
            <Button type="button" size="small" variant="transparent" onClick={onResetMemberFieldMapping}>
              {t("form.resetDefault")}
            </Button>
          }
          columns={[
            {
              header: t("form.members.medusaField"),
              render: (row, update, i) => (
                <SourceEditor id={`memberFieldMapping-${i}-source`} value={row.source} onChange={(v) => update({ ...row, source: v })} />
              ),
            },
            {
              header: t("form.smaregiField"),
              className: "w-[40%]",
              render: (row, update, i) => (
                <Picker
                  id={`memberFieldMapping-${i}-smaregi`}
                  ariaLabel={`${t("form.smaregiField")} ${i + 1}`}
                  value={row.smaregi || null}
                  options={SMAREGI_CUSTOMER_FIELDS}
                  onChange={(v) => update({ ...row, smaregi: v ?? "" })}
                />
              ),
            },
          ]}
        />
      </Field>
      <Field
        id="rankMapping"
        stacked
        label={t("field.rankMapping")}
        japanese="会員ランクコードマッピング"
        description={t("form.members.rankHelp")}
      >
        <EditableTable<RankMappingEntry>
          id="rankMapping"
          rows={draft.rankMapping}
          onChange={(rows) => set("rankMapping", rows)}
          newRow={() => ({ customer_group_id: "", rank_code: "", priority: 0 })}
          addLabel={t("form.members.addRank")}
          emptyText={t("form.members.noRank")}
          errorPath={sp("rankMapping")}
          errors={errors}
          columns={[
            {
              header: t("form.members.customerGroup"),
              render: (row, update, i) => (
                <Picker
                  id={`rankMapping-${i}-group`}
                  ariaLabel={`${t("form.members.customerGroup")} ${i + 1}`}
                  value={row.customer_group_id || null}
                  options={choices.customerGroups}
                  onChange={(v) => update({ ...row, customer_group_id: v ?? "" })}
                />
              ),
            },
            {
              header: t("form.members.rankCode"),
              japanese: "会員ランク",
              className: "w-36",
              render: (row, update, i) => (
                <TextInput
                  id={`rankMapping-${i}-code`}
                  ariaLabel={`${t("form.members.rankCode")} ${i + 1}`}
                  value={row.rank_code}
                  onChange={(v) => update({ ...row, rank_code: v ?? "" })}
                />
              ),
            },
            {
              header: t("form.members.priority"),
              className: "w-28",
              render: (row, update, i) => (
                <NumberInput id={`rankMapping-${i}-priority`} ariaLabel={`${t("form.members.priority")} ${i + 1}`} value={row.priority} onChange={(v) => update({ ...row, priority: v })} />
              ),
            },
          ]}
        />
      </Field>
      <Field
        id="customerIdStart"
        label={t("field.customerIdStart")}
        japanese="会員ID開始番号"
        description={floorDescription(t, customerIdFloor)}
        error={errors[sp("customerIdStart")]}
      >
        <NumberInput id="customerIdStart" value={draft.customerIdStart} onChange={(v) => set("customerIdStart", v)} />
      </Field>
      <Field
        id="memberCode"
        label={t("field.memberCode")}
        japanese="会員コード形式"
        description={code.format === "ean13" ? t("form.members.ean13Help") : t("form.members.example", { code: `${code.prefix}${"1".padStart(code.digits || 1, "0")}` })}
        error={[errors[sp("memberCode.format")], errors[sp("memberCode.prefix")], errors[sp("memberCode.digits")]]}
      >
        <div className="grid grid-cols-[6rem_1fr] items-center gap-2">
          <span className="txt-compact-small text-ui-fg-subtle">{t("form.members.format")}</span>
          <Picker
            id="memberCode.format"
            value={code.format}
            options={memberCodeFormats(t)}
            onChange={(v) => v && set("memberCode", { ...code, format: v as typeof code.format })}
          />
          <span className="txt-compact-small text-ui-fg-subtle">{t("form.members.prefix")}</span>
          <TextInput id="memberCode.prefix" value={code.prefix} onChange={(v) => set("memberCode", { ...code, prefix: v ?? "" })} />
          <span className="txt-compact-small text-ui-fg-subtle">{t("form.members.digits")}</span>
          <NumberInput id="memberCode.digits" value={code.digits} onChange={(v) => set("memberCode", { ...code, digits: v })} />
        </div>
      </Field>
      <Field
        id="metadataKeys"
        label={t("field.metadataKeys")}
        japanese="会員自由項目（メタデータキー）"
        description={t("form.members.metadataKeysHelp")}
        error={[errors[sp("metadataKeys.memberCode")], errors[sp("metadataKeys.syncedAt")], errors[sp("metadataKeys.syncStatus")]]}
      >
        <div className="grid grid-cols-[6rem_1fr] items-center gap-2">
          <span className="txt-compact-small text-ui-fg-subtle">{t("customerWidget.memberCode")}</span>
          <TextInput id="metadataKeys.memberCode" value={keys.memberCode} onChange={(v) => set("metadataKeys", { ...keys, memberCode: v ?? "" })} />
          <span className="txt-compact-small text-ui-fg-subtle">{t("form.members.syncedAt")}</span>
          <TextInput id="metadataKeys.syncedAt" value={keys.syncedAt} onChange={(v) => set("metadataKeys", { ...keys, syncedAt: v ?? "" })} />
          <span className="txt-compact-small text-ui-fg-subtle">{t("customerWidget.syncState")}</span>
          <TextInput id="metadataKeys.syncStatus" value={keys.syncStatus} onChange={(v) => set("metadataKeys", { ...keys, syncStatus: v ?? "" })} />
        </div>
      </Field>
      <SelectField
        {...rows.optionalChoice("approvalCustomerGroupId")}
        label={t("field.approvalCustomerGroupId")}
        japanese="承認（顧客グループ）"
        description={t("form.members.approvalGroupHelp")}
        options={choices.customerGroups}
        noneLabel={t("form.members.everyRegisteredCustomer")}
      />
      {draft.approvalMetadataKey && !draft.approvalCustomerGroupId && (
        <Alert variant="warning" dismissible={false} data-member-sync-paused>
          <div className="flex flex-col gap-y-2">
            <span>{t("form.members.syncPaused", { key: draft.approvalMetadataKey })}</span>
            <div>
              <Button type="button" size="small" variant="secondary" onClick={() => set("approvalMetadataKey", null)}>
                {t("form.members.syncEveryone")}
              </Button>
            </div>
          </div>
        </Alert>
      )}
      <SelectField {...rows.choice("linkExistingBy")} label={t("field.linkExistingBy")} japanese="既存会員との照合" options={linkExistingOptions(t)} />
      <SelectField {...rows.choice("deletionPolicy")} label={t("field.deletionPolicy")} japanese="顧客削除時の扱い" options={deletionOptions(t)} />
      <Field id="memberBatchSize" label={t("field.memberBatchSize")} japanese="一括送信件数" error={errors[sp("memberBatchSize")]}>
        <NumberInput id="memberBatchSize" value={draft.memberBatchSize} onChange={(v) => set("memberBatchSize", v)} />
      </Field>
      <Field
        id="namePlaceholder"
        label={t("field.namePlaceholder")}
        japanese="氏名未入力時の代替文字"
        error={errors[sp("namePlaceholder")]}
      >
        <TextInput id="namePlaceholder" value={draft.namePlaceholder} onChange={(v) => set("namePlaceholder", v ?? "")} />
      </Field>
    </FormSection>
  )
}
