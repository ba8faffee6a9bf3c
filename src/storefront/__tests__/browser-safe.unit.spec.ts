import { buildSync } from "esbuild"
import { join } from "node:path"

/*
 * The storefront export runs in browsers: bundled for the browser it must need no Node built-in,
 * nothing of Medusa's server and nothing of the plugin's server code, and stay small.
 */
describe("medusa-payment-dintero/storefront is browser-safe", () => {
  const result = buildSync({
    entryPoints: [join(__dirname, "..", "index.ts")],
    bundle: true,
    platform: "browser",
    format: "esm",
    write: false,
    metafile: true,
    logLevel: "silent",
  })

  it("bundles for the browser from its own files only (and the provider's import-free names)", () => {
    expect(result.errors).toEqual([])
    const inputs = Object.keys(result.metafile!.inputs)
    const own = (path: string) => path.includes("src/storefront/") || path.endsWith("src/providers/dintero/provider-id.ts")
    expect(inputs.filter((path) => !own(path) || path.includes("node_modules"))).toEqual([])
    expect(inputs.some((path) => path.endsWith("provider-id.ts"))).toBe(true)
  })

  it("is small (the Web SDK is passed in, not bundled)", () => {
    expect(result.outputFiles![0].contents.length).toBeLessThan(20_000)
  })
})
