import { join } from "node:path"
import {
  type DocsReader,
  GithubSlugger,
  anchorsOf,
  checkLinks,
  checkRepositoryDocs,
  diskReader,
  formatProblems,
  githubSlug,
  linksOf,
  renderedText,
  repositoryDocs,
} from "../check-links"

describe("githubSlug (GitHub's heading anchors)", () => {
  it.each([
    ["Install into a store", "install-into-a-store"],
    ["Sales IN: how a register sale becomes an order", "sales-in-how-a-register-sale-becomes-an-order"],
    ["Environment variables of npm run dev:store", "environment-variables-of-npm-run-devstore"],
    ["Settings › Smaregi", "settings--smaregi"],
    ["What's new?", "whats-new"],
    ["C++ & Node.js 20.19", "c--nodejs-2019"],
    ["SMAREGI_PG_DATA_DIR", "smaregi_pg_data_dir"],
    ["foo — bar", "foo--bar"],
    ["  leading and trailing  ", "--leading-and-trailing--"],
    ["🎉 Emoji", "-emoji"],
    ["Émigré Ünïcode", "émigré-ünïcode"],
    ["Привет мир", "привет-мир"],
    ["店頭決済（Store payment）", "店頭決済store-payment"],
    ["会員情報更新 / 取引情報送信", "会員情報更新--取引情報送信"],
    ["スマレジ・API連携", "スマレジapi連携"],
    ["データー連携。設定、確認！", "データー連携設定確認"],
    ["「会員」と【ランク】", "会員とランク"],
    ["Full\u3000width space", "fullwidth-space"],
    ["①番", "①番"],
    ["a_b-c", "a_b-c"],
  ])("%s → %s", (heading, slug) => {
    expect(githubSlug(heading)).toBe(slug)
  })

  it("numbers repeated headings like GitHub: -1, -2, and skips a slug already taken", () => {
    const slugger = new GithubSlugger()
    expect(["Test", "Test", "Test-1", "Test", "Other"].map((h) => slugger.slug(h))).toEqual([
      "test",
      "test-1",
      "test-1-1",
      "test-2",
      "other",
    ])
  })
})

describe("renderedText (heading Markdown → the text GitHub slugs)", () => {
  it.each([
    ["Environment variables of `npm run dev:store`", "Environment variables of npm run dev:store"],
    ["`SMAREGI_PG_DATA_DIR`", "SMAREGI_PG_DATA_DIR"],
    ["``code with ` tick``", "code with ` tick"],
    ["_emphasis_ and **bold** and *it*", "emphasis and bold and it"],
    ["snake_case_name stays", "snake_case_name stays"],
    ["[Link text](https://example.com) here", "Link text here"],
    ["Logo ![alt](logo.png)", "Logo alt"],
    ['<a name="x"></a>Title', "Title"],
    ["Tom &amp; Jerry", "Tom & Jerry"],
    ["\\*not emphasis\\*", "*not emphasis*"],
  ])("%s → %s", (markdown, text) => {
    expect(renderedText(markdown)).toBe(text)
  })
})

describe("anchorsOf", () => {
  it("collects ATX and setext headings and HTML anchors, not headings inside code fences", () => {
    const md = [
      "# Title",
      "## Sales IN: how a register sale becomes an order ##",
      "Setext heading",
      "===",
      "",
      "---",
      "- list item",
      "---",
      "```bash",
      "# not a heading",
      "```",
      "~~~~",
      "## also not",
      "```",
      "~~~~",
      '<a id="custom-anchor"></a>',
      "## Title",
      "#NoSpace is not a heading",
    ].join("\n")
    expect([...anchorsOf(md)].sort()).toEqual(
      ["custom-anchor", "sales-in-how-a-register-sale-becomes-an-order", "setext-heading", "title", "title-1"].sort()
    )
  })
})

