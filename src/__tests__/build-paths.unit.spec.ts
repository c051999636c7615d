import fs from "node:fs"
import path from "node:path"

// `medusa plugin:build` (Compiler in @medusajs/framework/build-tools) compiles no file with a path segment
// among these: such a route or module would be missing from the published package.
const MEDUSA_BUILD_SKIPS = ["integration-tests", "test", "unit-tests"]
const SRC = path.resolve(__dirname, "..")

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name)
    // src/admin is bundled by the admin build, not compiled by this step.
    if (entry.name === "__tests__" || entry.name === "__fixtures__" || full === path.join(SRC, "admin")) return []
    return entry.isDirectory() ? sourceFiles(full) : /\.tsx?$/.test(entry.name) ? [path.relative(SRC, full)] : []
  })
}

describe("paths of the server build", () => {
  it("finds the source files it checks", () => {
    expect(sourceFiles(SRC)).toContain(path.join("api", "admin", "smaregi", "connections", "[id]", "test-connection", "route.ts"))
  })

  it("has no file in a folder that medusa plugin:build leaves out", () => {
    const skipped = sourceFiles(SRC).filter((file) => file.split(path.sep).some((segment) => MEDUSA_BUILD_SKIPS.includes(segment)))
    expect(skipped).toEqual([])
  })
})
