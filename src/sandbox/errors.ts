/**
 * Dintero's error body, `{ "error": { "code", "message", "errors": [] } }` (spec schema `Error`:
 * `message` required, `code` and `errors` optional, each nested error an object). Handlers throw an
 * ApiError; the server turns it into that body, so no route answers an error any other way.
 *
 * The codes are the sandbox's own: Dintero publishes no list. Clients should act on the status.
 */

/** One invalid field of a request, named by its path in the body (`order.items[1].line_id`). */
export interface FieldError {
  field: string
  message: string
}

export interface ErrorBody {
  error: {
    code?: string
    message: string
    errors?: FieldError[]
  }
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message)
    this.name = "ApiError"
  }

  toBody(): ErrorBody {
    return errorBody(this.code, this.message, this.errors)
  }
}

export function errorBody(code: string, message: string, errors?: FieldError[]): ErrorBody {
  return { error: { code, message, ...(errors && errors.length > 0 ? { errors } : {}) } }
}

/** 400 for a body that breaks the schema; the message names the first field, `errors` all of them. */
export function validationError(errors: FieldError[]): ApiError {
  const first = errors[0]
  const summary = first ? `${first.field}: ${first.message}` : "invalid request"
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : ""
  return new ApiError(400, "VALIDATION_ERROR", `Invalid request: ${summary}${more}`, errors)
}

/** 400 for a well-formed request the current state does not allow (capture after void, ...). */
export function notAllowed(message: string, errors?: FieldError[]): ApiError {
  return new ApiError(400, "OPERATION_NOT_ALLOWED", message, errors)
}

export function notFound(what: string, id: string): ApiError {
  return new ApiError(404, "NOT_FOUND", `${what} not found: ${id}`)
}

export function unauthorized(message: string): ApiError {
  return new ApiError(401, "UNAUTHORIZED", message)
}
