const { loadEnv } = require("@medusajs/framework/utils")
loadEnv("test", process.cwd())

const transform = {
  "^.+\\.[jt]sx?$": [
    "@swc/jest",
    { jsc: { parser: { syntax: "typescript", decorators: true, tsx: true }, transform: { react: { runtime: "automatic" } } } },
  ],
}
const common = {
  transform,
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "tsx", "json"],
  modulePathIgnorePatterns: ["dist/", "<rootDir>/.medusa/"],
}

module.exports = {
  testSequencer: "<rootDir>/integration-tests/helpers/sequencer.js",
  projects: [
    {
      ...common,
      displayName: "unit",
      testMatch: ["<rootDir>/src/**/__tests__/**/*.unit.spec.[jt]s?(x)", "<rootDir>/dev/**/__tests__/**/*.unit.spec.[jt]s"],
    },
    {
      ...common,
      displayName: "modules",
      testMatch: ["<rootDir>/src/modules/*/__tests__/**/*.spec.[jt]s"],
      testPathIgnorePatterns: ["\\.unit\\.spec\\."],
      setupFiles: ["<rootDir>/integration-tests/setup.js"],
    },
    {
      ...common,
      // The HTTP spec files in groups, one Medusa boot per group (integration-tests/http-groups/groups.ts).
      displayName: "http",
      testMatch: ["<rootDir>/integration-tests/http-groups/*.spec.[jt]s"],
      setupFiles: ["<rootDir>/integration-tests/setup.js"],
    },
    {
      ...common,
      // One HTTP spec file on its own Medusa: `node scripts/test.mjs http -- integration-tests/http/<file>`.
      displayName: "http-file",
      testMatch: ["<rootDir>/integration-tests/http/*.spec.[jt]s"],
      setupFiles: ["<rootDir>/integration-tests/setup.js"],
    },
    {
      ...common,
      // Real Chromium (Debian `chromium`, CHROMIUM_PATH, Chrome); skipped, saying why, when none is installed.
      displayName: "browser",
      testMatch: ["<rootDir>/integration-tests/browser/**/*.spec.[jt]s"],
      setupFiles: ["<rootDir>/integration-tests/setup.js"],
    },
    {
      ...common,
      // Real `medusa start` processes on Redis (integration-tests/multi/cluster.ts); skipped without Redis.
      displayName: "multi",
      testMatch: ["<rootDir>/integration-tests/multi/**/*.spec.[jt]s"],
    },
  ],
}
