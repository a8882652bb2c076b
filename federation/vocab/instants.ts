// Date-times in the one shape nearly every peer writes ("2026-12-08T19:00:00+01:00", "…Z"), read
// and spelled without the Temporal polyfill, which costs ten times more: a back-fill reads four
// of them per event, thousands of events. Any other shape (a zone in brackets, a space for the
// "T", nanoseconds…) is left to Temporal by the callers; a property test pins both ways to
// Temporal's answers.

import { instantText } from "../../node/domain/time.ts";

const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

export type QuickInstant = Readonly<{ epochMs: number; offsetMinutes: number }>;

/** Days in a month (1–12) of a year from 1000 on: day 0 of the next month is its last. */
function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The instant of a date-time written with "Z" or an offset in the plain RFC 3339 shape, and that
 * offset in minutes; undefined for any other shape or an impossible value (Temporal decides those).
 */
export function quickInstant(value: string): QuickInstant | undefined {
  const match = RFC3339.exec(value);
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  // Years before 1000 would meet Date.UTC's two-digit years; a leap second is Temporal's to clamp.
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || second > 59) return undefined;
  const offsetHours = Number(match[10] ?? 0);
  const offsetMins = Number(match[11] ?? 0);
  if (offsetHours > 23 || offsetMins > 59) return undefined;
  // "-00:00" is offset zero, not minus zero.
  const offsetMinutes = (match[9] === "-" ? -1 : 1) * (offsetHours * 60 + offsetMins) || 0;
  const fraction = Number((match[7] ?? "").padEnd(3, "0"));
  return { epochMs: Date.UTC(year, month - 1, day, hour, minute, second, fraction) - offsetMinutes * 60_000, offsetMinutes };
}

/** The epoch milliseconds of a date-time with "Z" or an offset; Temporal reads other shapes, and throws RangeError for what is none. */
export function instantMs(value: string): number {
  return quickInstant(value)?.epochMs ?? Temporal.Instant.from(value).epochMilliseconds;
}

/** `at.toString()`, through Date when the instant has no part of a millisecond (the usual case). */
export function spellInstant(at: Temporal.Instant): string {
  return at.epochNanoseconds % 1_000_000n === 0n ? instantText(at.epochMilliseconds) : at.toString();
}
