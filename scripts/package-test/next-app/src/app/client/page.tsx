"use client"

// A client page: the component fetches in the browser; the custom element from the framework-free entry.
import { defineSmaregiMemberBarcodeElement } from "medusa-plugin-smaregi/storefront"
import { SmaregiMemberBarcode, type SmaregiMemberBarcodeProps } from "medusa-plugin-smaregi/storefront/react"
import { useEffect } from "react"

const labels: SmaregiMemberBarcodeProps["labels"] = {
  title: "会員証",
  loading: "会員証を読み込んでいます…",
  alt: (barcode) => `会員コード ${barcode.code} のバーコード`,
}

export default function ClientPage() {
  useEffect(() => defineSmaregiMemberBarcodeElement(), [])
  return (
    <main>
      <SmaregiMemberBarcode
        backendUrl={process.env.NEXT_PUBLIC_MEDUSA_BACKEND_URL || "http://localhost:9000"}
        publishableKey={process.env.NEXT_PUBLIC_MEDUSA_PUBLISHABLE_KEY!}
        credentials="include"
        labels={labels}
      />
    </main>
  )
}
