import { SmaregiApiError, isPermanentSmaregiCode } from "../../errors"
import { platformProblemError, readProblem } from "../problem"

const problem = (status: number, title: string, detail?: string) => ({ type: "about:blank", title, ...(detail ? { detail } : {}), status })

describe("platformProblemError", () => {
  it.each<[string, number, unknown, { code: string; errorCode: number | null; retryable: boolean }]>([
    ["a validation error", 400, problem(400, "Bad Request", "customerCode は必須です"), { code: "invalid_input", errorCode: 41, retryable: false }],
    ["an unprocessable entity", 422, problem(422, "Unprocessable Entity"), { code: "invalid_input", errorCode: 41, retryable: false }],
    ["a duplicate code (400)", 400, problem(400, "Bad Request", "customerCode M1 already exists"), { code: "already_exists", errorCode: 42, retryable: false }],
    ["a duplicate code (Japanese)", 400, problem(400, "Bad Request", "会員コードは既に登録されています"), { code: "already_exists", errorCode: 42, retryable: false }],
    ["a conflict", 409, problem(409, "Conflict"), { code: "already_exists", errorCode: 42, retryable: false }],
    ["an invalid token", 401, problem(401, "Unauthorized"), { code: "invalid_access_token", errorCode: 13, retryable: false }],
    ["a plan or scope refusal", 403, problem(403, "Forbidden", "plan"), { code: "function_disabled", errorCode: 23, retryable: false }],
    ["a missing record", 404, problem(404, "Not Found"), { code: "not_found", errorCode: null, retryable: false }],
    ["throttling", 429, problem(429, "Too Many Requests"), { code: "throttled", errorCode: null, retryable: true }],
    ["maintenance", 503, "Service Unavailable", { code: "throttled", errorCode: null, retryable: true }],
    ["a server error", 500, problem(500, "Internal Server Error"), { code: "http_500", errorCode: null, retryable: true }],
    ["a gateway error without a body", 502, "", { code: "http_502", errorCode: null, retryable: true }],
    ["a teapot", 418, {}, { code: "http_418", errorCode: null, retryable: false }],
  ])("maps %s like v2", (_name, status, body, expected) => {
    const error = platformProblemError({ status, body, operation: "GET /pos/transactions", attempts: 2 })
    expect(error).toBeInstanceOf(SmaregiApiError)
    expect(error).toMatchObject({ ...expected, httpStatus: status, procName: "GET /pos/transactions", attempts: 2 })
    expect(error.message.startsWith(`GET /pos/transactions: HTTP ${status}`)).toBe(true)
    if (expected.errorCode !== null) expect(isPermanentSmaregiCode(expected.errorCode)).toBe(true)
  })

  it("puts the title and detail in the message and the type in the description", () => {
    const error = platformProblemError({ status: 400, body: { type: "https://example.test/validation", title: "Bad Request", detail: "limit must be 1-1000", status: 400 }, operation: "GET /pos/transactions" })
    expect(error.message).toBe("GET /pos/transactions: HTTP 400: Bad Request: limit must be 1-1000")
    expect(error.description).toBe("https://example.test/validation")
  })

  it("quotes a non-JSON body", () => {
    expect(platformProblemError({ status: 502, body: "<html>bad gateway</html>", operation: "PATCH /pos/customers/7" }).message).toBe(
      "PATCH /pos/customers/7: HTTP 502: <html>bad gateway</html>"
    )
  })
})

describe("readProblem", () => {
  it.each<[unknown, unknown]>([
    [{ type: "t", title: "T", detail: "D", status: 400 }, { type: "t", title: "T", detail: "D", status: 400 }],
    [{ title: "T", status: "429" }, { type: null, title: "T", detail: null, status: 429 }],
    [{ error: "invalid_client", error_description: "Client authentication failed" }, { type: null, title: "invalid_client", detail: "Client authentication failed", status: null }],
    [{}, null],
    ["text", null],
    [[{ title: "T" }], null],
  ])("%j → %j", (body, expected) => expect(readProblem(body)).toEqual(expected))
})
