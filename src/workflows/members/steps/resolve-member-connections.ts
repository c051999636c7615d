import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { type ConnectionSettings, memberSyncActive } from "../../../smaregi/settings"
import { TRANSPORT_CAPABILITIES } from "../../../modules/smaregi/transport/types"
import { smaregiService } from "../store"

/** `assigns_customer_id`: Smaregi gives a new member its customerId (Platform API), so none is allocated here. */
export type MemberConnection = { id: string; settings: ConnectionSettings; assigns_customer_id: boolean }

/** Enabled connections with member sync on and not paused (optionally only one). */
export const resolveMemberConnectionsStep = createStep(
  "smaregi-resolve-member-connections",
  async (input: { connection_id?: string | null }, { container }) => {
    const connections = await smaregiService(container).listPublicConnections()
    const selected: MemberConnection[] = connections
      .filter((c) => memberSyncActive(c) && (!input.connection_id || c.id === input.connection_id))
      .map((c) => ({ id: c.id, settings: c.settings, assigns_customer_id: TRANSPORT_CAPABILITIES[c.api].assignsCustomerId }))
    return new StepResponse(selected)
  }
)
