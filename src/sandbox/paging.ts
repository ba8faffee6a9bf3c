/**
 * Dintero's cursor paging of list endpoints (transactions, profiles): `limit` 1–100, default 10,
 * and `starting_after`, the id of the last item of the previous page. The answer is a bare array,
 * with no `has_more`: a page shorter than the limit is the last one.
 */
import { validationError } from "./errors"

const DEFAULT_LIMIT = 10
const MAX_LIMIT = 100

/** The `limit` query parameter, or a 400 naming it. */
export function pageLimit(params: URLSearchParams): number {
  const value = params.get("limit")
  const limit = value === null ? DEFAULT_LIMIT : Number(value)
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw validationError([{ field: "limit", message: `must be an integer between 1 and ${MAX_LIMIT}` }])
  }
  return limit
}

/**
 * The items after the one `starting_after` names; all of them without the parameter, none when it
 * names an unknown id (an empty page rather than an error, so a client's loop simply ends).
 */
export function itemsAfter<T>(items: readonly T[], params: URLSearchParams, idOf: (item: T) => string): T[] {
  const startingAfter = params.get("starting_after")
  if (startingAfter === null) return [...items]
  const index = items.findIndex((item) => idOf(item) === startingAfter)
  return index < 0 ? [] : items.slice(index + 1)
}
