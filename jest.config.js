const { loadEnv } = require("@medusajs/framework/utils")
loadEnv("test", process.cwd())

// One config, three suites, chosen by TEST_TYPE (the Medusa starter's convention):
//   unit              pure code, the Dintero client and the provider against the sandbox over loopback
//   integration:http  a real Medusa app on a real PostgreSQL (embedded unless DATABASE_URL / DB_* say otherwise)
//   package           the packed tarball installed into a fresh Medusa app outside the repository (same PostgreSQL)
const testMatch = {
  unit: ["**/src/**/__tests__/**/*.unit.spec.[jt]s"],
  "integration:http": ["**/integration-tests/http/**/*.spec.[jt]s"],
  package: ["**/integration-tests/package/**/*.spec.[jt]s"],
}[process.env.TEST_TYPE ?? "unit"]

if (!testMatch) {
  throw new Error(`Unknown TEST_TYPE "${process.env.TEST_TYPE}": use unit, integration:http or package`)
}

const isIntegration = process.env.TEST_TYPE === "integration:http" || process.env.TEST_TYPE === "package"

module.exports = {
  transform: {
    // ignoreDynamic: import() stays import(), so a spec can load an ES module (scripts/*.mjs, shared
    // with plain Node scripts); turned into require(), it fails with "Must use import to load ES Module".
    "^.+\\.[jt]s$": [
      "@swc/jest",
      { jsc: { parser: { syntax: "typescript", decorators: true }, target: "es2021" }, module: { ignoreDynamic: true } },
    ],
  },
  testEnvironment: "node",
  moduleFileExtensions: ["js", "ts", "json"],
  modulePathIgnorePatterns: ["dist/", "<rootDir>/.medusa/"],
  testMatch,
  setupFiles: ["./integration-tests/setup.js"],
  ...(isIntegration
    ? {
        globalSetup: "./integration-tests/global-setup.mjs",
        globalTeardown: "./integration-tests/global-teardown.mjs",
        testTimeout: 120_000,
      }
    : { testTimeout: 20_000 }),
}
