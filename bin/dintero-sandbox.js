#!/usr/bin/env node
// Runs the Dintero sandbox (docs/sandbox.md). From the published package it loads the compiled
// CLI; inside the repository before a build, it compiles the TypeScript source on the fly.
"use strict"

const fs = require("node:fs")
const path = require("node:path")

const compiled = path.join(__dirname, "..", ".medusa", "server", "src", "sandbox", "cli.js")

let cli
if (fs.existsSync(compiled)) {
  cli = require(compiled)
} else {
  require("ts-node").register({ transpileOnly: true, compilerOptions: { module: "commonjs" } })
  cli = require(path.join(__dirname, "..", "src", "sandbox", "cli.ts"))
}

cli.main(process.argv.slice(2))
