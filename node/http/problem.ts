import { getLogger } from "@logtape/logtape";
import type { ErrorRequestHandler, RequestHandler } from "express";
import { ConflictError, GoneError, NotFoundError, ValidationError } from "../domain/errors.ts";
import { NetworkError } from "../domain/network/network.ts";

const log = getLogger(["cantine", "http"]);

/** An error that already knows its HTTP status and a message safe to show the client. */
export class HttpError extends Error {
  readonly status: number;
  readonly details?: unknown;
  constructor(status: number, message: string, details?: unknown) {
    super(message);
    this.status = status;
    this.details = details;
  }
}

export const notFound: RequestHandler = (req, res) => {
  res.status(404).json({ error: `Not found: ${req.method} ${req.path}` });
};

function statusOf(error: unknown): number {
  if (error instanceof HttpError) return error.status;
  if (error instanceof ValidationError) return 422;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof GoneError) return 410;
  if (error instanceof ConflictError) return 409;
  if (error instanceof NetworkError) return 422;
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === "number" && status >= 400 && status < 600 ? status : 500;
}

/** One error handler: JSON bodies that name the problem; 5xx logged at error, 4xx at warning. */
export const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const status = statusOf(error);
  if (status >= 500) log.error("{method} {path} failed: {error}", { method: req.method, path: req.path, error });
  else log.warn("{method} {path}: {status} {message}", { method: req.method, path: req.path, status, message: error?.message });
  if (res.headersSent) return;
  if (error instanceof ValidationError) {
    res.status(422).json({ error: "Invalid input", problems: error.problems });
    return;
  }
  const message =
    status === 413
      ? "Request body too large"
      : error?.type === "entity.parse.failed"
        ? "Request body is not valid JSON"
        : status >= 500
          ? "Internal server error"
          : String(error?.message ?? "Bad request");
  res.status(status).json({ error: message, ...(error instanceof HttpError && error.details ? { details: error.details } : {}) });
};
