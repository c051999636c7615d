import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMAREGI_MODULE } from "../../../modules/smaregi"
import type { QueuedMember } from "./enqueue-members"

type LinkDefinition = { [SMAREGI_MODULE]: { smaregi_member_id: string }; [Modules.CUSTOMER]: { customer_id: string } }

/** Links new member records to their customers (smaregi_member ↔ customer); returns the links made. */
export async function linkMembersToCustomers(container: MedusaContainer, queued: QueuedMember[]): Promise<LinkDefinition[]> {
  const links: LinkDefinition[] = queued
    .filter((m) => m.created)
    .map((m) => ({ [SMAREGI_MODULE]: { smaregi_member_id: m.member_id }, [Modules.CUSTOMER]: { customer_id: m.customer_id } }))
  if (!links.length) return []
  try {
    await container.resolve(ContainerRegistrationKeys.LINK).create(links)
  } catch (e) {
    // The member record is the source of truth; a missing link only hides it from graph queries.
    const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
    logger.warn(`smaregi: could not link members to customers: ${e instanceof Error ? e.message : String(e)}`)
    return []
  }
  return links
}

export const linkMembersToCustomersStep = createStep(
  "smaregi-link-members-to-customers",
  async (input: { queued: QueuedMember[] }, { container }) => {
    const links = await linkMembersToCustomers(container, input.queued)
    return new StepResponse(links, links)
  },
  async (links, { container }) => {
    if (!links?.length) return
    await container.resolve(ContainerRegistrationKeys.LINK).dismiss(links)
  }
)
