// Builds the storefront package entries (`medusa-plugin-smaregi/storefront`, `/storefront/react`,
// `/storefront/element`) as ESM with .d.ts into .medusa/storefront. `medusa plugin:build` only makes the
// CommonJS server build, which a bundler cannot tree-shake and which has no types.
import { execFileSync } from "node:child_process"
import fs from "node:fs"
import { createRequire } from "node:module"
import path from "node:path"
import { fileURLToPath } from "node:url"

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..")
const OUT = path.join(ROOT, ".medusa", "storefront")
const TSCONFIG = path.join(ROOT, "src", "storefront", "tsconfig.build.json")
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc")

fs.rmSync(OUT, { recursive: true, force: true })
execFileSync(process.execPath, [tsc, "-p", TSCONFIG], { cwd: ROOT, stdio: "inherit" })

// Node and webpack resolve ESM specifiers literally: "./view" must be "./view.js" in the output.
const RELATIVE = /(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(["'])(\.{1,2}\/[^"']+?)\2/g
const files = fs.readdirSync(OUT).filter((f) => f.endsWith(".js") || f.endsWith(".d.ts"))
for (const file of files) {
  const full = path.join(OUT, file)
  const text = fs.readFileSync(full, "utf8")
  const fixed = text.replace(RELATIVE, (match, lead, quote, spec) => {
    if (/\.(c|m)?js$/.test(spec)) return match
    const target = path.resolve(path.dirname(full), spec)
    const withJs = fs.existsSync(`${target}.js`) ? `${spec}.js` : fs.existsSync(path.join(target, "index.js")) ? `${spec}/index.js` : null
    if (!withJs) throw new Error(`${file}: cannot resolve ${spec} in the storefront build`)
    return `${lead}${quote}${withJs}${quote}`
  })
  fs.writeFileSync(full, fixed)
}
fs.writeFileSync(path.join(OUT, "package.json"), `${JSON.stringify({ type: "module", sideEffects: false }, null, 2)}\n`)

for (const entry of ["index.js", "react.js", "element.js"]) {
  if (!fs.existsSync(path.join(OUT, entry))) throw new Error(`storefront build: ${entry} missing`)
}
const react = fs.readFileSync(path.join(OUT, "react.js"), "utf8")
if (!/^["']use client["']/.test(react)) throw new Error('storefront build: react.js must start with "use client"')
console.log(`storefront build: ${files.length} files in ${path.relative(ROOT, OUT)}`)
