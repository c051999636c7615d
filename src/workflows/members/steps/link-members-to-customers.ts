import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMAREGI_MODULE } from "../../../modules/smaregi"
import type { QueuedMember } from "./enqueue-members"

type LinkDefinition = { [SMAREGI_MODULE]: { smaregi_member_id: string }; [Modules.CUSTOMER]: { customer_id: string } }

/** Links new member records to their customers (smaregi_member ↔ customer). */
export const linkMembersToCustomersStep = createStep(
  "smaregi-link-members-to-customers",
  async (input: { queued: QueuedMember[] }, { container }) => {
    const links: LinkDefinition[] = input.queued
      .filter((m) => m.created)
      .map((m) => ({ [SMAREGI_MODULE]: { smaregi_member_id: m.member_id }, [Modules.CUSTOMER]: { customer_id: m.customer_id } }))
    if (!links.length) return new StepResponse([] as LinkDefinition[], [] as LinkDefinition[])
    try {
      await container.resolve(ContainerRegistrationKeys.LINK).create(links)
    } catch (e) {
      // The member record is the source of truth; a missing link only hides it from graph queries.
      const logger = container.resolve(ContainerRegistrationKeys.LOGGER)
      logger.warn(`smaregi: could not link members to customers: ${e instanceof Error ? e.message : String(e)}`)
      return new StepResponse([] as LinkDefinition[], [] as LinkDefinition[])
    }
    return new StepResponse(links, links)
  },
  async (links, { container }) => {
    if (!links?.length) return
    await container.resolve(ContainerRegistrationKeys.LINK).dismiss(links)
  }
)
