// Writes a run's JSON and Markdown under a timestamped name, and copies them to latest.* so the
// newest result has a fixed path.

import { copyFileSync, mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"

/** Answers the paths written. `kind`: "bench" or "soak" (a soak has its own latest-soak.*). */
export function writeResults(outDir, kind, startedAt, json, markdown) {
  mkdirSync(outDir, { recursive: true })
  const stamp = startedAt.replace(/[:.]/g, "-")
  const latest = kind === "soak" ? "latest-soak" : "latest"
  const written = []
  for (const [extension, content] of [["json", `${JSON.stringify(json, null, 2)}\n`], ["md", markdown]]) {
    const file = join(outDir, `${kind}-${stamp}.${extension}`)
    writeFileSync(file, content)
    copyFileSync(file, join(outDir, `${latest}.${extension}`))
    written.push(file)
  }
  return written
}
