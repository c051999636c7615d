import { Alert, Button } from "@medusajs/ui"
import type { MemberFieldMappingEntry, RankMappingEntry } from "../../lib/api"
import { CUSTOMER_SOURCE_FIELDS, METADATA_PREFIX, SMAREGI_CUSTOMER_FIELDS } from "../../lib/options"
import { EditableTable } from "../editable-table"
import { Field, SelectField, SwitchField } from "../field"
import { FormSection } from "../form-section"
import { NumberInput, TextInput } from "../inputs"
import { formatDateTime } from "../../lib/format"
import { Picker } from "../picker"
import { type SectionProps, settingRows, sp } from "./types"

const METADATA_CHOICE = "__metadata__"

const LINK_EXISTING_OPTIONS = [
  { value: "none", label: "Never (always create a member)" },
  { value: "email", label: "E-mail address" },
  { value: "phone", label: "Phone number" },
]

const DELETION_OPTIONS = [
  { value: "withdraw", label: "Mark withdrawn (退会)" },
  { value: "delete", label: "Delete the member" },
  { value: "keep", label: "Keep the member" },
]

const MEMBER_CODE_FORMATS = [
  { value: "prefixed", label: "Prefix + number" },
  { value: "ean13", label: "Numeric EAN-13" },
]

function SourceEditor({ id, value, onChange }: { id: string; value: string; onChange: (v: string) => void }) {
  const isMetadata = value.startsWith(METADATA_PREFIX)
  return (
    <div className="flex items-center gap-x-2">
      <div className="min-w-0 flex-1">
        <Picker
          ariaLabel="Customer field"
          value={isMetadata ? METADATA_CHOICE : value || null}
          options={[...CUSTOMER_SOURCE_FIELDS, { value: METADATA_CHOICE, label: "Metadata key…" }]}
          onChange={(v) => onChange(v === METADATA_CHOICE ? METADATA_PREFIX : v ?? "")}
        />
      </div>
      {isMetadata && (
        <div className="min-w-0 flex-1">
          <TextInput
            id={id}
            ariaLabel="Customer metadata key"
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

function floorDescription({ floor, readAt }: MembersSectionProps["customerIdFloor"]): string {
  const rule = "Customer IDs are allocated upwards from here, above the highest ID Smaregi already uses, and never reused."
  if (floor === null) return `${rule} The highest ID in Smaregi is read before the first member is created.`
  return `${rule} Highest ID found in Smaregi: ${floor} (read ${formatDateTime(readAt)}), so new members start at ${
    floor + 1
  } or above.`
}

export function MembersSection({ draft, set, errors, choices, onResetMemberFieldMapping, customerIdFloor }: MembersSectionProps) {
  const rows = settingRows({ draft, set, errors })
  const code = draft.memberCode
  const keys = draft.metadataKeys
  return (
    <FormSection
      id="members-out"
      title="Members OUT"
      japanese="会員連携"
      description="Registered store customers become Smaregi members (会員) and are kept up to date."
    >
      <SwitchField {...rows.toggle("memberSyncEnabled")} label="Sync members" japanese="会員連携" />
      <Field
        id="memberFieldMapping"
        stacked
        label="Member field mapping"
        japanese="会員連携項目マッピング"
        description="Customer fields sent as Smaregi Customer fields. Values are normalised (kana, dates, post codes) before sending."
      >
        <EditableTable<MemberFieldMappingEntry>
          id="memberFieldMapping"
          rows={draft.memberFieldMapping}
          onChange={(rows) => set("memberFieldMapping", rows)}
          newRow={() => ({ source: "", smaregi: "" })}
          addLabel="Add mapping"
          errorPath={sp("memberFieldMapping")}
          errors={errors}
          footer={
            <Button type="button" size="small" variant="transparent" onClick={onResetMemberFieldMapping}>
              Reset to default
            </Button>
          }
          columns={[
            {
              header: "Medusa customer field",
              render: (row, update, i) => (
                <SourceEditor id={`memberFieldMapping-${i}-source`} value={row.source} onChange={(v) => update({ ...row, source: v })} />
              ),
            },
            {
              header: "Smaregi field",
              className: "w-[40%]",
              render: (row, update, i) => (
                <Picker
                  id={`memberFieldMapping-${i}-smaregi`}
                  ariaLabel={`Smaregi customer field ${i + 1}`}
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
        label="Rank mapping"
        japanese="会員ランクコードマッピング"
        description="Customer group → Smaregi rank code. A customer in several groups takes the highest priority; unmapped sends no rank."
      >
        <EditableTable<RankMappingEntry>
          id="rankMapping"
          rows={draft.rankMapping}
          onChange={(rows) => set("rankMapping", rows)}
          newRow={() => ({ customer_group_id: "", rank_code: "", priority: 0 })}
          addLabel="Add rank"
          emptyText="No rank is sent."
          errorPath={sp("rankMapping")}
          errors={errors}
          columns={[
            {
              header: "Customer group",
              render: (row, update, i) => (
                <Picker
                  id={`rankMapping-${i}-group`}
                  ariaLabel={`Customer group ${i + 1}`}
                  value={row.customer_group_id || null}
                  options={choices.customerGroups}
                  onChange={(v) => update({ ...row, customer_group_id: v ?? "" })}
                />
              ),
            },
            {
              header: "Rank code",
              japanese: "会員ランク",
              className: "w-36",
              render: (row, update, i) => (
                <TextInput
                  id={`rankMapping-${i}-code`}
                  ariaLabel={`Rank code ${i + 1}`}
                  value={row.rank_code}
                  onChange={(v) => update({ ...row, rank_code: v ?? "" })}
                />
              ),
            },
            {
              header: "Priority",
              className: "w-28",
              render: (row, update, i) => (
                <NumberInput id={`rankMapping-${i}-priority`} ariaLabel={`Priority ${i + 1}`} value={row.priority} onChange={(v) => update({ ...row, priority: v })} />
              ),
            },
          ]}
        />
      </Field>
      <Field
        id="customerIdStart"
        label="First Smaregi customer ID"
        japanese="会員ID開始番号"
        description={floorDescription(customerIdFloor)}
        error={errors[sp("customerIdStart")]}
      >
        <NumberInput id="customerIdStart" value={draft.customerIdStart} onChange={(v) => set("customerIdStart", v)} />
      </Field>
      <Field
        id="memberCode"
        label="Member code format"
        japanese="会員コード形式"
        description={code.format === "ean13" ? "13 digits with an EAN-13 check digit." : `e.g. ${code.prefix}${"1".padStart(code.digits || 1, "0")}`}
        error={[errors[sp("memberCode.format")], errors[sp("memberCode.prefix")], errors[sp("memberCode.digits")]]}
      >
        <div className="grid grid-cols-[6rem_1fr] items-center gap-2">
          <span className="txt-compact-small text-ui-fg-subtle">Format</span>
          <Picker
            id="memberCode.format"
            value={code.format}
            options={MEMBER_CODE_FORMATS}
            onChange={(v) => v && set("memberCode", { ...code, format: v as typeof code.format })}
          />
          <span className="txt-compact-small text-ui-fg-subtle">Prefix</span>
          <TextInput id="memberCode.prefix" value={code.prefix} onChange={(v) => set("memberCode", { ...code, prefix: v ?? "" })} />
          <span className="txt-compact-small text-ui-fg-subtle">Digits</span>
          <NumberInput id="memberCode.digits" value={code.digits} onChange={(v) => set("memberCode", { ...code, digits: v })} />
        </div>
      </Field>
      <Field
        id="metadataKeys"
        label="Customer metadata keys"
        japanese="会員自由項目（メタデータキー）"
        description="Where the member code, last sync time and sync status are mirrored on the customer."
        error={[errors[sp("metadataKeys.memberCode")], errors[sp("metadataKeys.syncedAt")], errors[sp("metadataKeys.syncStatus")]]}
      >
        <div className="grid grid-cols-[6rem_1fr] items-center gap-2">
          <span className="txt-compact-small text-ui-fg-subtle">Member code</span>
          <TextInput id="metadataKeys.memberCode" value={keys.memberCode} onChange={(v) => set("metadataKeys", { ...keys, memberCode: v ?? "" })} />
          <span className="txt-compact-small text-ui-fg-subtle">Synced at</span>
          <TextInput id="metadataKeys.syncedAt" value={keys.syncedAt} onChange={(v) => set("metadataKeys", { ...keys, syncedAt: v ?? "" })} />
          <span className="txt-compact-small text-ui-fg-subtle">Sync status</span>
          <TextInput id="metadataKeys.syncStatus" value={keys.syncStatus} onChange={(v) => set("metadataKeys", { ...keys, syncStatus: v ?? "" })} />
        </div>
      </Field>
      <SelectField
        {...rows.optionalChoice("approvalCustomerGroupId")}
        label="Approval customer group"
        japanese="承認（顧客グループ）"
        description="When set, only members of this customer group are pushed; adding a customer to it starts their sync. Customers cannot change their groups."
        options={choices.customerGroups}
        noneLabel="Every registered customer"
      />
      {draft.approvalMetadataKey && !draft.approvalCustomerGroupId && (
        <Alert variant="warning" dismissible={false} data-member-sync-paused>
          <div className="flex flex-col gap-y-2">
            <span>
              Member sync is paused: approval by the customer metadata key “{draft.approvalMetadataKey}” is no longer
              supported, because customers can change their own metadata. Choose an approval customer group above, or
              sync every registered customer.
            </span>
            <div>
              <Button type="button" size="small" variant="secondary" onClick={() => set("approvalMetadataKey", null)}>
                Sync every registered customer
              </Button>
            </div>
          </div>
        </Alert>
      )}
      <SelectField {...rows.choice("linkExistingBy")} label="Link existing Smaregi members by" japanese="既存会員との照合" options={LINK_EXISTING_OPTIONS} />
      <SelectField {...rows.choice("deletionPolicy")} label="When a customer is deleted" japanese="顧客削除時の扱い" options={DELETION_OPTIONS} />
      <Field id="memberBatchSize" label="Members per request" japanese="一括送信件数" error={errors[sp("memberBatchSize")]}>
        <NumberInput id="memberBatchSize" value={draft.memberBatchSize} onChange={(v) => set("memberBatchSize", v)} />
      </Field>
      <Field
        id="namePlaceholder"
        label="Placeholder for missing names"
        japanese="氏名未入力時の代替文字"
        error={errors[sp("namePlaceholder")]}
      >
        <TextInput id="namePlaceholder" value={draft.namePlaceholder} onChange={(v) => set("namePlaceholder", v ?? "")} />
      </Field>
    </FormSection>
  )
}
