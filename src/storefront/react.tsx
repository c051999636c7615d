"use client"

import { useCallback, useEffect, useState } from "react"
import { type FetchMemberBarcodeOptions, type MemberBarcodeResult, fetchMemberBarcode } from "./fetch-member-barcode"
import { DEFAULT_LABELS, SMAREGI_BARCODE_CSS, type SmaregiBarcodeLabels, stateMessage } from "./view"

export type SmaregiMemberBarcodeProps = Omit<FetchMemberBarcodeOptions, "signal"> & {
  /** Text inside the image; off by default because the card shows the code in large type under the image. */
  text?: boolean
  /** A result fetched on the server (e.g. in a Next.js server component); skips the client fetch. */
  initialResult?: MemberBarcodeResult
  labels?: Partial<SmaregiBarcodeLabels>
  className?: string
}

/** Presentational part: renders one fetch result (or the loading state when `result` is null). */
export function SmaregiMemberBarcodeView({
  result,
  labels: custom,
  className,
  onRetry,
}: {
  result: MemberBarcodeResult | null
  labels?: Partial<SmaregiBarcodeLabels>
  className?: string
  onRetry?: () => void
}) {
  const labels = { ...DEFAULT_LABELS, ...custom }
  const state = result?.state ?? "loading"
  const classes = ["smaregi-mb", `smaregi-mb--${state}`, className].filter(Boolean).join(" ")
  const style = <style>{SMAREGI_BARCODE_CSS}</style>
  if (result?.state === "ready") {
    const { barcode } = result
    return (
      <figure className={classes} data-state={state}>
        {style}
        <p className="smaregi-mb__title">{labels.title}</p>
        <img className="smaregi-mb__image" src={barcode.src} alt={labels.alt(barcode)} data-code={barcode.code} />
        <figcaption className="smaregi-mb__code">
          {labels.memberCode}
          <span className="smaregi-mb__value">{barcode.code}</span>
        </figcaption>
      </figure>
    )
  }
  return (
    <div
      className={classes}
      data-state={state}
      role={state === "error" ? "alert" : "status"}
      aria-live="polite"
      aria-busy={state === "loading"}
    >
      {style}
      <p className="smaregi-mb__title">{labels.title}</p>
      <p className="smaregi-mb__message">{stateMessage(result, labels)}</p>
      {state === "error" && onRetry ? (
        <button type="button" className="smaregi-mb__retry" onClick={onRetry}>
          {labels.retry}
        </button>
      ) : null}
    </div>
  )
}

/** The logged-in customer's Smaregi membership card: barcode, code as text, and loading / not-yet-synced / error states. */
export function SmaregiMemberBarcode({ initialResult, labels, className, ...options }: SmaregiMemberBarcodeProps) {
  const [result, setResult] = useState<MemberBarcodeResult | null>(initialResult ?? null)
  const [attempt, setAttempt] = useState(0)
  const { backendUrl, publishableKey, token, credentials, type, image, scale, height, text } = options
  const fetchImpl = options.fetch

  useEffect(() => {
    if (initialResult && attempt === 0) return
    const controller = new AbortController()
    setResult(null)
    fetchMemberBarcode({
      backendUrl,
      publishableKey,
      token,
      credentials,
      type,
      image,
      scale,
      height,
      text: text ?? false,
      fetch: fetchImpl,
      signal: controller.signal,
    })
      .then(setResult)
      .catch(() => undefined)
    return () => controller.abort()
  }, [initialResult, attempt, backendUrl, publishableKey, token, credentials, type, image, scale, height, text, fetchImpl])

  const retry = useCallback(() => setAttempt((n) => n + 1), [])
  return <SmaregiMemberBarcodeView result={result} labels={labels} className={className} onRetry={retry} />
}