describe("linksOf", () => {
  it("finds inline links, images and reference definitions outside code, with their lines", () => {
    const md = [
      "See [install](#install-into-a-store) and [docs](docs/members.md#triggers \"title\").",
      "Code `[not](a-link.md)` and ![img](img/x.png)",
      "```",
      "[not](either.md)",
      "```",
      "[ref]: docs/production.md",
      "[angle](<docs/with space.md>) [nested [brackets]](x.md) [parens](a_(b).md)",
    ].join("\n")
    expect(linksOf(md)).toEqual([
      { line: 1, target: "#install-into-a-store" },
      { line: 1, target: "docs/members.md#triggers" },
      { line: 2, target: "img/x.png" },
      { line: 6, target: "docs/production.md" },
      { line: 7, target: "docs/with space.md" },
      { line: 7, target: "x.md" },
      { line: 7, target: "a_(b).md" },
    ])
  })
})

function memoryReader(files: Record<string, string>, dirs: string[] = []): DocsReader {
  return {
    read: (path) => {
      if (!(path in files)) throw new Error(`no file ${path}`)
      return files[path]
    },
    exists: (path) => path in files || dirs.includes(path),
  }
}

describe("checkLinks", () => {
  const files = {
    "README.md": [
      "# Project",
      "## Points and ranks",
      "## 会員（メンバー）連携",
      "[ok](#points-and-ranks) [ok jp](#会員メンバー連携) [ok encoded](#%E4%BC%9A%E5%93%A1%E3%83%A1%E3%83%B3%E3%83%90%E3%83%BC%E9%80%A3%E6%90%BA)",
      "[dead](#members-out)",
      "[ok file](docs/members.md) [ok file anchor](docs/members.md#triggers) [ok dir](docs)",
      "[dead file](docs/testing.md) [dead anchor](docs/members.md#nope)",
      "[external](https://example.com/x.md#whatever) [mail](mailto:a@b.c) [top](#)",
      "[ok root](/docs/members.md) [ok code](src/index.ts#L3) [outside](../elsewhere.md)",
    ].join("\n"),
    "docs/members.md": "# Members\n## Triggers\n[back](../README.md#points-and-ranks) [dead back](../README.md#admin)",
    "src/index.ts": "export {}",
  }

  it("reports exactly the dead anchors, files and anchors in other files", () => {
    const problems = checkLinks(["README.md", "docs/members.md"], memoryReader(files, ["docs", "src"]))
    expect(problems.map((p) => [p.file, p.line, p.target, p.problem])).toEqual([
      ["README.md", 5, "#members-out", "no heading with anchor #members-out in README.md"],
      ["README.md", 7, "docs/testing.md", "no file docs/testing.md"],
      ["README.md", 7, "docs/members.md#nope", "no heading with anchor #nope in docs/members.md"],
      ["README.md", 9, "../elsewhere.md", "points outside the repository (../elsewhere.md)"],
      ["docs/members.md", 3, "../README.md#admin", "no heading with anchor #admin in README.md"],
    ])
  })

  it("passes a document whose links all resolve", () => {
    const reader = memoryReader({ "README.md": "## A b\n[x](#a-b) [y](docs/c.md#d)", "docs/c.md": "### D" })
    expect(checkLinks(["README.md", "docs/c.md"], reader)).toEqual([])
  })
})

describe("the repository's README.md and docs/", () => {
  const root = join(__dirname, "..", "..", "..")

  it("links README to every file under docs/", () => {
    const readme = linksOf(diskReader(root).read("README.md")).map((l) => l.target.replace(/#.*$/, ""))
    const docs = repositoryDocs(root).filter((f) => f.startsWith("docs/"))
    expect(docs.length).toBeGreaterThan(0)
    expect(docs.filter((d) => !readme.includes(d))).toEqual([])
  })

  it("has no broken anchor or relative link", () => {
    const problems = checkRepositoryDocs(root)
    expect(formatProblems(problems, root)).toBe("")
  })
})
