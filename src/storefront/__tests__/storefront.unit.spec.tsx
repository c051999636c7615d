import { renderToStaticMarkup } from "react-dom/server"
import {
  type FetchMemberBarcodeOptions,
  type MemberBarcodeResult,
  fetchMemberBarcode,
  memberBarcodeFromJson,
  memberBarcodeUrl,
} from ".."
import { SmaregiMemberBarcodeView } from "../react"

const SVG = '<svg width="10" height="10" viewBox="0 0 10 10" xmlns="http://www.w3.org/2000/svg"><rect width="100%" height="100%" fill="#FFFFFF" /></svg>'

type Call = { url: string; init: RequestInit }

function fakeFetch(status: number, body: unknown, calls: Call[] = []): typeof fetch {
  return (async (url: string, init: RequestInit) => {
    calls.push({ url, init })
    return new Response(typeof body === "string" ? body : JSON.stringify(body), {
      status,
      headers: { "content-type": "application/json" },
    })
  }) as unknown as typeof fetch
}

const base: FetchMemberBarcodeOptions = { backendUrl: "http://127.0.0.1:9000/", publishableKey: "pk_test" }

describe("memberBarcodeUrl", () => {
  it.each<[Partial<FetchMemberBarcodeOptions>, string]>([
    [{}, "format=json"],
    [{ type: "qr" }, "format=json&type=qr"],
    [{ image: "png", scale: 4, height: 20, text: false }, "format=json&image=png&scale=4&height=20&text=false"],
  ])("%j → %s", (extra, query) => {
    expect(memberBarcodeUrl({ ...base, ...extra })).toBe(`http://127.0.0.1:9000/store/customers/me/smaregi-barcode?${query}`)
  })
})

describe("memberBarcodeFromJson", () => {
  it.each<[string, unknown, ReturnType<typeof memberBarcodeFromJson>]>([
    ["an SVG answer", { code: "M1", type: "qr", svg: SVG }, { code: "M1", type: "qr", svg: SVG, src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(SVG)}` }],
    ["a PNG answer", { code: "M1", type: "code128", png_base64: "AAAA" }, { code: "M1", type: "code128", src: "data:image/png;base64,AAAA" }],
    ["no image", { code: "M1", type: "code128" }, null],
    ["no code", { type: "code128", svg: SVG }, null],
    ["an error body", { type: "not_found", code: "member_code_missing", message: "…" }, null],
    ["nothing", undefined, null],
  ])("%s", (_name, body, expected) => {
    expect(memberBarcodeFromJson(body as Parameters<typeof memberBarcodeFromJson>[0])).toEqual(expected)
  })
})

describe("fetchMemberBarcode", () => {
  it.each<[string, number, unknown, MemberBarcodeResult]>([
    [
      "an SVG barcode",
      200,
      { code: "M000000123", type: "code128", svg: SVG },
      {
        state: "ready",
        barcode: { code: "M000000123", type: "code128", svg: SVG, src: `data:image/svg+xml;charset=utf-8,${encodeURIComponent(SVG)}` },
      },
    ],
    [
      "a PNG barcode",
      200,
      { code: "M000000123", type: "qr", png_base64: "iVBORw0KGgo=" },
      { state: "ready", barcode: { code: "M000000123", type: "qr", src: "data:image/png;base64,iVBORw0KGgo=" } },
    ],
    [
      "no member code yet",
      404,
      { type: "not_found", code: "member_code_missing", message: "not synced (save your profile to retry)" },
      { state: "not_member", message: "not synced (save your profile to retry)" },
    ],
    ["a signed-out visitor", 401, { type: "unauthorized", message: "Unauthorized" }, { state: "signed_out", message: "Unauthorized" }],
    [
      "a refused option",
      400,
      { type: "invalid_data", code: "ean13_not_13_digits", message: "type=ean13 needs a 13-digit numeric member code" },
      { state: "error", status: 400, message: "type=ean13 needs a 13-digit numeric member code" },
    ],
    ["a server error without JSON", 502, "<html>Bad gateway</html>", { state: "error", status: 502, message: "The membership card could not be loaded (HTTP 502)." }],
    ["another 404 (route missing)", 404, { message: "Cannot GET" }, { state: "error", status: 404, message: "Cannot GET" }],
  ])("maps %s", async (_label, status, body, expected) => {
    expect(await fetchMemberBarcode({ ...base, fetch: fakeFetch(status, body) })).toEqual(expected)
  })

  it.each<[string, Partial<FetchMemberBarcodeOptions>, Record<string, string>, RequestCredentials]>([
    ["a bearer token", { token: "jwt-abc" }, { authorization: "Bearer jwt-abc" }, "omit"],
    ["a cookie session", {}, {}, "include"],
    ["an explicit credentials mode", { token: "jwt-abc", credentials: "same-origin" }, { authorization: "Bearer jwt-abc" }, "same-origin"],
  ])("sends the publishable key and %s", async (_label, extra, auth, credentials) => {
    const calls: Call[] = []
    await fetchMemberBarcode({ ...base, ...extra, fetch: fakeFetch(200, { code: "M1", type: "code128", svg: SVG }, calls) })
    expect(calls).toHaveLength(1)
    expect(calls[0].init.headers).toEqual({ accept: "application/json", "x-publishable-api-key": "pk_test", ...auth })
    expect(calls[0].init.credentials).toBe(credentials)
  })

  it("reports a network failure as an error state", async () => {
    const failing = (async () => {
      throw new TypeError("Failed to fetch")
    }) as unknown as typeof fetch
    expect(await fetchMemberBarcode({ ...base, fetch: failing })).toMatchObject({ state: "error", message: /network/ })
  })
})

describe("SmaregiMemberBarcodeView", () => {
  const ready: MemberBarcodeResult = {
    state: "ready",
    barcode: { code: "M000000123", type: "code128", src: "data:image/png;base64,AAAA" },
  }

  it.each<[string, MemberBarcodeResult | null, RegExp[]]>([
    ["loading", null, [/data-state="loading"/, /role="status"/, /aria-busy="true"/, /Loading your membership card/]],
    [
      "ready",
      ready,
      [
        /data-state="ready"/,
        /<img class="smaregi-mb__image" src="data:image\/png;base64,AAAA" alt="Membership barcode for member code M000000123"/,
        /<span class="smaregi-mb__value">M000000123<\/span>/,
      ],
    ],
    [
      "not a member yet",
      { state: "not_member", message: "server text" },
      [/role="status"/, /Your membership card will appear here after your profile is synced — save your profile to retry\./],
    ],
    ["signed out", { state: "signed_out", message: "x" }, [/Sign in to see your membership card/]],
    ["error", { state: "error", message: "boom", status: 500 }, [/role="alert"/, /could not be loaded/, /<button type="button" class="smaregi-mb__retry">Try again<\/button>/]],
  ])("renders the %s state", (_label, result, patterns) => {
    const html = renderToStaticMarkup(<SmaregiMemberBarcodeView result={result} onRetry={() => undefined} />)
    for (const pattern of patterns) expect(html).toMatch(pattern)
    if (result?.state !== "ready") expect(html).not.toMatch(/<img/)
  })

  it("takes the merchant's labels (e.g. Japanese)", () => {
    const html = renderToStaticMarkup(
      <SmaregiMemberBarcodeView
        result={ready}
        labels={{ title: "会員証", memberCode: "会員コード", alt: (b) => `会員バーコード ${b.code}` }}
      />
    )
    expect(html).toContain("会員証")
    expect(html).toContain('alt="会員バーコード M000000123"')
  })
})
