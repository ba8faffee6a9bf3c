// After `medusa plugin:build`: the published entry points load in plain Node and export what
// a Medusa app and a user expect.
const assert = require("node:assert")
const path = require("node:path")

const root = path.resolve(__dirname, "..")
const provider = require(path.join(root, ".medusa/server/src/providers/dintero/index.js"))
assert.strictEqual(provider.default.services[0].identifier, "dintero", "provider export")
assert.strictEqual(typeof provider.DinteroProviderService.validateOptions, "function", "validateOptions")

const sandbox = require(path.join(root, ".medusa/server/src/sandbox/index.js"))
assert.strictEqual(typeof sandbox.startSandbox, "function", "sandbox export")

console.log("build ok: providers/dintero and sandbox load from .medusa/server")
