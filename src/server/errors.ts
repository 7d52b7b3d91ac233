import type { ErrorCode, Violation } from "../core/errors.js";

/** The one error type of the server; the error handler turns it into {error: {code, message, field}}. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly statusCode: number,
    readonly field?: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = "AppError";
  }
}

const violationStatus: Partial<Record<ErrorCode, number>> = {
  change_request_pending: 409,
  renewal_due: 409,
  insufficient_credits: 402,
};

/** The first broken rule becomes the error; all of them travel in `details`. */
export function violationError(violations: readonly Violation[]): AppError {
  const [first] = violations;
  if (!first) throw new Error("violationError needs at least one violation");
  return new AppError(
    first.code,
    first.message,
    violationStatus[first.code] ?? 422,
    first.field,
    violations.length > 1 ? { violations } : undefined,
  );
}

export const notFound = (what: string) => new AppError("not_found", `${what} was not found.`, 404);
export const forbidden = (message = "Your role does not allow this action.") =>
  new AppError("forbidden", message, 403);
export const unauthorized = (message = "Sign in or send a valid API key.") =>
  new AppError("unauthorized", message, 401);
export const invalid = (field: string, message: string) =>
  new AppError("invalid_request", message, 400, field);
