// Failure notices (IN-17, OUT-9): what an operator receives when a sale cannot be imported or a member
// cannot be pushed — an e-mail any provider can deliver (subject, text, html) and an admin feed entry.

export const DEFAULT_ADMIN_URL = "http://localhost:9000/app"
export const TRANSACTION_FAILURE_TEMPLATE = "smaregi-transaction-failed"
export const MEMBER_FAILURE_TEMPLATE = "smaregi-member-sync-failed"
/** The template the Medusa admin's notification feed renders (`data.title`, `data.description`). */
export const FEED_TEMPLATE = "admin-ui"
export const FEED_CHANNEL = "feed"
const SUBJECT_MAX = 200

export type NoticeContent = { subject: string; text: string; html: string }
export type FeedData = { title: string; description: string }

export type TransactionFailure = {
  connectionName: string
  transactionId: string
  transactionHeadId: string
  storeId?: string | null
  terminalId?: string | null
  terminalTranId?: string | null
  saleDateTime?: string | null
  reasonCode: string
  reason: string
}

export type MemberFailure = {
  memberId: string
  customerId: string
  customerCode: string
  customerName?: string | null
  customerEmail?: string | null
  errorCode?: string | null
  error?: string | null
}

export type Notice = { link: string; content: NoticeContent; feed: FeedData }

/** `<admin base>/smaregi/<page>?id=<id>`: the admin base is the full URL of the admin, `/app` included. */
export function adminLink(adminUrl: string | null | undefined, page: "transactions" | "members", id: string): string {
  return adminPageUrl(adminUrl, page, { id })
}

export function adminPageUrl(adminUrl: string | null | undefined, page: "transactions" | "members", params: Record<string, string> = {}): string {
  const base = (adminUrl?.trim() || DEFAULT_ADMIN_URL).replace(/\/+$/, "")
  const query = new URLSearchParams(params).toString()
  return `${base}/smaregi/${page}${query ? `?${query}` : ""}`
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!)
}

function subject(text: string): string {
  return text.length > SUBJECT_MAX ? `${text.slice(0, SUBJECT_MAX - 1)}…` : text
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim()
}

type Row = [label: string, value: string | null | undefined]

function textRows(rows: Row[]): string[] {
  return rows.filter(([, v]) => v).map(([label, v]) => `${label}: ${v}`)
}

function htmlRows(rows: Row[]): string {
  const cells = rows
    .filter(([, v]) => v)
    .map(
      ([label, v]) =>
        `<tr><th align="left" style="padding:2px 12px 2px 0;white-space:nowrap">${escapeHtml(label)}</th><td style="padding:2px 0">${escapeHtml(v!)}</td></tr>`
    )
  return `<table cellpadding="0" cellspacing="0">${cells.join("")}</table>`
}

