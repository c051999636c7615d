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
  const duplicate = new Set(storeRows.map((r) => r.storeId.trim())).size !== storeRows.length
  return (
    <FormSection id="inventory" title="Inventory" japanese="在庫" description="Whether POS sales consume Medusa stock, and where.">
      <SwitchField
        {...settingRows({ draft, set, errors }).toggle("inventoryEnabled")}
        label="Reserve inventory"
        japanese="在庫引当有無"
        description="Off: imported orders never touch inventory and never fail for lack of stock."
      />
      <Field
        id="storeLocations"
        stacked
        label="Store → stock location"
        japanese="店舗ID → 在庫拠点マッピング"
        description="The stock location each Smaregi store sells from. Unmapped stores use the sales channel's location."
        error={[...errorsUnder(errors, sp("storeLocations")), ...(duplicate ? ["Each Smaregi store may appear once."] : [])]}
      >
        <EditableTable<StoreLocationRow>
          id="storeLocations"
          rows={storeRows}
          onChange={setStoreRows}
          newRow={() => ({ storeId: "", locationId: null })}
          addLabel="Add store"
          emptyText="No store mapped."
          columns={[
            {
              header: "Smaregi store ID",
              japanese: "店舗ID",
              className: "w-40",
              render: (row, update, i) => (
                <TextInput
                  id={`storeLocations-${i}-store`}
                  ariaLabel={`Smaregi store ID ${i + 1}`}
                  value={row.storeId}
                  placeholder="1"
                  onChange={(v) => update({ ...row, storeId: v ?? "" })}
                />
              ),
            },
            {
              header: "Stock location",
              japanese: "在庫拠点",
              render: (row, update, i) => (
                <Picker
                  id={`storeLocations-${i}-location`}
                  ariaLabel={`Stock location ${i + 1}`}
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
