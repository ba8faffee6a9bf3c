// Reading the servers' CPU counter (user + system ms of the process tree, from /proc) between
// checkouts: when the server is done with what a block started, and what it burns doing nothing.

import { setTimeout as sleep } from "node:timers/promises"

const POLL_MS = 50

/**
 * Waits until the CPU counter has not moved for two polls (at most 2 s): work a checkout started
 * but did not wait for (event subscribers after the order, the capture's callback work) is then
 * counted in its own block, not in the next one, which may be the other provider's.
 */
export async function untilIdle(cpuMs) {
  const deadline = Date.now() + 2_000
  let last = cpuMs()
  let still = 0
  while (still < 2 && Date.now() < deadline) {
    await sleep(POLL_MS)
    const now = cpuMs()
    still = now === last ? still + 1 : 0
    last = now
  }
}

/**
 * CPU ms per second of an idle server, over `durationMs`. A block's CPU includes this for its whole
 * wall time, so a provider whose checkouts wait longer is charged more of it: reported next to the
 * CPU per checkout so that share can be told apart.
 */
export async function idleCpuMsPerSecond(cpuMs, durationMs = 3_000) {
  await untilIdle(cpuMs)
  const before = cpuMs()
  await sleep(durationMs)
  return ((cpuMs() - before) / durationMs) * 1000
}
