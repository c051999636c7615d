import { retrieveMemberBarcode } from "@lib/data/member-barcode"
import { SmaregiMemberBarcodeView } from "medusa-plugin-smaregi/storefront/react"

export default async function MembershipCard() {
  const result = await retrieveMemberBarcode()
  return (
    <SmaregiMemberBarcodeView
      result={result}
      labels={{
        title: "会員証",
        memberCode: "会員コード",
        loading: "会員証を読み込んでいます…",
        notMember: "プロフィールの同期後に会員証が表示されます。プロフィールを保存すると再送信されます。",
        signedOut: "会員証を表示するにはログインしてください。",
        error: "会員証を読み込めませんでした。",
        retry: "再読み込み",
      }}
    />
  )
}
