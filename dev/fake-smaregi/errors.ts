import { SMAREGI_ERROR_CODES } from "../../src/smaregi/errors"
import type { Answer } from "./types"

export class SmaregiFault extends Error {
  constructor(
    readonly errorCode: number,
    message: string,
    readonly description: string
  ) {
    super(message)
  }
}

export function fail(errorCode: keyof typeof SMAREGI_ERROR_CODES, description: string, detail?: string): never {
  const ja = SMAREGI_ERROR_CODES[errorCode].ja
  throw new SmaregiFault(errorCode, detail ? `${ja}(${detail})` : ja, description)
}

export function errorAnswer(errorCode: number, message: string, description: string, status = 400): Answer {
  return { status, body: { error_code: errorCode, error: message, error_description: description } }
}
