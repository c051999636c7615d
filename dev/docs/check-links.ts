import { existsSync, readFileSync, readdirSync, statSync } from "node:fs"
import { dirname, join, normalize, relative, sep } from "node:path"

/**
 * Checks the links of the repository's Markdown: `[x](#anchor)` against the headings GitHub renders, and
 * relative links (`docs/members.md`, `docs/members.md#anchor`, `../README.md`) against files on disk.
 */

// github-slugger's rule: keep letters, marks, numbers, connector punctuation (`_`), spaces and `-`.
const NOT_SLUG_CHAR = /[^\p{L}\p{M}\p{N}\p{Pc} -]/gu

/** GitHub's anchor for a heading's rendered text (github-slugger without the duplicate suffix). */
export function githubSlug(renderedText: string): string {
  return renderedText.toLowerCase().replace(NOT_SLUG_CHAR, "").replace(/ /g, "-")
}

/** Hands out slugs like GitHub does within one document: a repeated heading gets `-1`, `-2`, … */
export class GithubSlugger {
  private readonly occurrences = new Map<string, number>()

  slug(renderedText: string): string {
    const original = githubSlug(renderedText)
    let result = original
    while (this.occurrences.has(result)) {
      const n = (this.occurrences.get(original) ?? 0) + 1
      this.occurrences.set(original, n)
      result = `${original}-${n}`
    }
    this.occurrences.set(result, 0)
    return result
  }
}

/** The text GitHub renders for inline Markdown: code kept without backticks, links as their text, no emphasis or HTML. */
export function renderedText(inline: string): string {
  const codes: string[] = []
  let text = inline.replace(/(`+)([\s\S]*?[^`])\1(?!`)/g, (_m, _ticks, code: string) => {
    codes.push(code.trim() === "" ? code : code.replace(/^ (.*) $/s, "$1"))
    return `\u0000${codes.length - 1}\u0000`
  })
  const escaped: string[] = []
  text = text
    .replace(/\\([!-/:-@[-`{-~])/g, (_m, char: string) => {
      escaped.push(char)
      return `\u0001${escaped.length - 1}\u0001`
    })
    .replace(/!\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/\[([^\]]*)\]\[[^\]]*\]/g, "$1")
    .replace(/<[^>]+>/g, "")
    .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, "$2")
    .replace(/\*(?=\S)([\s\S]*?\S)\*/g, "$1")
    .replace(/(^|[^\p{L}\p{N}_])_(?=\S)([\s\S]*?\S)_(?![\p{L}\p{N}_])/gu, "$1$2")
    .replace(/~~(?=\S)([\s\S]*?\S)~~/g, "$1")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
  return text
    .replace(/\u0001(\d+)\u0001/g, (_m, i: string) => escaped[Number(i)])
    .replace(/\u0000(\d+)\u0000/g, (_m, i: string) => codes[Number(i)])
    .trim()
}

type Line = { text: string; number: number }

/** The lines outside fenced code blocks, numbered from 1. */
function proseLines(markdown: string): Line[] {
  const out: Line[] = []
  let fence: { char: string; length: number } | null = null
  markdown.split(/\r?\n/).forEach((text, i) => {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(text)
    if (fence) {
      if (marker && marker[1][0] === fence.char && marker[1].length >= fence.length && text.trim() === marker[1]) {
        fence = null
      }
      return
    }
    if (marker) {
      fence = { char: marker[1][0], length: marker[1].length }
      return
    }
    out.push({ text, number: i + 1 })
  })
  return out
}

