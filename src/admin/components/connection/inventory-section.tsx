import { useT } from "../../lib/i18n"
import { errorsUnder } from "../../lib/field-errors"
import type { StoreLocationRow } from "../../lib/mappings-file"
import { EditableTable } from "../editable-table"
import { Field, SwitchField } from "../field"
import { FormSection } from "../form-section"
import { TextInput } from "../inputs"
import { Picker } from "../picker"
import { type SectionProps, settingRows, sp } from "./types"

type InventorySectionProps = SectionProps & { storeRows: StoreLocationRow[]; setStoreRows: (rows: StoreLocationRow[]) => void }

export function InventorySection({ draft, set, errors, choices, storeRows, setStoreRows }: InventorySectionProps) {
  const t = useT()
  const duplicate = new Set(storeRows.map((r) => r.storeId.trim())).size !== storeRows.length
  return (
    <FormSection id="inventory" title={t("form.inventory.title")} japanese="在庫" description={t("form.inventory.description")}>
      <SwitchField
        {...settingRows({ draft, set, errors }).toggle("inventoryEnabled")}
        label={t("field.inventoryEnabled")}
        japanese="在庫引当有無"
        description={t("form.inventory.reserveHelp")}
      />
      <Field
        id="storeLocations"
        stacked
        label={t("field.storeLocations")}
        japanese="店舗ID → 在庫拠点マッピング"
        description={t("form.inventory.locationsHelp")}
        error={[...errorsUnder(errors, sp("storeLocations")), ...(duplicate ? [t("form.inventory.duplicateStore")] : [])]}
      >
        <EditableTable<StoreLocationRow>
          id="storeLocations"
          rows={storeRows}
          onChange={setStoreRows}
          newRow={() => ({ storeId: "", locationId: null })}
          addLabel={t("form.addStore")}
          emptyText={t("form.inventory.noStore")}
          columns={[
            {
              header: t("form.smaregiStoreId"),
              japanese: "店舗ID",
              className: "w-40",
              render: (row, update, i) => (
                <TextInput
                  id={`storeLocations-${i}-store`}
                  ariaLabel={`${t("form.smaregiStoreId")} ${i + 1}`}
                  value={row.storeId}
                  placeholder="1"
                  onChange={(v) => update({ ...row, storeId: v ?? "" })}
                />
              ),
            },
            {
              header: t("form.inventory.stockLocation"),
              japanese: "在庫拠点",
              render: (row, update, i) => (
                <Picker
                  id={`storeLocations-${i}-location`}
                  ariaLabel={`${t("form.inventory.stockLocation")} ${i + 1}`}
                  value={row.locationId}
                  options={choices.stockLocations}
                  onChange={(v) => update({ ...row, locationId: v })}
                />
              ),
            },
          ]}
        />
      </Field>
    </FormSection>
  )
}
