// Browser entry of barcode.spec.ts: an "account page" using both storefront widgets.
import { createRoot } from "react-dom/client"
import { defineSmaregiMemberBarcodeElement } from "../../src/storefront"
import { SmaregiMemberBarcode } from "../../src/storefront/react"

export type BarcodePageConfig = {
  backendUrl: string
  publishableKey: string
  member: { token: string; email: string; password: string }
  nonMemberToken: string
}

declare global {
  interface Window {
    SMAREGI_PAGE_CONFIG: BarcodePageConfig
    smaregiPageError?: string
  }
}

async function signInWithSessionCookie(cfg: BarcodePageConfig): Promise<void> {
  const login = await fetch(`${cfg.backendUrl}/auth/customer/emailpass`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: cfg.member.email, password: cfg.member.password }),
  })
  const { token } = (await login.json()) as { token: string }
  const session = await fetch(`${cfg.backendUrl}/auth/session`, {
    method: "POST",
    headers: { authorization: `Bearer ${token}` },
    credentials: "include",
  })
  if (!session.ok) throw new Error(`session login failed: HTTP ${session.status}`)
}

async function main(): Promise<void> {
  const cfg = window.SMAREGI_PAGE_CONFIG
  const mount = (id: string) => document.getElementById(id) as HTMLElement

  createRoot(mount("react-member")).render(
    <SmaregiMemberBarcode backendUrl={cfg.backendUrl} publishableKey={cfg.publishableKey} token={cfg.member.token} />
  )
  createRoot(mount("react-non-member")).render(
    <SmaregiMemberBarcode backendUrl={cfg.backendUrl} publishableKey={cfg.publishableKey} token={cfg.nonMemberToken} />
  )

  defineSmaregiMemberBarcodeElement()
  await signInWithSessionCookie(cfg)
  const element = document.createElement("smaregi-member-barcode")
  element.setAttribute("backend-url", cfg.backendUrl)
  element.setAttribute("publishable-key", cfg.publishableKey)
  element.setAttribute("credentials", "include")
  element.setAttribute("type", "qr")
  mount("element-member").append(element)
}

main().catch((e: Error) => {
  window.smaregiPageError = e.message
})
