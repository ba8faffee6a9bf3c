import { MedusaError } from "@medusajs/framework/utils"
import { z } from "zod"
import { tokenPaymentProductTypes } from "../../dintero/schemas"

/**
 * The provider's options (`medusa-config.ts` → payment module → providers → options).
 * Validated once at boot: a bad option stops Medusa with a message naming it.
 */
const httpUrl = z
  .string()
  .url("must be an absolute URL such as https://example.com")
  .refine((value) => /^https?:\/\//.test(value), "must start with https:// (or http:// for local development)")

export const dinteroOptionsSchema = z
  .object({
    /** Dintero account id: `T` (test) or `P` (production) + 8 digits. */
    accountId: z
      .string({ error: "is required (your Dintero account id, e.g. T12345678)" })
      .regex(/^[PT]\d{8}$/, "must be T (test) or P (production) followed by 8 digits, e.g. T12345678"),
    /** Client id of a Dintero API client (Backoffice → Settings → API clients). */
    clientId: z.string({ error: "is required (the id of a Dintero API client)" }).min(1, "must not be empty"),
    /** Its secret. Never logged, never stored in payment session data. */
    clientSecret: z.string({ error: "is required (the secret of the Dintero API client)" }).min(1, "must not be empty"),
    /** Dintero payment profile used for new sessions (Backoffice → Settings → Payment profiles). */
    profileId: z.string().min(1, "must not be empty").default("default"),
    /** Public URL of this Medusa server, as Dintero reaches it: the callback URL is built from it. */
    backendUrl: httpUrl,
    /**
     * Where Dintero sends the shopper back after paying. May contain `{cart_id}` and
     * `{payment_session_id}`; Dintero appends `transaction_id`, `merchant_reference` and `error`.
     */
    returnUrl: httpUrl.optional(),
    /**
     * Where Dintero sends the shopper back after paying an order's payment collection (an order
     * edit, exchange or claim: no cart). May contain `{payment_collection_id}`, `{order_id}` and
     * `{payment_session_id}`. Default: `/payment-collection/{payment_collection_id}?order_id={order_id}`
     * on the origin of `returnUrl`, the page Medusa Admin's "Copy payment link" points to.
     */
    paymentCollectionReturnUrl: httpUrl.optional(),
    /** Hosts a storefront may name in `data.return_url` when it creates the payment session. */
    allowedReturnUrlHosts: z.array(z.string().min(1)).optional(),
    /** Dintero's account signature secret: callbacks without a valid `Dintero-Signature` are refused. */
    signatureSecret: z.string().min(1, "must not be empty").optional(),
    /** Core API base URL (auth). Point it at the Dintero sandbox for local development and tests. */
    apiBaseUrl: httpUrl.optional(),
    /** Checkout API base URL (sessions, transactions, hosted page). */
    checkoutBaseUrl: httpUrl.optional(),
    /** Timeout of one request to Dintero. */
    requestTimeoutMs: z.number().int().min(1_000).max(60_000).default(10_000),
    /** Lifetime of a Dintero session; an unpaid session cannot be paid after it. */
    sessionExpiryMinutes: z.number().int().min(5).max(60 * 24 * 7).default(240),
    /** Dintero's `delay_callback` (0–60 s): a head start for the shopper's own return. */
    callbackDelaySeconds: z.number().int().min(0).max(60).default(0),
    /**
     * Capture each fulfillment's lines at Dintero by itself, once, with the fulfillment's id as
     * Dintero's capture reference: `"shipment"` (or `true`) when it is marked as shipped,
     * `"fulfillment"` when it is created, `false` (default) to capture from the admin only.
     */
    captureOnShipment: z
      .union([z.boolean(), z.enum(["fulfillment", "shipment"])], { error: 'must be true, false, "shipment" or "fulfillment"' })
      .default(false)
      .transform((value): false | "fulfillment" | "shipment" => (value === true ? "shipment" : value)),
    /**
     * The card product that saves cards (Dintero payment tokens) and pays with them: the one
     * your Dintero account has cards on. Only these two tokenize cards.
     */
    savedCardProduct: z.enum(tokenPaymentProductTypes).default("payex.creditcard"),
    /** The storefront page Dintero sends a customer back to after saving a card without a purchase. */
    savedCardReturnUrl: httpUrl.optional(),
    /**
     * The reconciliation job (src/jobs): payments still pending or on hold some minutes after the
     * session was created are settled from Dintero's state (lost callbacks, shoppers who never
     * return, ON_HOLD outcomes), and a second authorization for an already paid cart is released.
     */
    reconciliation: z
      .object({
        /** Run it at all (on every instance; runs are safe in parallel). */
        enabled: z.boolean().default(true),
        /** Minutes between two runs. */
        intervalMinutes: z.number().int().min(1).max(24 * 60).default(5),
        /** A payment session is looked at once it is this many minutes old … */
        afterMinutes: z.number().int().min(1).max(24 * 60).default(10),
        /** … and until it is this many hours old (an ON_HOLD outcome can take days). */
        maxAgeHours: z.number().int().min(1).max(24 * 60).default(72),
        /** Payment sessions per provider and run, at most (each costs one or two Dintero reads). */
        batchSize: z.number().int().min(1).max(1_000).default(50),
      })
      .strict()
      .default({ enabled: true, intervalMinutes: 5, afterMinutes: 10, maxAgeHours: 72, batchSize: 50 }),
  })
  .strict()
  .superRefine((options, ctx) => {
    if (!options.returnUrl && !options.allowedReturnUrlHosts?.length) {
      ctx.addIssue({
        code: "custom",
        path: ["returnUrl"],
        message:
          "is required (the storefront page Dintero sends the shopper back to), unless allowedReturnUrlHosts lets the storefront supply data.return_url",
      })
    }
    if (options.accountId.startsWith("P") && !options.backendUrl.startsWith("https://")) {
      ctx.addIssue({
        code: "custom",
        path: ["backendUrl"],
        message: "must be an https:// URL for a production (P) account: Dintero only calls back over HTTPS",
      })
    }
  })

export type DinteroOptionsInput = z.input<typeof dinteroOptionsSchema>
export type DinteroOptions = z.output<typeof dinteroOptionsSchema>

/** The options that must have a value: an empty string there is a mistake to name, not a default. */
const REQUIRED = new Set(["accountId", "clientId", "clientSecret", "backendUrl"])

/**
 * `.env` templates leave variables set but empty (`DINTERO_PROFILE_ID=`): an empty string counts
 * as unset for an optional option (its documented default applies), and is named as empty for a
 * required one.
 */
function withoutEmptyStrings(options: unknown): { options: unknown; empty: string[] } {
  if (!options || typeof options !== "object" || Array.isArray(options)) return { options, empty: [] }
  const empty: string[] = []
  const cleaned: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(options)) {
    if (typeof value === "string" && value.trim() === "") {
      if (REQUIRED.has(key)) empty.push(key)
      continue
    }
    cleaned[key] = value
  }
  return { options: cleaned, empty }
}

/** Parses the options or throws a MedusaError naming every bad option and how to fix it. */
export function parseDinteroOptions(options: unknown): DinteroOptions {
  const { options: cleaned, empty } = withoutEmptyStrings(options ?? {})
  if (empty.length) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Invalid options for the Dintero payment provider (medusa-payment-dintero): ${empty
        .map((name) => `option "${name}" is empty (is its environment variable set but empty?)`)
        .join("; ")}`
    )
  }
  const result = dinteroOptionsSchema.safeParse(cleaned)
  if (result.success) {
    return result.data
  }
  const problems = result.error.issues.map((issue) => {
    if (issue.code === "unrecognized_keys") {
      return `unknown option${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `"${k}"`).join(", ")} (check the spelling; see the README for the list)`
    }
    const name = issue.path.length ? issue.path.map(String).join(".") : "options"
    return `option "${name}" ${issue.message}`
  })
  throw new MedusaError(
    MedusaError.Types.INVALID_DATA,
    `Invalid options for the Dintero payment provider (medusa-payment-dintero): ${problems.join("; ")}`
  )
}
