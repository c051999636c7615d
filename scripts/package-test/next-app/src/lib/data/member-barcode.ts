"use server"

import { sdk } from "@lib/config"
import { getAuthHeaders } from "@lib/data/cookies"
import {
  MEMBER_BARCODE_PATH,
  memberBarcodeFromJson,
  type MemberBarcodeJson,
  type MemberBarcodeResult,
} from "medusa-plugin-smaregi/storefront"

/** The logged-in customer's member barcode, fetched on the server with the customer's token. */
export async function retrieveMemberBarcode(): Promise<MemberBarcodeResult> {
  const headers = await getAuthHeaders()
  if (!("authorization" in headers)) return { state: "signed_out", message: "Not signed in." }
  try {
    const body = await sdk.client.fetch<MemberBarcodeJson>(MEMBER_BARCODE_PATH, {
      query: { format: "json", text: false }, // the card prints the code under the image
      headers,
      cache: "no-store",
    })
    const barcode = memberBarcodeFromJson(body)
    return barcode ? { state: "ready", barcode } : { state: "error", message: "No barcode in the answer." }
  } catch (error) {
    const { status, message } = error as { status?: number; message: string }
    if (status === 404) return { state: "not_member", message } // no member code yet (sync pending)
    if (status === 401) return { state: "signed_out", message }
    return { state: "error", status, message }
  }
}
