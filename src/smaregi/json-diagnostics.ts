export function describeJsonError(text: string, error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error)
  const reported = /at position (\d+)/.exec(raw)
  const position = reported ? Number(reported[1]) : safeLocateJsonError(text)
  const reason = raw
    .replace(/^(Unexpected token '.+?'), .* is not valid JSON$/s, "$1")
    .replace(/ in JSON at position \d+.*$/s, "")
    .trim()
  const before = text.slice(0, position)
  const line = before.split("\n").length
  const column = position - before.lastIndexOf("\n")
  const near = text.slice(position, position + 20)
  return `params is not valid JSON: ${reason} at position ${position} (line ${line}, column ${column})${
    near ? ` near ${JSON.stringify(near)}` : ""
  }`
}

// The locator recurses per nesting level; hostile nesting must still give a message, not a stack overflow.
function safeLocateJsonError(text: string): number {
  try {
    return locateJsonError(text)
  } catch (error) {
    if (error instanceof RangeError) return text.length
    throw error
  }
}

/** Offset of the first character that breaks the JSON grammar (text.length when the input ends early). */
export function locateJsonError(text: string): number {
  let i = 0
  const ws = (): void => {
    while (i < text.length && " \t\n\r".includes(text[i]!)) i++
  }
  const literal = (word: string): boolean => {
    for (const ch of word) {
      if (text[i] !== ch) return false
      i++
    }
    return true
  }
  const string = (): boolean => {
    i++
    while (i < text.length) {
      const ch = text[i]!
      if (ch === '"') {
        i++
        return true
      }
      if (ch < " ") return false
      if (ch === "\\") {
        i++
        const esc = text[i]
        if (esc === "u") {
          for (let k = 0; k < 4; k++) {
            i++
            if (!/[0-9a-fA-F]/.test(text[i] ?? "")) return false
          }
        } else if (esc === undefined || !'"\\/bfnrt'.includes(esc)) {
          return false
        }
      }
      i++
    }
    return false
  }
  const number = (): boolean => {
    const match = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i))
    if (!match) return false
    i += match[0].length
    return true
  }
  const value = (): boolean => {
    ws()
    const ch = text[i]
    if (ch === "{") {
      i++
      ws()
      if (text[i] === "}") {
        i++
        return true
      }
      for (;;) {
        ws()
        if (text[i] !== '"' || !string()) return false
        ws()
        if (text[i] !== ":") return false
        i++
        if (!value()) return false
        ws()
        if (text[i] === ",") {
          i++
          continue
        }
        if (text[i] === "}") {
          i++
          return true
        }
        return false
      }
    }
    if (ch === "[") {
      i++
      ws()
      if (text[i] === "]") {
        i++
        return true
      }
      for (;;) {
        if (!value()) return false
        ws()
        if (text[i] === ",") {
          i++
          continue
        }
        if (text[i] === "]") {
          i++
          return true
        }
        return false
      }
    }
    if (ch === '"') return string()
    if (ch === "t") return literal("true")
    if (ch === "f") return literal("false")
    if (ch === "n") return literal("null")
    return number()
  }
  if (value()) {
    ws()
  }
  return Math.min(i, text.length)
}
