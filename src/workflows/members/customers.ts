import type { CustomerDTO, ICustomerModuleService, MedusaContainer } from "@medusajs/framework/types"
import { Modules } from "@medusajs/framework/utils"
import type { MemberCustomer, MemberPoints } from "../../smaregi/member-mapping"

export type LoadedCustomer = MemberCustomer & { has_account: boolean }

export const CUSTOMER_FIELDS = ["id", "email", "first_name", "last_name", "phone", "company_name", "metadata", "has_account"]

export function toMemberCustomer(c: CustomerDTO): LoadedCustomer {
  return {
    id: c.id,
    email: c.email,
    first_name: c.first_name,
    last_name: c.last_name,
    phone: c.phone,
    company_name: c.company_name,
    metadata: c.metadata ?? null,
    has_account: c.has_account,
    addresses: (c.addresses ?? []).map((a) => ({
      postal_code: a.postal_code,
      province: a.province,
      city: a.city,
      address_1: a.address_1,
      address_2: a.address_2,
      phone: a.phone,
      company: a.company,
      is_default_shipping: a.is_default_shipping,
      is_default_billing: a.is_default_billing,
    })),
    groups: (c.groups ?? []).map((g) => ({ id: g.id })),
  }
}

/** Live (not deleted) customers by id, with addresses and groups; a deleted customer is simply absent. */
export async function loadCustomers(container: MedusaContainer, ids: string[]): Promise<Map<string, LoadedCustomer>> {
  if (!ids.length) return new Map()
  const customers: ICustomerModuleService = container.resolve(Modules.CUSTOMER)
  const list = await customers.listCustomers(
    { id: [...new Set(ids)] },
    { select: CUSTOMER_FIELDS, relations: ["addresses", "groups"], take: null }
  )
  return new Map(list.map((c) => [c.id, toMemberCustomer(c)]))
}

type PointsService = { getBalance(customerId: string): Promise<MemberPoints> }

/** Balances from the points module when it is installed; an empty map otherwise. */
export async function loadPoints(container: MedusaContainer, ids: string[]): Promise<Map<string, MemberPoints>> {
  const points = container.resolve<PointsService | undefined>("points", { allowUnregistered: true })
  if (!points || typeof points.getBalance !== "function") return new Map()
  const entries = await Promise.all(
    ids.map(async (id) => {
      const b = await points.getBalance(id)
      return [id, { balance: Number(b.balance), nearest_expiry: b.nearest_expiry ?? null }] as const
    })
  )
  return new Map(entries)
}

type OffRegisterLedger = { getOffRegisterTotals(customerIds: string[]): Promise<Map<string, number>> }

/** The ledger without register sales and balances opened from Smaregi, per customer; empty without the points module. */
export async function loadOffRegisterTotals(container: MedusaContainer, ids: string[]): Promise<Map<string, number>> {
  const points = container.resolve<OffRegisterLedger | undefined>("points", { allowUnregistered: true })
  if (!ids.length || !points || typeof points.getOffRegisterTotals !== "function") return new Map()
  return points.getOffRegisterTotals(ids)
}

type IdFilter = { has_account: true; id?: { $gt: string } }

/** Customer ids after `cursor`, in id order (the backfill's resumable cursor). */
export async function registeredCustomersAfter(
  container: MedusaContainer,
  cursor: string | null,
  take: number,
  select: string[] = ["id"],
  relations: string[] = []
) {
  const customers: ICustomerModuleService = container.resolve(Modules.CUSTOMER)
  const filters: IdFilter = cursor ? { has_account: true, id: { $gt: cursor } } : { has_account: true }
  return customers.listCustomers(filters as Parameters<ICustomerModuleService["listCustomers"]>[0], {
    select,
    relations,
    order: { id: "ASC" },
    take,
  })
}
