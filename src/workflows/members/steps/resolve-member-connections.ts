import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { type ConnectionSettings, memberSyncActive } from "../../../smaregi/settings"
import { smaregiService } from "../store"

export type MemberConnection = { id: string; settings: ConnectionSettings }

/** Enabled connections with member sync on and not paused (optionally only one). */
export const resolveMemberConnectionsStep = createStep(
  "smaregi-resolve-member-connections",
  async (input: { connection_id?: string | null }, { container }) => {
    const connections = await smaregiService(container).listPublicConnections()
    const selected: MemberConnection[] = connections
      .filter((c) => memberSyncActive(c) && (!input.connection_id || c.id === input.connection_id))
      .map((c) => ({ id: c.id, settings: c.settings }))
    return new StepResponse(selected)
  }
)
