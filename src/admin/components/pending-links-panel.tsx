import { Check, XMark } from "@medusajs/icons"
import { Button, Container, Heading, Hint, Table, Text, toast, usePrompt } from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { Link } from "react-router-dom"
import { type SmaregiMember, errorMessage, membersApi } from "../lib/api"

const PAGE = 200

function who(m: SmaregiMember): string {
  const c = m.customer
  const name = c ? [c.last_name, c.first_name].filter(Boolean).join(" ") : ""
  return name || c?.email || m.customer_id
}

/**
 * Links to existing Smaregi members waiting for an admin (found at sign-up, or proposed by the member import):
 * nothing is pushed over the Smaregi member, and no barcode, sale or points are attached, until one is approved.
 */
export function PendingLinksPanel({ connectionId }: { connectionId?: string }) {
  const queryClient = useQueryClient()
  const prompt = usePrompt()
  const { data, error } = useQuery({
    queryKey: ["smaregi", "members", "link_pending", connectionId],
    queryFn: () => membersApi.list({ status: "link_pending", connection_id: connectionId, limit: PAGE }),
  })
  const refresh = () => queryClient.invalidateQueries({ queryKey: ["smaregi", "members"] })
  const approve = useMutation({
    mutationFn: (id: string) => membersApi.approveLink(id),
    onSuccess: async (m) => {
      toast.success(`${who(m)} is linked to Smaregi member ${m.customer_code}`)
      await refresh()
    },
    onError: (e) => toast.error(errorMessage(e)),
  })
  const reject = useMutation({
    mutationFn: (id: string) => membersApi.rejectLink(id),
    onSuccess: async (m) => {
      toast.success(`Link refused: ${who(m)} becomes the new member ${m.customer_code}`)
      await refresh()
    },
    onError: (e) => toast.error(errorMessage(e)),
  })
  const approveAll = useMutation({
    mutationFn: (ids: string[]) => membersApi.approveLinks(ids),
    onSuccess: async (r) => {
      if (r.refused.length) toast.warning(`${r.approved.length} linked, ${r.refused.length} refused: ${r.refused[0].message}`)
      else toast.success(`${r.approved.length} link(s) approved`)
      await refresh()
    },
    onError: (e) => toast.error(errorMessage(e)),
  })

  const links = data?.members ?? []
  if (!error && !links.length) return null
  const confirmAll = async () => {
    const ok = await prompt({
      title: `Approve ${links.length} link(s)?`,
      description:
        "Each customer is linked to the Smaregi member with the same e-mail: its points open the customer's balance, and the customer's profile is then pushed to that member.",
      confirmText: "Approve all",
      cancelText: "Cancel",
    })
    if (ok) approveAll.mutate(links.map((l) => l.id))
  }

  return (
    <Container className="flex flex-col gap-y-3 px-6 py-4" data-testid="pending-links">
      <div className="flex items-start justify-between gap-x-4">
        <div>
          <Heading level="h2">Pending links ({data?.count ?? 0})</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Existing Smaregi members with the e-mail (or phone) of a store customer. The store verifies no e-mail, so a link is
            only made when you approve it; rejecting leaves the Smaregi member untouched and makes the customer a new member.
          </Text>
        </div>
        <Button size="small" variant="secondary" onClick={confirmAll} isLoading={approveAll.isPending} disabled={!links.length}>
          <Check />
          Approve all shown
        </Button>
      </div>
      {error && <Hint variant="error">{errorMessage(error)}</Hint>}
      <Table>
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell>Customer</Table.HeaderCell>
            <Table.HeaderCell>E-mail</Table.HeaderCell>
            <Table.HeaderCell>Smaregi member</Table.HeaderCell>
            <Table.HeaderCell>Found by</Table.HeaderCell>
            <Table.HeaderCell />
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {links.map((l) => (
            <Table.Row key={l.id}>
              <Table.Cell>
                <Link to={`/customers/${l.customer_id}`} className="text-ui-fg-interactive">
                  {who(l)}
                </Link>
              </Table.Cell>
              <Table.Cell>{l.customer?.email ?? "—"}</Table.Cell>
              <Table.Cell className="font-mono">
                {l.customer_code} (#{l.smaregi_customer_id})
              </Table.Cell>
              <Table.Cell>{l.link_source === "import" ? "Member import" : "Sign-up"}</Table.Cell>
              <Table.Cell>
                <div className="flex justify-end gap-x-2">
                  <Button size="small" variant="secondary" onClick={() => approve.mutate(l.id)} isLoading={approve.isPending && approve.variables === l.id}>
                    <Check />
                    Approve
                  </Button>
                  <Button size="small" variant="transparent" onClick={() => reject.mutate(l.id)} isLoading={reject.isPending && reject.variables === l.id}>
                    <XMark />
                    Reject
                  </Button>
                </div>
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </Container>
  )
}
