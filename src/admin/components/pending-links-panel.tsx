import { Check, XMark } from "@medusajs/icons"
import { Button, Container, Heading, Hint, Table, Text, toast, usePrompt } from "@medusajs/ui"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { Link } from "react-router-dom"
import { type SmaregiMember, errorMessage, membersApi } from "../lib/api"
import { useT } from "../lib/i18n"

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
  const t = useT()
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
      toast.success(t("pendingLinks.linked", { who: who(m), code: m.customer_code }))
      await refresh()
    },
    onError: (e) => toast.error(errorMessage(e)),
  })
  const reject = useMutation({
    mutationFn: (id: string) => membersApi.rejectLink(id),
    onSuccess: async (m) => {
      toast.success(t("pendingLinks.rejected", { who: who(m), code: m.customer_code }))
      await refresh()
    },
    onError: (e) => toast.error(errorMessage(e)),
  })
  const approveAll = useMutation({
    mutationFn: (ids: string[]) => membersApi.approveLinks(ids),
    onSuccess: async (r) => {
      const first = r.refused[0]
      if (first) {
        const reason = t.dynamic(`reason.${first.reason}`, first.message)
        toast.warning(t("pendingLinks.partlyApproved", { approved: r.approved.length, refused: r.refused.length, reason }))
      } else toast.success(t("pendingLinks.approved", { approved: r.approved.length }))
      await refresh()
    },
    onError: (e) => toast.error(errorMessage(e)),
  })

  const links = data?.members ?? []
  if (!error && !links.length) return null
  const confirmAll = async () => {
    const ok = await prompt({
      title: t("pendingLinks.confirmTitle", { n: links.length }),
      description: t("pendingLinks.confirmDescription"),
      confirmText: t("pendingLinks.approveAll"),
      cancelText: t("common.cancel"),
    })
    if (ok) approveAll.mutate(links.map((l) => l.id))
  }

  return (
    <Container className="flex flex-col gap-y-3 px-6 py-4" data-testid="pending-links">
      <div className="flex items-start justify-between gap-x-4">
        <div>
          <Heading level="h2">{t("pendingLinks.title", { count: data?.count ?? 0 })}</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            {t("pendingLinks.description")}
          </Text>
        </div>
        <Button size="small" variant="secondary" onClick={confirmAll} isLoading={approveAll.isPending} disabled={!links.length}>
          <Check />
          {t("pendingLinks.approveAllShown")}
        </Button>
      </div>
      {error && <Hint variant="error">{errorMessage(error)}</Hint>}
      <Table>
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell>{t("pendingLinks.colCustomer")}</Table.HeaderCell>
            <Table.HeaderCell>{t("pendingLinks.colEmail")}</Table.HeaderCell>
            <Table.HeaderCell>{t("pendingLinks.colSmaregiMember")}</Table.HeaderCell>
            <Table.HeaderCell>{t("pendingLinks.colFoundBy")}</Table.HeaderCell>
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
              <Table.Cell>{l.link_source === "import" ? t("pendingLinks.sourceImport") : t("pendingLinks.sourceSignup")}</Table.Cell>
              <Table.Cell>
                <div className="flex justify-end gap-x-2">
                  <Button size="small" variant="secondary" onClick={() => approve.mutate(l.id)} isLoading={approve.isPending && approve.variables === l.id}>
                    <Check />
                    {t("pendingLinks.approve")}
                  </Button>
                  <Button size="small" variant="transparent" onClick={() => reject.mutate(l.id)} isLoading={reject.isPending && reject.variables === l.id}>
                    <XMark />
                    {t("pendingLinks.reject")}
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
