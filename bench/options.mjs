// The command line of `npm run bench`: parsed and checked here, so a typo stops the run before
// PostgreSQL and Medusa have been started for nothing.

export const USAGE = `npm run bench [-- options]

A checkout paid with Dintero (pp_dintero_dintero, on the local Dintero sandbox) next to the same
checkout paid with Medusa's system provider (pp_system_default), both in one region of one Medusa
server, interleaved A B B A. The ratio Dintero/system is what the plugin costs.

  --count N          measured checkouts per provider and cell (default 100)
  --concurrency LIST shoppers at once, comma-separated (default 1,8)
  --latency LIST     delay the sandbox adds to every Dintero answer, in ms (default 0,100);
                     the sandbox is restarted for each value
  --warmup N         unmeasured checkouts per provider before each cell (default 10)
  --instances 1|2    Medusa servers on one database (default 1); 2 shares Redis between them and
                     puts a round-robin proxy in front of them, for shoppers and Dintero's callbacks
  --soak N           memory mode instead of the cells: N checkouts in all, at the first
                     concurrency and latency, server memory sampled every 50 checkouts
                     (the first 20 % are the warm-up; --count and --warmup do not apply)
  --out DIR          where the JSON and Markdown results go (default bench-results/)
  --help             this text

DATABASE_URL names a PostgreSQL server to use (database medusa_dintero_bench is dropped and
re-created on it); without it an embedded PostgreSQL is started. --instances 2 needs Redis
(REDIS_URL, default redis://127.0.0.1:6379; database 9 is emptied).`

const DEFAULTS = { count: 100, concurrency: [1, 8], latency: [0, 100], warmup: 10, instances: 1, soak: undefined, out: "bench-results" }

export class UsageError extends Error {}

/** The options of argv (process.argv.slice(2)); throws UsageError with what is wrong. */
export function parseOptions(argv) {
  const options = { ...DEFAULTS, help: false }
  const given = new Set()
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === "--help" || arg === "-h") {
      options.help = true
      continue
    }
    const match = /^--([a-z]+)(?:=(.*))?$/.exec(arg)
    if (!match || !(match[1] in DEFAULTS)) throw new UsageError(`unknown argument ${arg}`)
    const name = match[1]
    const value = match[2] ?? argv[++i]
    if (value === undefined) throw new UsageError(`--${name} needs a value`)
    given.add(name)
    options[name] = parseValue(name, value)
  }
  if (options.soak !== undefined) {
    // The soak has its own warm-up (the first 20 %) and its own length: silently ignoring these
    // would leave the reader believing they applied.
    for (const name of ["count", "warmup"]) {
      if (given.has(name)) throw new UsageError(`--${name} does not apply with --soak (N is the whole run, its first 20 % the warm-up)`)
    }
  }
  return options
}

function parseValue(name, value) {
  switch (name) {
    case "count":
    case "soak":
      return integer(name, value, 1)
    case "warmup":
      return integer(name, value, 0)
    case "instances": {
      const instances = integer(name, value, 1)
      if (instances > 2) throw new UsageError("--instances is 1 or 2")
      return instances
    }
    case "concurrency":
      return list(name, value, 1)
    case "latency":
      return list(name, value, 0)
    case "out":
      return value
  }
}

function integer(name, value, min) {
  if (!/^\d+$/.test(value) || Number(value) < min) throw new UsageError(`--${name} must be an integer ≥ ${min}, not "${value}"`)
  return Number(value)
}

function list(name, value, min) {
  const values = value.split(",").map((part) => integer(name, part.trim(), min))
  if (new Set(values).size !== values.length) throw new UsageError(`--${name} lists a value twice: ${value}`)
  return values
}
