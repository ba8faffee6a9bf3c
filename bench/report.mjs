// The results as text: the same sections for the terminal and for the Markdown file.

import { ENDPOINTS } from "./dintero-log.mjs"
import { STEPS } from "./stats.mjs"
import { fixed, formatDuration, mb, ms, pair, ratio, table } from "./format.mjs"

const mark = (ok) => (ok ? "✓" : "✗")

export function headerReport({ machine, git, options, started_at }, { markdown = false } = {}) {
  const rows = [
    ["machine", `${machine.cpu_model}, ${machine.cpu_count} CPUs, ${mb(machine.ram_bytes)} RAM, load ${machine.load_average_at_start.map(fixed(2)).join(" ")}`],
    ["software", `Node ${machine.node}, ${machine.os}`],
    ["code", `commit ${git.commit}${git.changed_files ? ` + ${git.changed_files} changed files` : ""}`],
    ["run", `${started_at}; ${describeOptions(options)}`],
  ]
  return rows.map(([name, value]) => (markdown ? `- **${name}**: ${value}` : `${name.padEnd(9)}${value}`)).join("\n")
}

export function describeOptions(options) {
  const servers = `${options.instances} Medusa instance${options.instances > 1 ? "s" : ""}`
  if (options.soak) return `soak of ${options.soak} checkouts at concurrency ${options.concurrency[0]}, latency ${options.latency[0]} ms, ${servers}`
  return `${options.count} checkouts per provider and cell (+${options.warmup} warm-up), concurrency ${options.concurrency.join(",")}, latency ${options.latency.join(",")} ms, ${servers}`
}

export function cellReport(cell, { markdown = false } = {}) {
  const { dintero, system } = cell.summary
  const row = (name, s) => [
    name,
    fixed(2)(s.checkouts_per_s),
    ...STEPS.map((step) => pair(s.ms[step].p50, s.ms[step].p95)),
    ms(s.cpu_ms_per_checkout),
    fixed(2)(s.requests.total_per_checkout),
  ]
  const r = cell.ratio
  const ratioRow = ["Dintero/system", ratio(r.checkouts_per_s), ...STEPS.map((step) => pair(r[`${step}_p50`], r[`${step}_p95`], ratio)), ratio(r.cpu_ms_per_checkout), "–"]
  const headers = ["provider", "checkouts/s", "session p50/p95", "completion p50/p95", "capture p50/p95", "whole p50/p95", "CPU ms/checkout", "Dintero req/checkout"]

  const requestRows = ENDPOINTS.filter((endpoint) => dintero.requests.per_checkout[endpoint] || dintero.requests.untied[endpoint] || system.requests.untied[endpoint]).map((endpoint) => [
    endpoint,
    fixed(2)(dintero.requests.per_checkout[endpoint]),
    String(dintero.requests.max_per_checkout[endpoint]),
    String(dintero.requests.untied[endpoint]),
    String(system.requests.untied[endpoint]),
  ])
  requestRows.push(["all", fixed(2)(dintero.requests.total_per_checkout), String(dintero.requests.max_total_per_checkout), String(sumOf(dintero.requests.untied)), String(sumOf(system.requests.untied))])

  const title = `Latency ${cell.latency_ms} ms, concurrency ${cell.concurrency}: ${cell.count} checkouts per provider (after ${cell.warmup} warm-up)`
  const lines = [
    markdown ? `### ${title}` : title,
    "",
    table(headers, [row("dintero", dintero), row("system", system), ratioRow], { markdown }),
    "",
    "Targets:",
    ...cell.targets.map((target) => `${markdown ? "- " : "  "}${mark(target.ok)} ${target.name} ${(Number.isInteger(target.value) ? String : fixed(2))(target.value)} (${target.op} ${target.limit})`),
  ]
  if (cell.latency_ms > 0) {
    lines.push(`${markdown ? "- " : "  "}note: at ${cell.latency_ms} ms the Dintero checkout contains Dintero round trips the system provider does not have`)
  }
  lines.push(
    "",
    "Dintero requests by endpoint:",
    "",
    table(["endpoint", "per Dintero checkout", "max in one checkout", "untied, Dintero blocks", "untied, system blocks"], requestRows, { markdown }),
    "",
    `${markdown ? "- " : ""}token requests after warm-up: ${dintero.requests.token_total + system.requests.token_total}`,
    `${markdown ? "- " : ""}Dintero callbacks per checkout: ${fixed(2)(dintero.callbacks.per_checkout)} (max ${dintero.callbacks.max_per_checkout}; not answered 2xx: ${answers(dintero.callbacks.not_2xx_answers)}; untied: ${dintero.callbacks.untied + system.callbacks.untied})`,
    `${markdown ? "- " : ""}completion tries: Dintero ${fixed(2)(dintero.completion_tries.mean)} (max ${dintero.completion_tries.max}, ${dintero.completion_tries.retried} of ${dintero.count} retried), system ${fixed(2)(system.completion_tries.mean)} (max ${system.completion_tries.max})`,
    `${markdown ? "- " : ""}server RSS: start ${mb(cell.rss_bytes.start)}, peak ${mb(cell.rss_bytes.peak)}, end ${mb(cell.rss_bytes.end)}`
  )
  return lines.join("\n")
}

