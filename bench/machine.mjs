// Where and on what code the numbers were measured: without these, two results cannot be compared.

import { execFileSync } from "node:child_process"
import { readFileSync } from "node:fs"
import { cpus, loadavg, release, totalmem, type } from "node:os"

export function machine() {
  return {
    cpu_model: cpuModel(),
    cpu_count: cpus().length,
    ram_bytes: totalmem(),
    node: process.version,
    os: `${osName()} (${type()} ${release()})`,
    // The machine may be shared: a high load at the start explains slow numbers.
    load_average_at_start: loadavg(),
  }
}

function cpuModel() {
  try {
    return /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? cpus()[0]?.model ?? "unknown"
  } catch {
    return cpus()[0]?.model ?? "unknown"
  }
}

function osName() {
  try {
    return /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(readFileSync("/etc/os-release", "utf8"))?.[1] ?? type()
  } catch {
    return type()
  }
}

/** The commit, and how many files differ from it (the numbers are of the working tree). */
export function gitState(cwd) {
  const git = (...args) => execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim()
  try {
    const changed = git("status", "--porcelain", "--untracked-files=no").split("\n").filter(Boolean).length
    return { commit: git("rev-parse", "HEAD"), changed_files: changed }
  } catch {
    return { commit: "unknown (not a git checkout)", changed_files: 0 }
  }
}
