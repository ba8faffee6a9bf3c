#!/usr/bin/env node
// Runs the Dintero sandbox (docs/sandbox.md). Inside this repository it runs the TypeScript
// source (always current; the build in .medusa/server may be stale); from the published package,
// which ships no src/, it loads the compiled CLI.
"use strict"

const fs = require("node:fs")
const path = require("node:path")

const source = path.join(__dirname, "..", "src", "sandbox", "cli.ts")
const compiled = path.join(__dirname, "..", ".medusa", "server", "src", "sandbox", "cli.js")

let cli
if (fs.existsSync(source)) {
  require("ts-node").register({ transpileOnly: true, compilerOptions: { module: "commonjs" } })
  cli = require(source)
} else {
  cli = require(compiled)
}

// --help names the documentation shipped next to this file (docs/sandbox.md of the package).
cli.main(process.argv.slice(2), { docs: path.join(__dirname, "..", "docs", "sandbox.md") })
