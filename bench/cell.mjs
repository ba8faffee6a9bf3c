// One cell of the benchmark: a Dintero latency and a concurrency. Warm-up blocks (not measured),
// then the measured blocks, then the numbers of both providers, their ratios and the targets.

import { abbaBlocks, runBlock } from "./blocks.mjs"
import { dinteroLedger } from "./dintero-log.mjs"
import { ratios, summarizeProvider, targets } from "./stats.mjs"

/**
 * `env`: the running environment (environment.mjs) and its `clients`; `memory`: the RSS sampler;
 * `onBlock(block, phase)`: after each block ("warm-up" or "measured"), for the progress line.
 */
export async function runCell({ env, clients, memory, onBlock }, { latency, concurrency, count, warmup }) {
  const run = { clients, seed: env.seed, cpuMs: env.cpuMs, ledger: dinteroLedger() }
  const rssStart = memory.openWindow()

  for (const block of abbaBlocks(warmup, concurrency)) onBlock(await runBlock(run, block), "warm-up")
  const blocks = []
  for (const block of abbaBlocks(count, concurrency)) {
    blocks.push(await runBlock(run, block))
    onBlock(blocks.at(-1), "measured")
  }

  const summary = {
    dintero: summarizeProvider(blocks.filter((block) => block.provider === "dintero")),
    system: summarizeProvider(blocks.filter((block) => block.provider === "system")),
  }
  const ratio = ratios(summary.dintero, summary.system)
  return {
    latency_ms: latency,
    concurrency,
    count,
    warmup,
    summary,
    ratio,
    targets: targets({ latency, summary, ratio }),
    rss_bytes: { start: rssStart, peak: memory.windowPeak(), end: memory.sample() },
    blocks,
  }
}
