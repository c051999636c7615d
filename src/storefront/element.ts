import { type FetchMemberBarcodeOptions, type MemberBarcodeResult, fetchMemberBarcode } from "./fetch-member-barcode"
import { DEFAULT_LABELS, SMAREGI_BARCODE_CSS, type SmaregiBarcodeLabels, stateMessage } from "./view"

export const SMAREGI_MEMBER_BARCODE_TAG = "smaregi-member-barcode"

const ATTRIBUTES = ["backend-url", "publishable-key", "token", "credentials", "type", "image", "scale", "height", "text"] as const

export type SmaregiMemberBarcodeElement = HTMLElement & {
  /** The customer's JWT; prefer this property to the `token` attribute, which stays visible in the DOM. */
  token: string | null
  labels: Partial<SmaregiBarcodeLabels>
  result: MemberBarcodeResult | null
  refresh(): Promise<void>
}

/**
 * Registers `<smaregi-member-barcode backend-url="…" publishable-key="…">` (plain DOM, no framework).
 * Call it once in the browser; it is a no-op when the tag is already defined.
 */
export function defineSmaregiMemberBarcodeElement(tag: string = SMAREGI_MEMBER_BARCODE_TAG): void {
  if (typeof customElements === "undefined" || customElements.get(tag)) return

  class Element extends HTMLElement implements SmaregiMemberBarcodeElement {
    static get observedAttributes(): readonly string[] {
      return ATTRIBUTES
    }

    result: MemberBarcodeResult | null = null
    labels: Partial<SmaregiBarcodeLabels> = {}
    private tokenValue: string | null = null
    private controller: AbortController | null = null
    private scheduled = false
    private readonly root: ShadowRoot

    constructor() {
      super()
      this.root = this.attachShadow({ mode: "open" })
    }

    get token(): string | null {
      return this.tokenValue ?? this.getAttribute("token")
    }

    set token(value: string | null) {
      this.tokenValue = value
      this.schedule()
    }

    connectedCallback(): void {
      this.schedule()
    }

    disconnectedCallback(): void {
      this.controller?.abort()
    }

    attributeChangedCallback(): void {
      if (this.isConnected) this.schedule()
    }

    // Attributes set one after another trigger one fetch, not one each.
    private schedule(): void {
      if (this.scheduled) return
      this.scheduled = true
      queueMicrotask(() => {
        this.scheduled = false
        if (this.isConnected) void this.refresh()
      })
    }

    private options(): FetchMemberBarcodeOptions | null {
      const backendUrl = this.getAttribute("backend-url")
      const publishableKey = this.getAttribute("publishable-key")
      if (!backendUrl || !publishableKey) return null
      const number = (name: string) => (this.hasAttribute(name) ? Number(this.getAttribute(name)) : undefined)
      const text = this.getAttribute("text")
      return {
        backendUrl,
        publishableKey,
        token: this.token ?? undefined,
        credentials: (this.getAttribute("credentials") as RequestCredentials | null) ?? undefined,
        type: (this.getAttribute("type") as FetchMemberBarcodeOptions["type"]) ?? undefined,
        image: (this.getAttribute("image") as FetchMemberBarcodeOptions["image"]) ?? undefined,
        scale: number("scale"),
        height: number("height"),
        // The card shows the code under the image, so the image carries no text unless asked.
        text: text !== null && text !== "false",
      }
    }

    async refresh(): Promise<void> {
      const options = this.options()
      this.controller?.abort()
      if (!options) {
        this.show({ state: "error", message: "backend-url and publishable-key are required" })
        return
      }
      const controller = new AbortController()
      this.controller = controller
      this.show(null)
      try {
        const result = await fetchMemberBarcode({ ...options, signal: controller.signal })
        if (!controller.signal.aborted) this.show(result)
      } catch {
        // aborted by a newer refresh
      }
    }

    private show(result: MemberBarcodeResult | null): void {
      this.result = result
      const labels = { ...DEFAULT_LABELS, ...this.labels }
      const state = result?.state ?? "loading"
      const doc = this.ownerDocument
      const style = doc.createElement("style")
      style.textContent = SMAREGI_BARCODE_CSS
      const title = doc.createElement("p")
      title.className = "smaregi-mb__title"
      title.textContent = labels.title

      let box: HTMLElement
      if (result?.state === "ready") {
        box = doc.createElement("figure")
        const img = doc.createElement("img")
        img.className = "smaregi-mb__image"
        img.src = result.barcode.src
        img.alt = labels.alt(result.barcode)
        img.dataset.code = result.barcode.code
        const caption = doc.createElement("figcaption")
        caption.className = "smaregi-mb__code"
        const value = doc.createElement("span")
        value.className = "smaregi-mb__value"
        value.textContent = result.barcode.code
        caption.append(labels.memberCode, value)
        box.append(style, title, img, caption)
      } else {
        box = doc.createElement("div")
        box.setAttribute("role", state === "error" ? "alert" : "status")
        box.setAttribute("aria-live", "polite")
        box.setAttribute("aria-busy", String(state === "loading"))
        const message = doc.createElement("p")
        message.className = "smaregi-mb__message"
        message.textContent = stateMessage(result, labels)
        box.append(style, title, message)
        if (state === "error") {
          const retry = doc.createElement("button")
          retry.type = "button"
          retry.className = "smaregi-mb__retry"
          retry.textContent = labels.retry
          retry.addEventListener("click", () => void this.refresh())
          box.append(retry)
        }
      }
      box.className = `smaregi-mb smaregi-mb--${state}`
      box.dataset.state = state
      this.setAttribute("data-state", state)
      this.root.replaceChildren(box)
      this.dispatchEvent(new CustomEvent("smaregi-barcode-state", { detail: result, bubbles: true, composed: true }))
    }
  }

  customElements.define(tag, Element)
}
