// How long a run will take, from timings measured on the reference machine (2 shared cores,
// Node 20, embedded PostgreSQL). Only for the estimate printed at start and the progress line's
// ETA, which corrects itself by the speed actually reached.

const REFERENCE = {
  setupMs: 30_000, // embedded PostgreSQL, migrations, seed, Medusa boot (per instance)
  aloneMs: { system: 750, dintero: 950 }, // one checkout alone, to the end of its callbacks
  dinteroRoundTrips: 3, // Dintero answers a Dintero checkout waits for, one after the other
  cpuMs: { system: 600, dintero: 720 }, // server CPU per checkout
  // What the server gets of the 2 cores next to PostgreSQL, the sandbox, the bench and the
  // machine's other users, fitted to the blocks at concurrency 4.
  cores: 1,
  blockOverheadMs: 150, // per block: waiting for the server to go idle, reading the sandbox's logs
}

/** Estimated wall time per checkout of `provider` at this latency and concurrency. */
export function checkoutMs(provider, latency, concurrency) {
  const alone = REFERENCE.aloneMs[provider] + (provider === "dintero" ? REFERENCE.dinteroRoundTrips * latency : 0)
  // The other checkouts of a block share the CPU with it.
  const block = alone + ((concurrency - 1) * REFERENCE.cpuMs[provider]) / REFERENCE.cores
  return (block + REFERENCE.blockOverheadMs) / concurrency
}

/** Estimated wall time of all the checkouts of a run (options as parsed). */
export function checkoutsMs(options) {
  const cells = options.soak
    ? [{ latency: options.latency[0], concurrency: options.concurrency[0], perProvider: Math.ceil(options.soak / 2) }]
    : options.latency.flatMap((latency) => options.concurrency.map((concurrency) => ({ latency, concurrency, perProvider: options.count + options.warmup })))
  return cells.reduce((total, { latency, concurrency, perProvider }) => total + perProvider * (checkoutMs("dintero", latency, concurrency) + checkoutMs("system", latency, concurrency)), 0)
}

export const setupMs = (options) => REFERENCE.setupMs * options.instances
