#!/usr/bin/env node
/*
 * `npm run bench`: what paying with this plugin's Dintero provider costs a Medusa server, next to
 * Medusa's built-in system provider, both enabled in one region of one server (two with
 * --instances 2). Prints a table per cell (Dintero latency × concurrency) with the ratios
 * Dintero/system and their targets, and writes JSON and Markdown to bench-results/. `--help` lists
 * the options; the Markdown's "How this was measured" (report.mjs) explains the method.
 *
 * Exits 0 when the run finished, missed targets included (they are reported, not enforced); 1 when
 * something failed (the step, the HTTP status and body, and where Medusa's log is, are printed);
 * 2 on a bad argument.
 */
import { dirname, join, resolve } from "node:path"
import { fileURLToPath } from "node:url"
import { callbackWatcher } from "./callbacks.mjs"
import { runCell } from "./cell.mjs"
import { startEnvironment } from "./environment.mjs"
import { checkoutMs, checkoutsMs, setupMs } from "./estimate.mjs"
import { formatDuration, mb } from "./format.mjs"
import { jsonClient } from "./http.mjs"
import { gitState, machine } from "./machine.mjs"
import { memorySampler } from "./memory.mjs"
import { parseOptions, UsageError, USAGE } from "./options.mjs"
import { progressLine } from "./progress.mjs"
import { cellReport, headerReport, METHODOLOGY, soakReport } from "./report.mjs"
import { writeResults } from "./results.mjs"
import { idleCpuMsPerSecond } from "./server-cpu.mjs"
import { runSoak } from "./soak.mjs"

const root = join(dirname(fileURLToPath(import.meta.url)), "..")
const cleanups = []

main().then((code) => process.exit(code))

async function main() {
  let options
  try {
    options = parseOptions(process.argv.slice(2))
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    console.error(`bench: ${error.message}\n\n${USAGE}`)
    return 2
  }
  if (options.help) {
    console.log(USAGE)
    return 0
  }
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.once(signal, async () => {
      console.error(`\nbench: ${signal}, stopping`)
      await cleanup()
      process.exit(130)
    })
  }

  const meta = { started_at: new Date().toISOString(), machine: machine(), git: gitState(root), options }
  console.log(`${headerReport(meta)}\n`)
  const checkoutsEstimate = checkoutsMs(options)
  console.log(`Estimated time: ${formatDuration(setupMs(options) + checkoutsEstimate)} (setup ${formatDuration(setupMs(options))}, checkouts ${formatDuration(checkoutsEstimate)}; the progress line corrects it)\n`)

  const started = Date.now()
  const say = (text) => console.log(`[${formatDuration(Date.now() - started).padStart(9)}] ${text}`)
  let env
  let progress
  try {
    env = await startEnvironment({ instances: options.instances, latencyMs: options.latency[0], say, cleanups })
    const memory = memorySampler(env.rssBytes)
    cleanups.push(() => memory.stop())
    const rssBoot = memory.sample()
    const idleCpu = { after_boot: await idleCpuMsPerSecond(env.cpuMs) }
    say(`Ready; server RSS after boot ${mb(rssBoot)}, idle server CPU ${idleCpu.after_boot.toFixed(1)} ms/s\n`)
    const sandbox = jsonClient(env.sandboxUrl)
    const clients = {
      store: jsonClient(env.storeUrls, { "x-publishable-api-key": env.seed.publishableKey }),
      admin: jsonClient(env.storeUrls, { authorization: `Bearer ${env.adminToken}` }),
      sandbox,
      callbacks: callbackWatcher(sandbox),
    }
    progress = progressLine(checkoutsEstimate)

    const results = options.soak
      ? await soak({ options, env, clients, memory, progress })
      : await cells({ options, env, clients, memory, progress })
    progress.end()

    const rss = { boot: rssBoot, peak: memory.peak(), end: memory.sample() }
    idleCpu.at_end = await idleCpuMsPerSecond(env.cpuMs)
    const proxy = env.proxy ? { hits: [...env.proxy.hits] } : undefined
    const closing = [
      `Server RSS over the run: after boot ${mb(rss.boot)}, peak ${mb(rss.peak)}, end ${mb(rss.end)}`,
      `Idle server CPU (charged to a block for its whole wall time): ${idleCpu.after_boot.toFixed(1)} ms/s after boot, ${idleCpu.at_end.toFixed(1)} ms/s at the end`,
    ]
    if (proxy) closing.push(`Proxy (Dintero's callbacks): requests per instance ${proxy.hits.join(" / ")}`)
    console.log(closing.join("\n"))

    const json = { ...meta, ended_at: new Date().toISOString(), log_files: env.logFiles, rss_bytes: rss, idle_cpu_ms_per_s: idleCpu, ...(proxy ? { proxy } : {}), ...results.json }
    const markdown = [
      `# ${options.soak ? "Soak" : "Checkout benchmark"}: Dintero vs Medusa's system provider`,
      "",
      headerReport(meta, { markdown: true }),
      "",
      "## Results",
      "",
      results.markdown,
      "",
      closing.map((line) => `- ${line}`).join("\n"),
      "",
      METHODOLOGY,
    ].join("\n")
    const written = writeResults(resolve(options.out), options.soak ? "soak" : "bench", meta.started_at, json, markdown)
    say(`Results: ${written.join(", ")} (and latest${options.soak ? "-soak" : ""}.json/.md)`)
    return 0
  } catch (error) {
    progress?.end()
    // A programming error of the bench needs its stack; anything else is said by its message.
    const bug = error instanceof TypeError || error instanceof ReferenceError || error instanceof RangeError
    console.error(`\nbench failed: ${bug ? error.stack : (error?.message ?? error)}`)
    if (env) console.error(`Medusa's log: ${env.logFiles.join(", ")}`)
    return 1
  } finally {
    await cleanup()
  }
}

