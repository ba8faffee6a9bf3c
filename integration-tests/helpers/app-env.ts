/**
 * The environment medusa-config.ts reads for the app under test (sandbox URL, backend URL and
 * port, signature secret …), set in a spec's beforeAll — before the test runner boots the app —
 * and put back as it was in afterAll, so that one spec's settings never leak into the next.
 */
export function appEnvironment() {
  const saved = new Map<string, string | undefined>()
  return {
    /** Sets each variable (undefined removes it), remembering what it was the first time. */
    set(values: Record<string, string | undefined>) {
      for (const [key, value] of Object.entries(values)) {
        if (!saved.has(key)) saved.set(key, process.env[key])
        if (value === undefined) delete process.env[key]
        else process.env[key] = value
      }
    },
    restore() {
      for (const [key, value] of saved) {
        if (value === undefined) delete process.env[key]
        else process.env[key] = value
      }
      saved.clear()
    },
  }
}
