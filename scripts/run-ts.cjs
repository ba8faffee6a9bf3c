// Runs a TypeScript script of this repository without a build step (demo, sandbox from source).
require("ts-node").register({
  transpileOnly: true,
  compilerOptions: { module: "commonjs", moduleResolution: "node" },
})
const script = process.argv[2]
process.argv.splice(2, 1)
require(require("node:path").resolve(script))
