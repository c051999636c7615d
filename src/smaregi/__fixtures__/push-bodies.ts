/**
 * Envelope and form encoding: a push exactly as Smaregi sends it.
 */
import type { SmaregiTransaction } from "../transaction-schema"

/** The `params` JSON string exactly as Smaregi sends it; `asciiEscape` writes non-ASCII as \uXXXX. */
export function makePushParams(txs: SmaregiTransaction[], opts: { asciiEscape?: boolean } = {}): string {
  const json = JSON.stringify(makePushEnvelope(txs))
  return opts.asciiEscape ? escapeNonAscii(json) : json
}

export function makePushEnvelope(txs: SmaregiTransaction[]): { data: Array<{ table_name: string; rows: unknown[] }> } {
  return {
    data: [
      { table_name: "TransactionHead", rows: txs.map((tx) => tx.head) },
      { table_name: "TransactionDetail", rows: txs.flatMap((tx) => tx.details) },
    ],
  }
}

export function escapeNonAscii(json: string): string {
  return json.replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`)
}

export function makePushBody(
  txs: SmaregiTransaction[],
  opts: { agreementId?: string; procName?: string; asciiEscape?: boolean } = {}
): Record<string, string> {
  const fields: Record<string, string> = {
    proc_name: opts.procName ?? "transaction_send",
    params: makePushParams(txs, { asciiEscape: opts.asciiEscape }),
  }
  if (opts.agreementId !== undefined) {
    fields.agreementId = opts.agreementId
  }
  return fields
}

/** application/x-www-form-urlencoded, UTF-8. */
export function encodeForm(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString()
}
