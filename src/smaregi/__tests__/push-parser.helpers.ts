import type { ParsedPush, PushParseError, PushParseResult } from "../push-parser"

export function expectOk(result: PushParseResult): ParsedPush {
  if (!result.ok) {
    throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`)
  }
  return result.value
}

export function expectError(result: PushParseResult): PushParseError {
  if (result.ok) {
    throw new Error("expected a parse error")
  }
  return result.error
}

export const envelope = (data: unknown): string => JSON.stringify({ data })
export const headTable = (rows: unknown[]) => ({ table_name: "TransactionHead", rows })
export const detailTable = (rows: unknown[]) => ({ table_name: "TransactionDetail", rows })
