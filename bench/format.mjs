// Numbers and tables, for the terminal and for Markdown alike.

export const ms = (value) => (Number.isFinite(value) ? String(Math.round(value)) : "–")
export const pair = (a, b, format = ms) => `${format(a)} / ${format(b)}`
export const fixed = (digits) => (value) => (Number.isFinite(value) ? value.toFixed(digits) : "–")
export const ratio = fixed(2)
export const mb = (bytes) => `${Math.round(bytes / 2 ** 20)} MB`

export function formatDuration(totalMs) {
  const seconds = Math.max(0, Math.round(totalMs / 1000))
  if (seconds < 60) return `${seconds} s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes} min ${String(seconds % 60).padStart(2, "0")} s`
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`
}

/** Rows of cells as text: columns aligned for a terminal, or a Markdown table. */
export function table(headers, rows, { markdown = false } = {}) {
  if (markdown) {
    const line = (cells) => `| ${cells.join(" | ")} |`
    return [line(headers), line(headers.map(() => "---")), ...rows.map(line)].join("\n")
  }
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => String(row[i]).length)))
  const line = (cells) => cells.map((cell, i) => String(cell).padEnd(widths[i])).join(" | ").trimEnd()
  return [line(headers), widths.map((width) => "-".repeat(width)).join("-|-"), ...rows.map(line)].join("\n")
}
