// --soak N: does the server's memory stay flat over many checkouts? The same interleaved blocks as
// the cells, the server's RSS sampled every 50 checkouts; the first 20 % are the warm-up (caches,
// JIT, connection pools fill up there), the rest must not drift.

import { abbaBlocks, runBlock } from "./blocks.mjs"
import { dinteroLedger } from "./dintero-log.mjs"

const SAMPLE_EVERY = 50
const WARMUP_SHARE = 0.2
const LIMIT_PERCENT = 10

export async function runSoak({ env, clients, memory, onBlock }, { total, concurrency }) {
  const run = { clients, seed: env.seed, cpuMs: env.cpuMs, ledger: dinteroLedger() }
  const warmupCheckouts = Math.round(total * WARMUP_SHARE)
  const samples = [{ checkouts: 0, rss_bytes: memory.openWindow(), warmup: true }]
  const takeSample = (checkouts) => {
    // The moment's RSS is the sample; the window's low and high (background samples since the
    // previous one) show how much of a difference is the garbage collector's sawtooth.
    const low = memory.windowLow()
    const high = memory.windowPeak()
    samples.push({ checkouts, rss_bytes: memory.openWindow(), window_low_bytes: low, window_high_bytes: high, warmup: checkouts <= warmupCheckouts })
  }
  const started = Date.now()
  let done = 0
  let notAnswered = 0
  // N checkouts in all, half per provider (one more for an odd N). The sandbox's logs are emptied
  // after every block (runBlock), so the sandbox does not grow either.
  for (const block of abbaBlocks(Math.ceil(total / 2), concurrency)) {
    const result = await runBlock(run, block)
    onBlock(result)
    const before = done
    done += result.size
    notAnswered += result.checkouts.reduce((sum, record) => sum + record.callbacks.not_2xx, 0)
    // Every 50 checkouts: at the first block end at or past each multiple of 50.
    if (Math.floor(done / SAMPLE_EVERY) > Math.floor(before / SAMPLE_EVERY)) takeSample(done)
  }
  if (samples.at(-1).checkouts !== done) takeSample(done)

  const measured = samples.filter((sample) => !sample.warmup).map((sample) => sample.rss_bytes)
  if (measured.length < 2) throw new Error(`--soak ${total} gives ${measured.length} memory sample after the warm-up; use at least ${Math.ceil((2 * SAMPLE_EVERY) / (1 - WARMUP_SHARE))}`)
  const mean = measured.reduce((sum, value) => sum + value, 0) / measured.length
  // A single sample lands anywhere in a garbage-collection cycle (±20 % here), so the drift
  // compares the means of the first and second half of the samples after the warm-up: a leak
  // shows as growth between them, a GC swing does not.
  const half = Math.floor(measured.length / 2)
  const average = (values) => values.reduce((sum, value) => sum + value, 0) / values.length
  const driftPercent = ((average(measured.slice(half)) - average(measured.slice(0, half))) / mean) * 100
  return {
    checkouts: done,
    concurrency,
    warmup_checkouts: warmupCheckouts,
    wall_ms: Date.now() - started,
    samples,
    min_bytes: Math.min(...measured),
    max_bytes: Math.max(...measured),
    first_bytes: measured[0],
    last_bytes: measured.at(-1),
    mean_bytes: mean,
    peak_bytes: memory.peak(),
    drift_percent: driftPercent,
    limit_percent: LIMIT_PERCENT,
    // The drift (second half's mean − first half's, after the warm-up) within ±10 % of the mean.
    ok: Math.abs(driftPercent) <= LIMIT_PERCENT,
    not_2xx_callbacks: notAnswered,
  }
}
