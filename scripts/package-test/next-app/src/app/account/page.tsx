// A server page: the documented pattern (fetch on the server, render the view), and the client component
// handed the same server-fetched result.
import { retrieveMemberBarcode } from "@lib/data/member-barcode"
import MembershipCard from "@modules/account/components/membership-card"
import { SmaregiMemberBarcode } from "medusa-plugin-smaregi/storefront/react"

export default async function AccountPage() {
  const result = await retrieveMemberBarcode()
  return (
    <main>
      <section id="view">
        <MembershipCard />
      </section>
      <section id="component">
        <SmaregiMemberBarcode
          backendUrl={process.env.MEDUSA_BACKEND_URL || "http://localhost:9000"}
          publishableKey={process.env.NEXT_PUBLIC_MEDUSA_PUBLISHABLE_KEY!}
          initialResult={result}
          className="from-server"
        />
      </section>
    </main>
  )
}
