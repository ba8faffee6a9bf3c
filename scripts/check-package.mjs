#!/usr/bin/env node
/*
 * What `npm pack` puts in the package, checked against what package.json promises: every entry of
 * `exports` (and `main`, `types`, `typesVersions`, `bin`) is in it, every compiled module has its
 * type declarations and a separate source map carrying its sources (no inline base64 maps, no
 * pointer at a .ts file that is not shipped), the docs the README and `--help` send readers to are
 * in it, and nothing else is (no sources, tests or local files). Then every runtime entry is loaded
 * in plain Node.
 *
 * Run by `prepublishOnly` and `npm run test:build` on the build in .medusa/server; the packaging
 * test (integration-tests/package) runs the same checks on the tarball it installs.
 */
import { execFileSync } from "node:child_process"
import { readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join, posix } from "node:path"
import { fileURLToPath } from "node:url"

/** Files a package must carry besides the build. */
export const REQUIRED_FILES = ["package.json", "README.md", "LICENSE", "CHANGELOG.md", "docs/sandbox.md", "bin/dintero-sandbox.js", "types/admin.d.ts"]

const ALLOWED = [/^\.medusa\/server\/src\/.+\.(js|mjs|d\.ts|js\.map)$/, /^bin\/[^/]+\.js$/, /^types\/[^/]+\.d\.ts$/]

/** Every file path package.json points at (exports with all their conditions, main, types, typesVersions, bin). */
export function declaredPaths(pkg) {
  const paths = new Set()
  const add = (value) => {
    if (typeof value === "string") paths.add(posix.normalize(value))
    else if (value && typeof value === "object") Object.values(value).forEach(add)
  }
  add(pkg.exports)
  add(pkg.main)
  add(pkg.types)
  add(pkg.bin)
  for (const mapping of Object.values(pkg.typesVersions ?? {})) add(mapping)
  return [...paths].filter((path) => !path.includes("*"))
}

/**
 * The problems of a package: `files` are its paths (as `npm pack` lists them), `read(path)` its
 * contents. An empty list means the package is as promised.
 */
export function packageProblems(files, pkg, read) {
  const problems = []
  const present = new Set(files)
  for (const required of REQUIRED_FILES) {
    if (!present.has(required)) problems.push(`missing ${required}`)
  }
  for (const path of declaredPaths(pkg)) {
    if (!present.has(path)) problems.push(`package.json points at ${path}, which is not in the package`)
  }
  for (const file of files) {
    if (REQUIRED_FILES.includes(file)) continue
    if (!ALLOWED.some((pattern) => pattern.test(file)) || file.includes("__tests__")) problems.push(`unexpected file ${file}`)
  }
  for (const file of files.filter((path) => /^\.medusa\/server\/src\/.+\.m?js$/.test(path))) {
    problems.push(...moduleProblems(file, present, read))
  }
  return problems
}

function moduleProblems(file, present, read) {
  const problems = []
  const code = read(file)
  const mapRef = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(code)?.[1]
  if (mapRef?.startsWith("data:")) problems.push(`${file} carries an inline source map`)
  else if (mapRef) {
    const mapFile = posix.join(posix.dirname(file), mapRef)
    if (!present.has(mapFile)) problems.push(`${file} points at ${mapFile}, which is not in the package`)
    else {
      const map = JSON.parse(read(mapFile))
      const complete = Array.isArray(map.sourcesContent) && map.sourcesContent.length === map.sources.length && map.sourcesContent.every((text) => typeof text === "string")
      if (!complete) problems.push(`${mapFile} does not carry its sources (${map.sources.join(", ")} are not shipped)`)
    }
  }
  // Every server module is typed; the admin bundle is typed by types/admin.d.ts.
  if (file.endsWith(".js") && !file.startsWith(".medusa/server/src/admin/")) {
    const declaration = file.replace(/\.js$/, ".d.ts")
    if (!present.has(declaration)) problems.push(`${file} has no type declarations (${declaration})`)
  }
  return problems
}

/**
 * Loads every runtime entry of `exports` from `packageDir` as a consumer would (by the package's
 * name, resolved from `fromDir`), except the admin bundle (JSX for Medusa's admin, built by Vite).
 */
export function loadProblems(pkg, fromDir) {
  const problems = []
  const require = createRequire(join(fromDir, "noop.js"))
  for (const subpath of Object.keys(pkg.exports)) {
    if (subpath === "./admin" || subpath === "./package.json") continue
    const specifier = subpath === "." ? pkg.name : `${pkg.name}/${subpath.slice(2)}`
    try {
      const loaded = require(specifier)
      if (!loaded || Object.keys(loaded).length === 0) problems.push(`${specifier} exports nothing`)
    } catch (error) {
      problems.push(`${specifier} does not load: ${error?.message ?? error}`)
    }
  }
  return problems
}

/** The files `npm pack` would put in the package of `root`. */
export function packList(root) {
  const output = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] })
  return JSON.parse(output)[0].files.map((file) => file.path)
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..")
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"))
  const files = packList(root)
  // A package can require itself by its name (self-reference through "exports"), as a consumer would.
  const problems = [...packageProblems(files, pkg, (path) => readFileSync(join(root, path), "utf8")), ...loadProblems(pkg, root)]
  if (problems.length) {
    console.error(`The package is not as package.json promises:\n- ${problems.join("\n- ")}`)
    process.exit(1)
  }
  console.log(`package ok: ${files.length} files, ${Object.keys(pkg.exports).length} exports, each present, typed and loading`)
}
