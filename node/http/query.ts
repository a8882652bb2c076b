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

/** `limit` (1–200, default 50) and `offset` (≥ 0). */
export function paging(req: Request): { limit: number; offset: number } {
  const limit = req.query.limit === undefined ? 50 : Number(req.query.limit);
  const offset = req.query.offset === undefined ? 0 : Number(req.query.offset);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new HttpError(400, `query parameter "limit" must be an integer from 1 to ${MAX_LIMIT}`);
  if (!Number.isInteger(offset) || offset < 0) throw new HttpError(400, 'query parameter "offset" must be a non-negative integer');
  return { limit, offset };
}
