// The progress line: rewritten in place on a terminal, one line per tenth of the run otherwise
// (a CI log must not get a line per checkout). The ETA scales the remaining estimate by how fast
// the run has gone against its estimate so far, so it corrects itself for this machine's speed.

import { formatDuration } from "./format.mjs"

/** `totalEstimateMs`: the estimated time of all the checkouts that advance() will report. */
export function progressLine(totalEstimateMs, stream = process.stdout) {
  const started = Date.now()
  const tty = stream.isTTY === true
  let doneEstimateMs = 0
  let shownTenth = 0
  let current = ""

  const render = (label) => {
    const fraction = Math.min(1, doneEstimateMs / totalEstimateMs)
    const elapsed = Date.now() - started
    const remaining = fraction > 0 ? (totalEstimateMs - doneEstimateMs) * (elapsed / doneEstimateMs) : totalEstimateMs
    return `[${String(Math.round(fraction * 100)).padStart(3)} %] ${label}, elapsed ${formatDuration(elapsed)}, ETA ${formatDuration(remaining)}`
  }

  return {
    /** `count` checkouts done, each estimated at `estimateMs`; `label` says where the run is. */
    advance(count, estimateMs, label) {
      doneEstimateMs += count * estimateMs
      current = render(label)
      if (tty) stream.write(`\r${current}\x1b[K`)
      else {
        const tenth = Math.floor((doneEstimateMs / totalEstimateMs) * 10)
        if (tenth > shownTenth) {
          shownTenth = tenth
          stream.write(`${current}\n`)
        }
      }
    },
    /** Prints `text` above the progress line (a terminal keeps the line below it). */
    print(text) {
      if (tty && current) stream.write(`\r\x1b[K${text}\n${current}`)
      else stream.write(`${text}\n`)
    },
    end() {
      if (tty && current) stream.write("\r\x1b[K")
      current = ""
    },
  }
}
