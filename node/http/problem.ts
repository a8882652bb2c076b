import type { ErrorRequestHandler, RequestHandler } from "express";
import { getLogger } from "@logtape/logtape";

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

/** One error handler: JSON bodies that name the problem; 5xx logged at error, 4xx at warning. */
export const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const status: number =
    error instanceof HttpError ? error.status : typeof error?.status === "number" && error.status >= 400 ? error.status : 500;
  if (status >= 500) log.error("{method} {path} failed: {error}", { method: req.method, path: req.path, error });
  else log.warn("{method} {path}: {status} {message}", { method: req.method, path: req.path, status, message: error?.message });
  if (res.headersSent) return;
  const message =
    status === 413 ? "Request body too large" : status >= 500 ? "Internal server error" : String(error?.message ?? "Bad request");
  res.status(status).json({ error: message, ...(error instanceof HttpError && error.details ? { details: error.details } : {}) });
};
