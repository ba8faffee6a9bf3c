import { readFileSync } from "node:fs"
import { dirname, join } from "node:path"

/**
 * Version of an installed package, or of this plugin ("medusa-payment-dintero"), for Dintero's
 * `Dintero-System-*` headers. Found by walking up from a resolved file, because packages do not
 * always export their package.json and this file runs both from `src/` and from the build.
 */
export function packageVersion(name: string): string | undefined {
  try {
    const start = name === PLUGIN_NAME ? __dirname : dirname(require.resolve(name))
    for (let dir = start; ; dir = dirname(dir)) {
      try {
        const pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as { name?: string; version?: string }
        if (pkg.name === name) return pkg.version
      } catch {
        // no package.json here: keep walking up
      }
      if (dirname(dir) === dir) return undefined
    }
  } catch {
    return undefined
  }
}

export const PLUGIN_NAME = "medusa-payment-dintero"
