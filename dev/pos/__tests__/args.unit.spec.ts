import { DEFAULT_AGREEMENT_ID, DEFAULT_WEBHOOK_URL, parseArgs, type PosOptions } from "../args"
import { options } from "./helpers"

describe("parseArgs", () => {
  it("uses the documented defaults", () => {
    expect(options(["sale"])).toEqual({
      scenario: "sale",
      url: DEFAULT_WEBHOOK_URL,
      agreementId: DEFAULT_AGREEMENT_ID,
      agreementIn: "body",
      id: null,
      disposeId: null,
      base: null,
      member: null,
      customerId: null,
      storeId: null,
      skus: [],
      count: 10,
      concurrency: 1,
      repeat: 1,
      file: null,
      dry: false,
      asciiEscape: false,
    })
  })

  it("reads the URL and agreement id from the environment", () => {
    const env = { SMAREGI_WEBHOOK_URL: "http://127.0.0.1:9100/hooks/smaregi/transactions", SMAREGI_AGREEMENT_ID: "shop-7" }
    expect(options(["sale"], env)).toMatchObject({ url: env.SMAREGI_WEBHOOK_URL, agreementId: "shop-7" })
    expect(options(["sale", "--agreement-id", "cli-wins", "--url=http://localhost:1/x"], env)).toMatchObject({
      url: "http://localhost:1/x",
      agreementId: "cli-wins",
    })
  })

  it.each<[string, string[], Partial<PosOptions>]>([
    ["burst defaults", ["burst"], { scenario: "burst", count: 10, concurrency: 5 }],
    ["burst sizes", ["burst", "--count", "50", "--concurrency=8"], { count: 50, concurrency: 8 }],
    ["repeatable --sku", ["sale", "--sku", "TSHIRT-NAVY-M", "--sku=CAP-BLACK-F:2:2200"], { skus: ["TSHIRT-NAVY-M", "CAP-BLACK-F:2:2200"] }],
    ["member options", ["member-sale", "--member", "M0001", "--customer-id", "77"], { member: "M0001", customerId: "77" }],
    ["agreement in query", ["sale", "--agreement-in", "query"], { agreementIn: "query" }],
    ["update with id and base", ["update", "--id", "1052", "--base", "multi-line"], { scenario: "update", id: "1052", base: "multi-line" }],
    ["return-cancel dispose id", ["return-cancel", "--id", "10", "--dispose-id", "99"], { id: "10", disposeId: "99" }],
    ["flags", ["sale", "--dry", "--ascii-escape", "--repeat", "20"], { dry: true, asciiEscape: true, repeat: 20 }],
    ["scenario after options", ["--dry", "cancel", "--id", "5"], { scenario: "cancel", dry: true }],
    ["file", ["file", "--file", "payload.json"], { scenario: "file", file: "payload.json" }],
  ])("%s", (_name, argv, expected) => {
    expect(options(argv)).toMatchObject(expected)
  })

  it.each([["--help"], ["-h"], ["sale", "--help"], ["--help", "nonsense"]])("%j asks for help", (...argv) => {
    expect(parseArgs(argv)).toEqual({ kind: "help" })
  })

  it.each<[string[], string]>([
    [[], "missing scenario (see --help)"],
    [["refund"], 'unknown scenario "refund"; one of: sale, member-sale, multi-line, update, cancel, return-cancel, burst, file'],
    [["sale", "extra"], 'unexpected argument "extra"'],
    [["sale", "--verbose"], "unknown option --verbose (see --help)"],
    [["sale", "--url"], "--url needs a value"],
    [["sale", "--url", "--dry"], "--url needs a value"],
    [["sale", "--dry=yes"], "--dry takes no value"],
    [["update"], "update needs --id <transactionHeadId> of the sale to change"],
    [["cancel"], "cancel needs --id <transactionHeadId> of the sale to change"],
    [["return-cancel"], "return-cancel needs --id <transactionHeadId> of the sale to change"],
    [["file"], "file needs --file <payload.json>"],
    [["sale", "--id", "T-1"], '--id must be digits, got "T-1"'],
    [["burst", "--count", "0"], '--count must be a positive integer, got "0"'],
    [["burst", "--concurrency", "many"], '--concurrency must be a positive integer, got "many"'],
    [["sale", "--agreement-in", "header"], '--agreement-in must be body or query, got "header"'],
    [["update", "--id", "1", "--base", "burst"], '--base must be one of sale, member-sale, multi-line, got "burst"'],
    [["sale", "--url", "localhost:9000"], '--url must be an http(s) URL, got "localhost:9000"'],
    [["sale", "--url", "not a url"], '--url must be an http(s) URL, got "not a url"'],
    [["cancel", "--customer-id", "x"], '--customer-id must be digits, got "x"; cancel needs --id <transactionHeadId> of the sale to change'],
  ])("%j is refused: %s", (argv, message) => {
    expect(parseArgs(argv)).toEqual({ kind: "error", message })
  })
})
