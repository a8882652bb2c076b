import type { Request } from "express";
import { HttpError } from "./problem.ts";

const MAX_LIMIT = 200;

/** A text query parameter, absent when empty; a repeated or oversized one is a 400 naming it. */
export function textParam(req: Request, name: string, max = 200): string | undefined {
  const value = req.query[name];
  if (value === undefined || value === "") return undefined;
  if (typeof value !== "string" || value.length > max) throw new HttpError(400, `query parameter "${name}" must be a string of at most ${max} characters`);
  return value;
}

/** A date (`2026-12-01`, midnight UTC) or date-time query parameter, as a UTC instant. */
export function instantParam(req: Request, name: string): string | undefined {
  const value = textParam(req, name, 40);
  if (value === undefined) return undefined;
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : Date.parse(value);
  if (Number.isNaN(parsed)) throw new HttpError(400, `query parameter "${name}" must be a date or date-time (ISO 8601), got "${value}"`);
  return new Date(parsed).toISOString();
}

// Far beyond any calendar, and well inside SQLite's 64-bit integers (1e20 is not).
const MAX_OFFSET = 1_000_000_000;

/** A whole number written in plain digits ("1e3", "0x10" and " 5" are not), within bounds. */
function wholeNumber(req: Request, name: string, fallback: number, min: number, max: number): number {
  const value = req.query[name];
  if (value === undefined) return fallback;
  const number = typeof value === "string" && /^\d{1,10}$/.test(value) ? Number(value) : Number.NaN;
  if (!(number >= min && number <= max)) throw new HttpError(400, `query parameter "${name}" must be a whole number from ${min} to ${max}`);
  return number;
}

/** `limit` (1–200, default 50) and `offset` (0 to a billion). */
export function paging(req: Request): { limit: number; offset: number } {
  return { limit: wholeNumber(req, "limit", 50, 1, MAX_LIMIT), offset: wholeNumber(req, "offset", 0, 0, MAX_OFFSET) };
}