function isParagraphLine(text: string): boolean {
  return text.trim() !== "" && !/^ {0,3}([#>|]|[-*+] |\d+[.)] |(-{3,}|\*{3,}|_{3,}|={3,})\s*$)/.test(text)
}

/** Every anchor a link into this document can name: heading slugs (ATX and setext) and `<a id|name="…">`. */
export function anchorsOf(markdown: string): Set<string> {
  const slugger = new GithubSlugger()
  const anchors = new Set<string>()
  const lines = proseLines(markdown)
  lines.forEach((line, i) => {
    const atx = /^ {0,3}#{1,6}(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(line.text)
    const previous = lines[i - 1]
    if (atx) {
      anchors.add(slugger.slug(renderedText(atx[1] ?? "")))
    } else if (
      /^ {0,3}(=+|-+)[ \t]*$/.test(line.text) &&
      previous &&
      previous.number === line.number - 1 &&
      isParagraphLine(previous.text) &&
      !/^ {0,3}#/.test(previous.text)
    ) {
      anchors.add(slugger.slug(renderedText(previous.text)))
    }
    for (const m of line.text.matchAll(/<a\s[^>]*\b(?:id|name)\s*=\s*["']([^"']+)["']/gi)) anchors.add(m[1])
  })
  return anchors
}

export type MarkdownLink = { line: number; target: string }

function withoutCodeSpans(text: string): string {
  return text.replace(/(`+)[\s\S]*?[^`]\1(?!`)/g, (m) => " ".repeat(m.length))
}

/** Inline links and images `[x](target)`, and reference definitions `[x]: target`, outside code. */
export function linksOf(markdown: string): MarkdownLink[] {
  const links: MarkdownLink[] = []
  const inline =
    /!?\[(?:[^[\]]|\[[^\]]*\])*\]\(\s*(<[^>]*>|(?:[^()\s]|\([^()\s]*\))*)(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)/g
  for (const line of proseLines(markdown)) {
    const text = withoutCodeSpans(line.text)
    const definition = /^ {0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/.exec(text)
    if (definition) {
      links.push({ line: line.number, target: definition[1].replace(/^<(.*)>$/, "$1") })
      continue
    }
    for (const m of text.matchAll(inline)) {
      links.push({ line: line.number, target: m[1].replace(/^<(.*)>$/, "$1") })
    }
  }
  return links
}

export type LinkProblem = { file: string; line: number; target: string; problem: string }

/** Reads the repository: file contents and whether a path (file or directory) exists, paths relative to the root. */
export type DocsReader = { read(path: string): string; exists(path: string): boolean }

function decode(part: string): string {
  try {
    return decodeURIComponent(part)
  } catch {
    return part
  }
}

/**
 * The links of `files` (repository-relative paths, `/`-separated) that do not resolve. External links
 * (`https:`, `mailto:` …) are not checked.
 */
export function checkLinks(files: string[], reader: DocsReader): LinkProblem[] {
  const anchorCache = new Map<string, Set<string>>()
  const anchorsFor = (path: string) => {
    let anchors = anchorCache.get(path)
    if (!anchors) {
      anchors = anchorsOf(reader.read(path))
      anchorCache.set(path, anchors)
    }
    return anchors
  }
  const problems: LinkProblem[] = []
  for (const file of files) {
    for (const link of linksOf(reader.read(file))) {
      const { target } = link
      const report = (problem: string) => problems.push({ file, line: link.line, target, problem })
      if (target === "") {
        report("empty link target")
        continue
      }
      if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith("//")) continue
      const hash = target.indexOf("#")
      const pathPart = decode(hash === -1 ? target : target.slice(0, hash)).replace(/\?.*$/, "")
      const anchor = hash === -1 ? null : decode(target.slice(hash + 1))
      let targetFile = file
      if (pathPart !== "") {
        const joined = pathPart.startsWith("/") ? pathPart.slice(1) : join(dirname(file), pathPart)
        const resolved = normalize(joined).split(sep).join("/").replace(/\/$/, "")
        if (resolved === ".." || resolved.startsWith("../")) {
          report(`points outside the repository (${resolved})`)
          continue
        }
        if (!reader.exists(resolved === "" ? "." : resolved)) {
          report(`no file ${resolved}`)
          continue
        }
        targetFile = resolved
      }
      if (anchor === null || anchor === "") continue
      if (!/\.md$/i.test(targetFile)) continue
      if (!anchorsFor(targetFile).has(anchor)) {
        report(`no heading with anchor #${anchor} in ${targetFile}`)
      }
    }
  }
  return problems
}

/** README.md and every Markdown file under docs/ of the repository at `root`. */
export function repositoryDocs(root: string): string[] {
  const files = existsSync(join(root, "README.md")) ? ["README.md"] : []
  const walk = (dir: string) => {
    for (const name of readdirSync(join(root, dir)).sort()) {
      const path = `${dir}/${name}`
      if (statSync(join(root, path)).isDirectory()) walk(path)
      else if (/\.md$/i.test(name)) files.push(path)
    }
  }
  if (existsSync(join(root, "docs"))) walk("docs")
  return files
}

export function diskReader(root: string): DocsReader {
  return {
    read: (path) => readFileSync(join(root, path), "utf8"),
    exists: (path) => existsSync(join(root, path)),
  }
}

/** The broken links of README.md and docs/ at `root`. */
export function checkRepositoryDocs(root: string): LinkProblem[] {
  return checkLinks(repositoryDocs(root), diskReader(root))
}

export function formatProblems(problems: LinkProblem[], root = "."): string {
  return problems
    .map((p) => `${relative(".", join(root, p.file)) || p.file}:${p.line}: ${p.target} — ${p.problem}`)
    .join("\n")
}

if (require.main === module) {
  const root = process.argv[2] ?? process.cwd()
  const problems = checkRepositoryDocs(root)
  if (problems.length) {
    console.error(formatProblems(problems, root))
    console.error(`${problems.length} broken link(s)`)
    process.exit(1)
  }
  console.log(`links OK: ${repositoryDocs(root).join(", ")}`)
}