function htmlPage(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title></head><body style="font-family:sans-serif;font-size:14px;line-height:1.5">${body}</body></html>`
}

function htmlButton(link: string, label: string): string {
  return `<p><a href="${escapeHtml(link)}">${escapeHtml(label)}</a><br><span style="color:#666;font-size:12px">${escapeHtml(link)}</span></p>`
}

export function transactionFailureNotice(failure: TransactionFailure, adminUrl?: string | null): Notice {
  const link = adminLink(adminUrl, "transactions", failure.transactionId)
  const head = failure.transactionHeadId
  const reason = oneLine(failure.reason)
  const terminal = [failure.terminalId, failure.terminalTranId].filter(Boolean).join(" / ")
  const rows: Row[] = [
    ["接続 / Connection", failure.connectionName],
    ["取引ID / Transaction", head],
    ["店舗ID / Store", failure.storeId],
    ["端末 / 端末取引ID (Terminal / terminal transaction)", terminal],
    ["取引日時 / Sale time", failure.saleDateTime],
    ["理由 / Reason", `[${failure.reasonCode}] ${reason}`],
  ]
  const intro = [`スマレジの取引 ${head} を取り込めませんでした。`, `Smaregi transaction ${head} could not be imported.`]
  const outro = [
    "商品コードのマッピングや設定を直してから、管理画面で「再実行 (Replay)」を押してください。",
    "Fix the product-code mapping or the settings, then press Replay in the admin.",
  ]
  const title = `[Smaregi] 取引 ${head} の取込エラー / transaction ${head} failed`
  const content: NoticeContent = {
    subject: subject(`${title}: ${reason}`),
    text: [...intro, "", ...textRows(rows), "", `管理画面で開く / Open in admin: ${link}`, "", ...outro].join("\n"),
    html: htmlPage(
      title,
      [
        `<p>${intro.map(escapeHtml).join("<br>")}</p>`,
        htmlRows(rows),
        htmlButton(link, "管理画面で開く / Open in admin"),
        `<p>${outro.map(escapeHtml).join("<br>")}</p>`,
      ].join("")
    ),
  }
  return {
    link,
    content,
    feed: { title: `スマレジ取引 ${head} の取込エラー / Smaregi transaction ${head} failed`, description: `[${failure.reasonCode}] ${reason} (${failure.connectionName})` },
  }
}

function memberLabel(m: MemberFailure): string {
  const who = [m.customerName?.trim(), m.customerEmail ? `<${m.customerEmail}>` : null].filter(Boolean).join(" ")
  return `会員コード ${m.customerCode}${who ? ` — ${who}` : ""} (customer ${m.customerId})`
}

function memberReason(m: MemberFailure): string {
  return `[${m.errorCode ?? "?"}] ${oneLine(m.error ?? "")}`.trim()
}

/** One notice for all the members a push run failed; every member gets its own link. */
export function memberFailureNotice(connectionName: string, members: MemberFailure[], adminUrl?: string | null): Notice {
  if (!members.length) throw new Error("memberFailureNotice: no failed member given")
  const single = members.length === 1
  const link = single ? adminLink(adminUrl, "members", members[0].memberId) : adminPageUrl(adminUrl, "members", { status: "failed" })
  const intro = [
    `スマレジ会員連携で ${members.length} 件のエラーが発生しました（接続: ${connectionName}）。`,
    `Smaregi member sync failed for ${members.length} customer${single ? "" : "s"} (connection: ${connectionName}).`,
  ]
  const outro = [
    "顧客データや設定を直してから、管理画面で「再同期 (Resync)」を押してください。",
    "Fix the customer data or the settings, then press Resync in the admin.",
  ]
  const title = single
    ? `[Smaregi] 会員連携エラー ${members[0].customerCode} / member sync failed (${connectionName})`
    : `[Smaregi] 会員連携エラー ${members.length}件 / member sync failed (${connectionName})`
  const text = [
    ...intro,
    "",
    ...members.flatMap((m) => [`- ${memberLabel(m)}`, `  理由 / Reason: ${memberReason(m)}`, `  ${adminLink(adminUrl, "members", m.memberId)}`]),
    "",
    ...(single ? [] : [`失敗した会員の一覧 / All failed members: ${link}`, ""]),
    ...outro,
  ].join("\n")
  const items = members
    .map((m) => {
      const memberLink = adminLink(adminUrl, "members", m.memberId)
      return `<li><a href="${escapeHtml(memberLink)}">${escapeHtml(memberLabel(m))}</a><br>理由 / Reason: ${escapeHtml(memberReason(m))}</li>`
    })
    .join("")
  const html = htmlPage(
    title,
    [
      `<p>${intro.map(escapeHtml).join("<br>")}</p>`,
      `<ul>${items}</ul>`,
      single ? htmlButton(link, "管理画面で開く / Open in admin") : htmlButton(link, "失敗した会員の一覧 / All failed members"),
      `<p>${outro.map(escapeHtml).join("<br>")}</p>`,
    ].join("")
  )
  return {
    link,
    content: { subject: subject(title), text, html },
    feed: {
      title: single
        ? `スマレジ会員 ${members[0].customerCode} の連携エラー / Smaregi member sync failed`
        : `スマレジ会員連携エラー ${members.length}件 / Smaregi member sync failed`,
      description: `${members.map((m) => `${m.customerCode}: ${memberReason(m)}`).join("; ")} (${connectionName})`,
    },
  }
}

export type EmailPayload = { template: string; data: Record<string, unknown>; content?: NoticeContent }

/**
 * With a template id configured the provider renders its own template from `data` (no `content`, which
 * SendGrid would prefer over the template); otherwise the rendered `content` goes with a template name
 * that template-based providers can still map.
 */
export function emailPayload(
  notice: Notice,
  options: { templateId: string | null | undefined; defaultTemplate: string; data: Record<string, unknown> }
): EmailPayload {
  const data = { ...options.data, subject: notice.content.subject, admin_link: notice.link }
  if (options.templateId) return { template: options.templateId, data }
  return { template: options.defaultTemplate, data, content: notice.content }
}

type ProviderConfig = { options?: { channels?: unknown } }

const NOTIFICATION_MODULE_RESOLVES = ["@medusajs/medusa/notification", "@medusajs/notification"]

/**
 * The channels some configured notification provider serves, read from the loaded Medusa config
 * (`configModule.modules`). Sending to a channel without a provider makes the Notification module throw.
 */
export function configuredNotificationChannels(modules: unknown): Set<string> {
  const channels = new Set<string>()
  if (!modules || typeof modules !== "object") return channels
  const entries = Array.isArray(modules) ? modules : Object.entries(modules).map(([key, value]) => ({ key, value }))
  for (const entry of entries as Array<Record<string, unknown>>) {
    const declaration = ("value" in entry ? entry.value : entry) as Record<string, unknown> | boolean | undefined
    if (!declaration || typeof declaration !== "object") continue
    const key = "value" in entry ? entry.key : declaration.key
    const isNotification = key === "notification" || NOTIFICATION_MODULE_RESOLVES.includes(String(declaration.resolve))
    if (!isNotification) continue
    const providers = (declaration.options as { providers?: unknown } | undefined)?.providers
    if (!Array.isArray(providers)) continue
    for (const provider of providers as ProviderConfig[]) {
      const list = provider?.options?.channels
      if (Array.isArray(list)) for (const c of list) if (typeof c === "string") channels.add(c)
    }
  }
  return channels
}
