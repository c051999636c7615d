import type { MemberBarcode, MemberBarcodeResult } from "./fetch-member-barcode"

export type SmaregiBarcodeLabels = {
  title: string
  loading: string
  notMember: string
  signedOut: string
  error: string
  retry: string
  memberCode: string
  alt: (barcode: MemberBarcode) => string
}

export const DEFAULT_LABELS: SmaregiBarcodeLabels = {
  title: "Membership card",
  loading: "Loading your membership card…",
  notMember: "Your membership card will appear here after your profile is synced — save your profile to retry.",
  signedOut: "Sign in to see your membership card.",
  error: "Your membership card could not be loaded.",
  retry: "Try again",
  memberCode: "Member code",
  alt: (b) => `Membership ${b.type === "qr" ? "QR code" : "barcode"} for member code ${b.code}`,
}

export type BarcodeViewState = "loading" | MemberBarcodeResult["state"]

/** The one message shown for each non-ready state. */
export function stateMessage(result: MemberBarcodeResult | null, labels: SmaregiBarcodeLabels): string {
  if (!result) return labels.loading
  if (result.state === "not_member") return labels.notMember
  if (result.state === "signed_out") return labels.signedOut
  if (result.state === "error") return labels.error
  return ""
}

// Black on white (21:1) whatever the page theme, and a barcode at least 280 px wide so phone cameras read it.
export const SMAREGI_BARCODE_CSS = `
.smaregi-mb{box-sizing:border-box;max-width:480px;margin:0;padding:16px;border:1px solid #d4d4d8;border-radius:12px;background:#fff;color:#111;font-family:system-ui,-apple-system,"Segoe UI","Hiragino Sans","Noto Sans JP",sans-serif;text-align:center}
.smaregi-mb__title{margin:0 0 12px;font-size:16px;font-weight:600;color:#111}
.smaregi-mb__image{display:block;width:100%;min-width:min(100%,280px);max-width:440px;height:auto;margin:0 auto;background:#fff;image-rendering:pixelated}
.smaregi-mb__code{margin-top:12px;font-size:14px;color:#111}
.smaregi-mb__value{display:block;margin-top:2px;font-family:ui-monospace,"SFMono-Regular",Menlo,Consolas,monospace;font-size:24px;font-weight:600;letter-spacing:.12em;color:#000;user-select:all}
.smaregi-mb__message{margin:0;font-size:15px;line-height:1.5;color:#111}
.smaregi-mb--error .smaregi-mb__message{color:#9f1239}
.smaregi-mb__retry{margin-top:12px;padding:8px 16px;border:1px solid #111;border-radius:8px;background:#fff;color:#111;font:inherit;cursor:pointer}
.smaregi-mb__retry:focus-visible{outline:3px solid #2563eb;outline-offset:2px}
`
