// From the measured blocks of a cell to its numbers: per provider throughput, percentiles, CPU,
// Dintero requests and callbacks; then the ratios Dintero/system and the targets they are held to.

import { ENDPOINTS, noRequests } from "./dintero-log.mjs"

export const STEPS = ["session", "completion", "capture", "whole"]

/** Linear interpolation between the nearest ranks. */
export function percentile(values, p) {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((a, b) => a - b)
  const rank = (p / 100) * (sorted.length - 1)
  const low = Math.floor(rank)
  return sorted[low] + (sorted[Math.ceil(rank)] - sorted[low]) * (rank - low)
}

const sum = (values) => values.reduce((total, value) => total + value, 0)

const countBy = (keys) => keys.reduce((counts, key) => ({ ...counts, [key]: (counts[key] ?? 0) + 1 }), {})

/** The numbers of one provider's measured blocks. */
export function summarizeProvider(blocks) {
  const checkouts = blocks.flatMap((block) => block.checkouts)
  const count = checkouts.length
  const wallMs = sum(blocks.map((block) => block.wall_ms))
  const steps = Object.fromEntries(
    STEPS.map((step) => {
      const values = checkouts.map((record) => record.ms[step])
      return [step, { p50: percentile(values, 50), p95: percentile(values, 95) }]
    })
  )

  // Per checkout: the requests carrying its ids. The ones no id tied (the token, background work
  // such as the reconciliation job) are listed apart, for the provider whose block saw them.
  const untied = noRequests()
  for (const block of blocks) for (const endpoint of ENDPOINTS) untied[endpoint] += block.untied.requests[endpoint]
  const perCheckout = checkouts.map((record) => sum(Object.values(record.dintero_requests)))
  const requests = {
    per_checkout: Object.fromEntries(ENDPOINTS.map((endpoint) => [endpoint, sum(checkouts.map((record) => record.dintero_requests[endpoint])) / count])),
    max_per_checkout: Object.fromEntries(ENDPOINTS.map((endpoint) => [endpoint, Math.max(...checkouts.map((record) => record.dintero_requests[endpoint]))])),
    total_per_checkout: sum(perCheckout) / count,
    max_total_per_checkout: Math.max(...perCheckout),
    untied,
    token_total: sum(checkouts.map((record) => record.dintero_requests.token)) + untied.token,
  }

  const attempts = checkouts.map((record) => record.callbacks.attempts)
  const tries = checkouts.map((record) => record.completion_tries)
  return {
    count,
    wall_ms: wallMs,
    checkouts_per_s: count / (wallMs / 1000),
    ms: steps,
    cpu_ms_per_checkout: sum(blocks.map((block) => block.cpu_ms)) / count,
    requests,
    callbacks: {
      per_checkout: sum(attempts) / count,
      max_per_checkout: Math.max(...attempts),
      not_2xx: sum(checkouts.map((record) => record.callbacks.not_2xx)),
      not_2xx_answers: countBy(checkouts.flatMap((record) => record.callbacks.log.filter((entry) => !(entry.answer >= 200 && entry.answer < 300)).map((entry) => `${entry.kind} → ${entry.answer}`))),
      untied: sum(blocks.map((block) => block.untied.callbacks)),
    },
    completion_tries: { mean: sum(tries) / count, max: Math.max(...tries), retried: tries.filter((n) => n > 1).length },
  }
}

/** Dintero/system of each number; for throughput too, so below 1 means Dintero is slower there. */
export function ratios(dintero, system) {
  const out = { checkouts_per_s: dintero.checkouts_per_s / system.checkouts_per_s, cpu_ms_per_checkout: dintero.cpu_ms_per_checkout / system.cpu_ms_per_checkout }
  for (const step of STEPS) {
    out[`${step}_p50`] = dintero.ms[step].p50 / system.ms[step].p50
    out[`${step}_p95`] = dintero.ms[step].p95 / system.ms[step].p95
  }
  return out
}

// Completion targets exist for these latencies only: at 100 ms the Dintero completion contains
// Dintero round trips the system provider does not have, at other latencies nobody set one.
const COMPLETION_P50_TARGET = { 0: 1.1, 100: 1.5 }

/** The targets of a cell, each { name, value, limit, ok } ("≤" or "≥" in `op`). */
export function targets({ latency, summary, ratio }) {
  const list = [
    { name: "completion p50 ratio", value: ratio.completion_p50, op: "≤", limit: COMPLETION_P50_TARGET[latency] },
    { name: "CPU per checkout ratio", value: ratio.cpu_ms_per_checkout, op: "≤", limit: 1.08 },
    { name: "throughput ratio", value: ratio.checkouts_per_s, op: "≥", limit: 0.95 },
    { name: "Dintero requests per checkout", value: summary.dintero.requests.total_per_checkout, op: "≤", limit: 4 },
    // Whichever provider's block saw them: a token fetched in the background is still a token.
    { name: "token requests after warm-up", value: summary.dintero.requests.token_total + summary.system.requests.token_total, op: "≤", limit: 0 },
  ].filter((target) => target.limit !== undefined)
  return list.map((target) => ({ ...target, ok: target.op === "≤" ? target.value <= target.limit : target.value >= target.limit }))
}
