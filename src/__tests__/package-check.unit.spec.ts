/*
 * The package check (scripts/check-package.mjs, run by prepublishOnly, test:build and the
 * packaging test) finds what the issue found in the first tarball: an export pointing at nothing,
 * no type declarations, inline source maps, maps without their sources, missing docs.
 */
const pkg = {
  name: "medusa-payment-dintero",
  main: "./.medusa/server/src/index.js",
  bin: { "dintero-sandbox": "bin/dintero-sandbox.js" },
  exports: {
    ".": { types: "./.medusa/server/src/index.d.ts", default: "./.medusa/server/src/index.js" },
    "./workflows": "./.medusa/server/src/workflows/index.js",
  },
}
const docs = ["package.json", "README.md", "LICENSE", "CHANGELOG.md", "docs/sandbox.md", "bin/dintero-sandbox.js", "types/admin.d.ts"]
const map = JSON.stringify({ version: 3, sources: ["../../../src/index.ts"], sourcesContent: ["export const a = 1\n"], mappings: "" })

function check(files: Record<string, string>, manifest: object = pkg) {
  return import("../../scripts/check-package.mjs").then(({ packageProblems }) =>
    packageProblems(Object.keys(files), manifest as never, (file: string) => files[file] ?? "")
  )
}

const good = {
  ...Object.fromEntries(docs.map((file) => [file, ""])),
  ".medusa/server/src/index.js": "exports.a = 1\n//# sourceMappingURL=index.js.map",
  ".medusa/server/src/index.js.map": map,
  ".medusa/server/src/index.d.ts": "export declare const a = 1",
  ".medusa/server/src/workflows/index.js": "exports.w = 1\n//# sourceMappingURL=index.js.map",
  ".medusa/server/src/workflows/index.js.map": map,
  ".medusa/server/src/workflows/index.d.ts": "export declare const w = 1",
}

describe("the package check", () => {
  it("passes a package that is as package.json promises", async () => {
    expect(await check(good)).toEqual([])
  })

  it("finds an export pointing at nothing, a module without declarations, missing docs", async () => {
    const files: Record<string, string> = { ...good }
    delete files[".medusa/server/src/workflows/index.js"]
    delete files[".medusa/server/src/index.d.ts"]
    delete files["docs/sandbox.md"]
    expect(await check(files)).toEqual(
      expect.arrayContaining([
        "missing docs/sandbox.md",
        "package.json points at .medusa/server/src/workflows/index.js, which is not in the package",
        "package.json points at .medusa/server/src/index.d.ts, which is not in the package",
        ".medusa/server/src/index.js has no type declarations (.medusa/server/src/index.d.ts)",
      ])
    )
  })

  it("finds inline source maps, maps without their sources, and files that do not belong", async () => {
    const problems = await check({
      ...good,
      ".medusa/server/src/index.js": "exports.a = 1\n//# sourceMappingURL=data:application/json;base64,e30=",
      ".medusa/server/src/workflows/index.js.map": JSON.stringify({ version: 3, sources: ["../../../../src/workflows/index.ts"], mappings: "" }),
      "src/index.ts": "export const a = 1",
      ".medusa/server/src/__tests__/a.unit.spec.js": "",
    })
    expect(problems).toEqual(
      expect.arrayContaining([
        ".medusa/server/src/index.js carries an inline source map",
        ".medusa/server/src/workflows/index.js.map does not carry its sources (../../../../src/workflows/index.ts are not shipped)",
        "unexpected file src/index.ts",
        "unexpected file .medusa/server/src/__tests__/a.unit.spec.js",
      ])
    )
  })
})