const answers = (counts) => Object.entries(counts).map(([answer, count]) => `${count} × ${answer}`).join(", ") || "none"

const sumOf = (counts) => Object.values(counts).reduce((total, value) => total + value, 0)

export function soakReport(soak, { markdown = false } = {}) {
  const rows = soak.samples.map((sample) => [
    String(sample.checkouts),
    mb(sample.rss_bytes),
    sample.warmup ? "warm-up" : `${fixed(1)((sample.rss_bytes / soak.mean_bytes - 1) * 100)} %`,
    sample.window_low_bytes === undefined ? "–" : `${mb(sample.window_low_bytes)} – ${mb(sample.window_high_bytes)}`,
  ])
  const s = soak
  return [
    markdown ? "### Soak" : "Soak",
    "",
    table(["checkouts", "server RSS", "vs mean after warm-up", "low – high since the previous sample"], rows, { markdown }),
    "",
    `${markdown ? "- " : ""}after warm-up (${s.warmup_checkouts} checkouts): min ${mb(s.min_bytes)}, max ${mb(s.max_bytes)}, first ${mb(s.first_bytes)}, last ${mb(s.last_bytes)}, mean ${mb(s.mean_bytes)}`,
    `${markdown ? "- " : ""}${mark(s.ok)} drift of the mean, first half → second half: ${fixed(1)(s.drift_percent)} % of the mean (target within ±${s.limit_percent} %); peak over the whole soak ${mb(s.peak_bytes)}`,
    `${markdown ? "- " : ""}${s.checkouts} checkouts in ${formatDuration(s.wall_ms)}; ${s.not_2xx_callbacks} Dintero callback attempts not answered 2xx`,
  ].join("\n")
}

export const METHODOLOGY = `## How this was measured

- One Medusa server (or two, with --instances 2) of this repository, both providers enabled in one
  region: \`pp_dintero_dintero\` against the local Dintero sandbox, and Medusa's \`pp_system_default\`.
  Server log level \`error\` for both.
- One checkout: cart, shipping method, payment collection, **payment session** (timed), for Dintero
  the payment on the sandbox (which sends Dintero's callback) and at once the shopper's return,
  **completion** (timed; retried after 409 as the plugin's storefront helper does: 400 ms, doubling),
  admin **capture** (timed), and for Dintero the wait until the sandbox's payment and capture
  callbacks were answered 2xx. **whole** runs from the cart's creation to that end.
- Checkouts run in blocks of one provider, as many at once as the concurrency, the blocks in the
  order A B B A A B B A …, so machine drift hits both providers. The server's CPU is one counter per
  process, so only a block of one provider can be charged to that provider: a block's wall time (start
  to the end of its last checkout) and its CPU (start until the server is idle again, which includes
  the work of Dintero's callbacks) belong to its provider. At concurrency 1 a block is one checkout.
  Checkouts/s = checkouts ÷ the summed wall time of that provider's blocks. Each block waits for its
  slowest checkout, the same rule for both providers.
- Dintero requests come from the sandbox's request log, read and emptied after each block, and are
  tied to a checkout by the ids they carry (session, transaction, merchant reference). The per-checkout
  numbers and their target count those; the ones no id ties (the token, background work such as the
  reconciliation job) are listed as "untied", under the provider whose block saw them.
- Ratios are Dintero/system; for throughput below 1 means Dintero is slower. Warm-up checkouts are
  not measured. Server RSS is the sum over the server's process tree, sampled every 500 ms.
- PostgreSQL, the sandbox and the bench share the machine with the server: on a small machine the
  sandbox's work (Dintero's side of a Dintero checkout) takes CPU the server then lacks, which lowers
  Dintero's throughput a little. CPU per checkout is the server's alone.
`
