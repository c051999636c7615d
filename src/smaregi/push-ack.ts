import type { ParsedPush } from "./push-parser"

export function headCount(push: ParsedPush): number {
  return push.transactions.length
}

export function smaregiAckBody(n: number): { result: Array<{ TransactionHead: number }> } {
  return { result: [{ TransactionHead: n }] }
}
