// Points of the Platform transport (smaregi-platform.md "Customers and points"): `POST …/point/add` moves the
// balance by what changed off the register and keeps what the register did meanwhile; it needs a premium plan, so a
// contract without it gets Smaregi's balance moved by the same delta through `PATCH …/point` in the same run, and the
// refusal is remembered (PlanFeatureGate).
import type { CustomerRow } from "../../../smaregi/customer-fields"
import { SmaregiApiError } from "../../../smaregi/errors"
import { isPlanFeatureError, type SmaregiPlatformClient } from "../../../smaregi/platform/client"
import { pointsOf } from "./platform-members"
import type { PlanFeature, PlanFeatureGate, PointChange, WrittenMember } from "./types"

/** Writes the point fields of a row written as member `written`; a row without them writes nothing. */
export async function writeMemberPoints(
  client: SmaregiPlatformClient,
  gate: PlanFeatureGate,
  written: WrittenMember,
  row: CustomerRow,
  change: PointChange | null | undefined
): Promise<void> {
  if (row.point === undefined && row.mile === undefined) return
  const { customerId } = written
  // A member just created (balance 0) or another one than the row named holds none of what was sent before: absolute.
  const sameMember = !written.created && (!row.customerId?.trim() || row.customerId.trim() === customerId)
  const delta = sameMember ? (change?.delta ?? null) : null
  // Miles have no relative call: a row mapping them is written absolute.
  if (delta === null || row.point === undefined || row.mile !== undefined) {
    await setPoints(client, customerId, row)
    return
  }
  if (delta === 0) return
  if (!gate.lacks("point_add")) {
    try {
      await client.addPoint(customerId, delta)
      await gate.recordAvailable("point_add")
      return
    } catch (error) {
      if (isPlanFeatureError(error)) await gate.recordLacking("point_add")
      // 400: the add would take Smaregi's balance below zero (the register spent points the ledger has not imported yet).
      else if (!(error instanceof SmaregiApiError && error.httpStatus === 400)) throw error
    }
  }
  // Smaregi's balance moved by the delta (floored at 0) keeps the register's sales the ledger has not imported yet;
  // the ledger's own balance would erase them for good.
  const held = await heldPoints(client, customerId)
  await setPoints(client, customerId, { ...row, point: String(Math.max(0, held + delta)) })
}

async function heldPoints(client: SmaregiPlatformClient, customerId: string): Promise<number> {
  const operation = "GET /pos/customers/point"
  const point = (await pointsOf(client, customerId))?.point ?? "0"
  if (!/^-?\d+$/.test(String(point))) {
    throw new SmaregiApiError({ code: "invalid_response", errorCode: null, message: `${operation}: member ${customerId} has point ${JSON.stringify(point)}`, httpStatus: 200, retryable: false, procName: operation })
  }
  return Number(point)
}

async function setPoints(client: SmaregiPlatformClient, customerId: string, row: CustomerRow): Promise<void> {
  const operation = "PATCH /pos/customers/{id}/point"
  const body: Record<string, string> = {}
  if (row.point !== undefined) body.point = row.point
  if (row.mile !== undefined) body.mile = row.mile
  if (row.pointExpireDate) body.pointExpireDate = row.pointExpireDate
  await client.request({ method: "PATCH", path: `/pos/customers/${customerId}/point`, operation, body })
}

/** A gate that remembers for the life of the transport only (a transport built without the module's). */
export function memoryPlanGate(): PlanFeatureGate {
  const lacking = new Set<PlanFeature>()
  return {
    lacks: (feature) => lacking.has(feature),
    recordLacking: async (feature) => void lacking.add(feature),
    recordAvailable: async (feature) => void lacking.delete(feature),
  }
}
