import { useQuery } from "@tanstack/react-query"
import type { Option } from "./options"
import { sdk } from "./sdk"

const LIMIT = 200

/** Choices for the mapping pickers, read through Medusa's own admin API. */
export function useStoreChoices() {
  const salesChannels = useQuery({
    queryKey: ["smaregi", "choices", "sales-channels"],
    queryFn: () => sdk.admin.salesChannel.list({ limit: LIMIT }),
  })
  const regions = useQuery({
    queryKey: ["smaregi", "choices", "regions"],
    queryFn: () => sdk.admin.region.list({ limit: LIMIT }),
  })
  const stockLocations = useQuery({
    queryKey: ["smaregi", "choices", "stock-locations"],
    queryFn: () => sdk.admin.stockLocation.list({ limit: LIMIT }),
  })
  const customerGroups = useQuery({
    queryKey: ["smaregi", "choices", "customer-groups"],
    queryFn: () => sdk.admin.customerGroup.list({ limit: LIMIT }),
  })
  const products = useQuery({
    queryKey: ["smaregi", "choices", "option-titles"],
    queryFn: () => sdk.admin.product.list({ limit: LIMIT, fields: "id,options.title" }),
  })

  const optionTitles = Array.from(
    new Set((products.data?.products ?? []).flatMap((p) => (p.options ?? []).map((o) => o.title)).filter(Boolean))
  ).sort()

  return {
    salesChannels: (salesChannels.data?.sales_channels ?? []).map<Option>((s) => ({ value: s.id, label: s.name })),
    regions: (regions.data?.regions ?? []).map<Option>((r) => ({
      value: r.id,
      label: `${r.name} (${r.currency_code.toUpperCase()})`,
    })),
    stockLocations: (stockLocations.data?.stock_locations ?? []).map<Option>((l) => ({ value: l.id, label: l.name })),
    customerGroups: (customerGroups.data?.customer_groups ?? []).map<Option>((g) => ({ value: g.id, label: g.name ?? g.id })),
    optionTitles: optionTitles.map<Option>((t) => ({ value: t, label: t })),
  }
}
