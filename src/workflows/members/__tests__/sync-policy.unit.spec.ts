import { SmaregiApiError, SmaregiTransportError } from "../../../smaregi/errors"
import { SmaregiNotConfiguredError } from "../../../modules/smaregi/transport/types"
import { classifySyncError, retryDelayMs } from "../sync-policy"

const apiError = (init: Partial<ConstructorParameters<typeof SmaregiApiError>[0]>) =>
  new SmaregiApiError({
    code: "invalid_input",
    errorCode: 41,
    message: "入力値が不正です。",
    httpStatus: 400,
    retryable: false,
    procName: "customer_upd",
    ...init,
  })

describe("classifySyncError", () => {
  it.each([
    ["41 invalid input", apiError({ description: "lastName is required" }), { kind: "row", code: "41", message: "入力値が不正です。 (lastName is required)" }],
    ["42 already exists", apiError({ errorCode: 42, message: "既に登録されています。" }), { kind: "row", code: "42", message: "既に登録されています。" }],
    ["14 bad contract id", apiError({ errorCode: 14, message: "契約IDが無効です。" }), { kind: "config", code: "14", message: "契約IDが無効です。" }],
    ["23 function disabled", apiError({ errorCode: 23, message: "この機能は利用できません。" }), { kind: "config", code: "23", message: "この機能は利用できません。" }],
    [
      "HTTP 500",
      apiError({ code: "http_500", errorCode: null, message: "customer_upd: HTTP 500", httpStatus: 500, retryable: true }),
      { kind: "transient", code: "http_500", message: "customer_upd: HTTP 500" },
    ],
    [
      "200 without result",
      apiError({ code: "invalid_response", errorCode: null, message: "no result", httpStatus: 200 }),
      { kind: "config", code: "invalid_response", message: "no result" },
    ],
    [
      "a timeout",
      new SmaregiTransportError({ code: "timeout", message: "no answer", retryable: true, procName: "customer_upd", attempts: 5, cause: { name: "CanceledError", message: "canceled" } }),
      { kind: "transient", code: "timeout", message: "no answer" },
    ],
    ["no credentials", new SmaregiNotConfiguredError("no contract id"), { kind: "config", code: "not_configured", message: "no contract id" }],
    ["a bug", new TypeError("x is undefined"), { kind: "config", code: "internal_error", message: "x is undefined" }],
  ])("%s", (_label, error, expected) => {
    expect(classifySyncError(error)).toEqual(expected)
  })
})

describe("retryDelayMs", () => {
  const timing = { retryBaseMs: 1000, retryMaxMs: 60_000 }
  it.each([
    [0, 0, 500],
    [0, 0.999999, 1000],
    [1, 0, 1000],
    [3, 0.5, 6000],
    [10, 0, 30_000],
    [10, 0.999999, 60_000],
  ])("attempts %i with random %d → %i ms", (attempts, random, expected) => {
    expect(retryDelayMs(attempts, timing, () => random)).toBe(expected)
  })
})
