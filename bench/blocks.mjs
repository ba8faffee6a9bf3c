// Checkouts in blocks of one provider, interleaved A B B A.
//
// Why blocks: the server's CPU is one counter for the whole process, so CPU can only be attributed
// to a provider over a stretch of time in which only that provider's checkouts run. A block is
// `concurrency` checkouts of one provider started together; the block's wall time (start to the end
// of its last checkout) and its CPU (start until the server is idle again) belong to that provider.
// At concurrency 1 a block is one checkout, bracketed exactly. The blocks alternate A B B A so that
// a drift of the machine over the run (another process, a warmer cache, a growing table) falls on
// both providers alike. The price: each block waits for its slowest checkout before the next starts,
// the same rule for both providers, so the throughput of a provider with more spread is lower; that
// spread is a real cost of it.

import { checkout } from "./checkout.mjs"
import { untilIdle } from "./server-cpu.mjs"

/** The blocks for `perProvider` checkouts of each provider, at most `size` per block, A B B A. */
export function abbaBlocks(perProvider, size) {
  const sizes = []
  for (let left = perProvider; left > 0; left -= size) sizes.push(Math.min(size, left))
  const taken = { dintero: 0, system: 0 }
  return Array.from({ length: sizes.length * 2 }, (_, i) => {
    const provider = i % 4 === 0 || i % 4 === 3 ? "dintero" : "system"
    return { provider, size: sizes[taken[provider]++] }
  })
}

/**
 * Runs one block; answers its record: provider, size, wall_ms, cpu_ms, the checkouts, and the
 * Dintero requests and callbacks no checkout's id tied (`untied`). The sandbox's logs are read and
 * emptied after every block, so they never grow, whatever the length of the run.
 * `run`: { clients, seed, cpuMs, ledger } (see cell.mjs).
 */
export async function runBlock(run, { provider, size }) {
  const cpuBefore = run.cpuMs()
  const startedAt = Date.now()
  const checkouts = await Promise.all(Array.from({ length: size }, () => checkout(run.clients, run.seed, provider)))
  const endedAt = Math.max(...checkouts.map((record) => record.ended_at))
  await untilIdle(run.cpuMs)
  const cpuMs = run.cpuMs() - cpuBefore

  const { sandbox } = run.clients
  const requests = await sandbox.get("read Dintero's request log", "/_sandbox/requests")
  await sandbox.delete("empty Dintero's request log", "/_sandbox/requests")
  const callbacks = await sandbox.get("read Dintero's callback log", "/_sandbox/callbacks")
  await sandbox.delete("empty Dintero's callback log", "/_sandbox/callbacks")
  for (const record of checkouts) run.ledger.track(record)
  const untied = run.ledger.add(requests, callbacks)

  return { provider, size, started_at: startedAt, wall_ms: endedAt - startedAt, cpu_ms: cpuMs, untied, checkouts }
}
