export type MemberBarcodeType = "code128" | "qr" | "ean13"

export type FetchMemberBarcodeOptions = {
  /** Medusa backend URL, e.g. "https://api.example.com". */
  backendUrl: string
  publishableKey: string
  /** The customer's JWT (sent as a bearer token). Omit it to rely on the session cookie. */
  token?: string
  /** Use "include" for a cookie session on another origin. */
  credentials?: RequestCredentials
  type?: MemberBarcodeType
  /** The image the JSON carries; SVG is sharp at any size. */
  image?: "svg" | "png"
  scale?: number
  height?: number
  text?: boolean
  signal?: AbortSignal
  fetch?: typeof fetch
}

export type MemberBarcode = {
  code: string
  type: MemberBarcodeType
  /** A data: URL ready for an <img src>. */
  src: string
  svg?: string
}

export type MemberBarcodeResult =
  | { state: "ready"; barcode: MemberBarcode }
  | { state: "not_member"; message: string }
  | { state: "signed_out"; message: string }
  | { state: "error"; message: string; status?: number }

export const MEMBER_BARCODE_PATH = "/store/customers/me/smaregi-barcode"

/** The route's `format=json` answer. */
export type MemberBarcodeJson = { code: string; type: MemberBarcodeType; svg?: string; png_base64?: string }
type ErrorJson = { code?: string; message?: string }

/** The barcode of a `format=json` answer, ready for an <img src>; null when the body carries no image. */
export function memberBarcodeFromJson(body: Partial<MemberBarcodeJson> | null | undefined): MemberBarcode | null {
  if (!body?.code || !body.type || !(body.svg || body.png_base64)) return null
  const src = body.svg
    ? `data:image/svg+xml;charset=utf-8,${encodeURIComponent(body.svg)}`
    : `data:image/png;base64,${body.png_base64}`
  return { code: body.code, type: body.type, src, ...(body.svg ? { svg: body.svg } : {}) }
}

export function memberBarcodeUrl(options: FetchMemberBarcodeOptions): string {
  const query = new URLSearchParams({ format: "json" })
  if (options.image) query.set("image", options.image)
  if (options.type) query.set("type", options.type)
  if (options.scale !== undefined) query.set("scale", String(options.scale))
  if (options.height !== undefined) query.set("height", String(options.height))
  if (options.text !== undefined) query.set("text", String(options.text))
  return `${options.backendUrl.replace(/\/+$/, "")}${MEMBER_BARCODE_PATH}?${query}`
}

/** Fetches the logged-in customer's member barcode; never throws for HTTP or network failures. */
export async function fetchMemberBarcode(options: FetchMemberBarcodeOptions): Promise<MemberBarcodeResult> {
  const doFetch = options.fetch ?? globalThis.fetch
  const headers: Record<string, string> = { accept: "application/json", "x-publishable-api-key": options.publishableKey }
  if (options.token) headers.authorization = `Bearer ${options.token}`
  let response: Response
  try {
    response = await doFetch(memberBarcodeUrl(options), {
      headers,
      credentials: options.credentials ?? (options.token ? "omit" : "include"),
      signal: options.signal,
    })
  } catch (e) {
    if ((e as Error)?.name === "AbortError") throw e
    return { state: "error", message: "The membership card could not be loaded (network error)." }
  }
  const body = (await response.json().catch(() => ({}))) as Partial<MemberBarcodeJson> & ErrorJson
  const barcode = response.ok ? memberBarcodeFromJson(body) : null
  if (barcode) return { state: "ready", barcode }
  if (response.status === 404 && body.code === "member_code_missing") {
    return { state: "not_member", message: body.message ?? "No member code yet." }
  }
  if (response.status === 401) return { state: "signed_out", message: body.message ?? "Not signed in." }
  return {
    state: "error",
    status: response.status,
    message: body.message ?? `The membership card could not be loaded (HTTP ${response.status}).`,
  }
}
