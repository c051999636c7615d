import { CSV_BOM, csvCell, csvFilename, csvLine, toCsv } from "../csv"

describe("csvCell", () => {
  it.each([
    [null, ""],
    [undefined, ""],
    ["", ""],
    ["plain", "plain"],
    ["ネイビーTシャツ", "ネイビーTシャツ"],
    [42, "42"],
    [0, "0"],
    [true, "true"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["line one\nline two", '"line one\nline two"'],
    ["cr\r\nlf", '"cr\r\nlf"'],
    [" padded ", '" padded "'],
    [new Date("2026-12-03T00:15:00.000Z"), "2026-12-03T00:15:00.000Z"],
    [new Date("nope"), ""],
    [{ a: 1, b: "x,y" }, '"{""a"":1,""b"":""x,y""}"'],
    ["=SUM(A1:A9)", "'=SUM(A1:A9)"],
    ["+81 90", "'+81 90"],
    ["-cmd", "'-cmd"],
    ["@here", "'@here"],
    ["-1100", "-1100"],
    ["+5", "+5"],
    ["-0.5", "-0.5"],
    [-1100, "-1100"],
    ['=HYPERLINK("x","y")', '"\'=HYPERLINK(""x"",""y"")"'],
  ])("%j → %s", (value, expected) => {
    expect(csvCell(value)).toBe(expected)
  })
})

describe("toCsv", () => {
  const columns = [
    { header: "id", value: (r: { id: string; reason: string | null }) => r.id },
    { header: "reason", value: (r: { id: string; reason: string | null }) => r.reason },
  ]

  it("starts with a BOM and a header row, ends lines with CRLF", () => {
    expect(toCsv(columns, [{ id: "a", reason: 'unknown product code "49", retry' }, { id: "b", reason: null }])).toBe(
      `${CSV_BOM}id,reason\r\na,"unknown product code ""49"", retry"\r\nb,\r\n`
    )
  })

  it("an empty list is the header alone", () => {
    expect(toCsv(columns, [])).toBe(`${CSV_BOM}id,reason\r\n`)
  })

  it("reads back: a naive RFC 4180 parser gets the same cells", () => {
    const values = ["x", 'q"uote', "multi\nline", "a,b", "", "日本語"]
    const parsed = parseLine(csvLine(values).replace(/\r\n$/, ""))
    expect(parsed).toEqual(values)
  })
})

describe("csvFilename", () => {
  it.each([
    ["2026-12-03T00:15:00Z", "smaregi-transactions-20261203-0915.csv"],
    ["2026-12-03T15:30:00Z", "smaregi-transactions-20261204-0030.csv"],
  ])("%s → %s (JST)", (iso, expected) => {
    expect(csvFilename("transactions", new Date(iso))).toBe(expected)
  })
})

function parseLine(line: string): string[] {
  const cells: string[] = []
  let i = 0
  while (i <= line.length) {
    if (line[i] === '"') {
      let cell = ""
      i++
      for (;;) {
        if (line[i] === '"' && line[i + 1] === '"') (cell += '"'), (i += 2)
        else if (line[i] === '"') break
        else cell += line[i++]
      }
      cells.push(cell)
      i += 2
    } else {
      const end = line.indexOf(",", i)
      cells.push(line.slice(i, end === -1 ? line.length : end))
      i = end === -1 ? line.length + 1 : end + 1
    }
  }
  return cells
}
