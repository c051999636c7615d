import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { SMAREGI_MODULE } from "../../../modules/smaregi"
import type { PlatformEventRow } from "../../../modules/smaregi/repositories/platform-events"
import type SmaregiModuleService from "../../../modules/smaregi/service"
import { PlatformTransport } from "../../../modules/smaregi/transport/platform"
import { followRegisterEdit } from "../../../smaregi/platform/member-edits"
import { mergeCustomerMetadata } from "../../members/customer-metadata"

/**
 * Every action of a `pos:customers` event means "re-read these members": each of ours is read by id and our record
 * takes the code (and, without a rank mapping, the rank) Smaregi holds now, the code mirrored into the customer's
 * metadata as a sync mirrors it. Members that are not ours (created at the register) are not read; a member Smaregi
 * no longer has is left as it is. The mirror is merged for every member read, not only the ones that changed: a
 * retried event whose record was already followed still writes a mirror the failed run did not (no-ops are skipped).
 */
export const followPlatformMembersStep = createStep(
  "smaregi-follow-platform-members",
  async (event: PlatformEventRow, { container }): Promise<StepResponse<{ followed: number }>> => {
    if (event.event !== "pos:customers" || !event.ids.length) return new StepResponse({ followed: 0 })
    const smaregi = container.resolve<SmaregiModuleService>(SMAREGI_MODULE)
    const store = smaregi.records()
    const members = await store.members.bySmaregiIds(event.connection_id, event.ids)
    if (!members.length) return new StepResponse({ followed: 0 })
    const transport = await smaregi.transportFor(event.connection_id)
    if (!(transport instanceof PlatformTransport)) throw new Error(`connection ${event.connection_id} no longer uses the Platform API`)
    const rows = await transport.readMembers(members.map((m) => m.smaregi_customer_id))
    const { settings } = await smaregi.getPublicConnection(event.connection_id)
    const rankFromGroups = settings.rankMapping.length > 0
    const mirrored: Array<{ id: string; patch: Record<string, unknown> }> = []
    let followed = 0
    for (const member of members) {
      const row = rows.get(member.smaregi_customer_id)
      if (!row) continue
      const next = followRegisterEdit(member, row, { rankFromGroups })
      let code = member.customer_code
      if (next && (await store.members.followSmaregi(member.id, next))) {
        followed++
        code = next.customer_code
      } else if (next) {
        container
          .resolve(ContainerRegistrationKeys.LOGGER)
          .warn(`smaregi: member ${member.id} was given the code ${next.customer_code} at the register, which another member of the connection holds; kept ${member.customer_code}`)
      }
      mirrored.push({ id: member.customer_id, patch: { [settings.metadataKeys.memberCode]: code } })
    }
    await mergeCustomerMetadata(container, mirrored)
    return new StepResponse({ followed })
  }
)