async function cells({ options, env, clients, memory, progress }) {
  const results = []
  const total = options.latency.length * options.concurrency.length
  for (const [index, latency] of options.latency.entries()) {
    // A new sandbox per latency: it forgets its tokens, and the warm-up gets the new one.
    if (index > 0) await env.restartSandbox(latency)
    for (const concurrency of options.concurrency) {
      const cellNumber = results.length + 1
      const done = { "warm-up": 0, measured: 0 }
      const onBlock = (block, phase) => {
        done[phase] += block.size
        const of = phase === "warm-up" ? options.warmup : options.count
        progress.advance(block.size, checkoutMs(block.provider, latency, concurrency), `cell ${cellNumber}/${total} (latency ${latency} ms, concurrency ${concurrency}): ${phase} ${Math.ceil(done[phase] / 2)}/${of} per provider`)
      }
      const cell = await runCell({ env, clients, memory, onBlock }, { latency, concurrency, count: options.count, warmup: options.warmup })
      results.push(cell)
      progress.print(`\n${cellReport(cell)}\n`)
    }
  }
  return { json: { cells: results }, markdown: results.map((cell) => cellReport(cell, { markdown: true })).join("\n\n") }
}

async function soak({ options, env, clients, memory, progress }) {
  const [latency] = options.latency
  const [concurrency] = options.concurrency
  let done = 0
  const onBlock = (block) => {
    done += block.size
    progress.advance(block.size, checkoutMs(block.provider, latency, concurrency), `soak (latency ${latency} ms, concurrency ${concurrency}): ${done}/${options.soak} checkouts`)
  }
  const result = await runSoak({ env, clients, memory, onBlock }, { total: options.soak, concurrency })
  progress.print(`\n${soakReport(result)}\n`)
  return { json: { soak: result }, markdown: soakReport(result, { markdown: true }) }
}

let cleaning
function cleanup() {
  // Once, whoever asks first (the end of main, or a signal in the middle of it).
  cleaning ??= (async () => {
    while (cleanups.length) await Promise.resolve(cleanups.pop()()).catch(() => undefined)
  })()
  return cleaning
}
