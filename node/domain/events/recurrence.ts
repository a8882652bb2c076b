// RFC 5545 recurrence rules, the subset cantines need: FREQ=DAILY|WEEKLY|MONTHLY with INTERVAL,
// BYDAY, BYMONTHDAY, COUNT, UNTIL and WKST.
//
// Written by hand on Temporal rather than with the npm `rrule` package: rrule computes in "floating"
// UTC dates and leaves zones to the caller, so a 19:00 Paris series drifts to 18:00 or 20:00 across a
// DST change and BYDAY can land on the wrong day near midnight. Here each occurrence is a wall-clock
// date and time in the series' zone, turned into an instant one at a time.

export const WEEKDAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"] as const;
type Weekday = (typeof WEEKDAYS)[number];
type Frequency = "DAILY" | "WEEKLY" | "MONTHLY";
/** A BYDAY entry: `nth` is the position in the month (1TU, -1FR), null for every such weekday. */
type ByDay = Readonly<{ weekday: Weekday; nth: number | null }>;
/** UNTIL as written: a date, a UTC date-time (`Z`), or a local date-time in the series' zone. */
type Until = Temporal.PlainDate | Temporal.Instant | Temporal.PlainDateTime;

export type RRule = Readonly<{
  freq: Frequency;
  interval: number;
  byDay: readonly ByDay[];
  byMonthDay: readonly number[];
  count: number | null;
  until: Until | null;
  wkst: Weekday;
}>;

export type Occurrence = { startsAt: string; endsAt: string | null; localDate: string };

const PARTS = ["FREQ", "INTERVAL", "BYDAY", "BYMONTHDAY", "COUNT", "UNTIL", "WKST"];
const MAX_COUNT = 1000;
const LAST_YEAR = 2100; // matches the sane date range of time.ts

export function parseRRule(text: string): { ok: true; rule: RRule } | { ok: false; error: string } {
  const fail = (error: string) => ({ ok: false as const, error });
  if (text.length > 500) return fail("must be at most 500 characters");
  const body = text.trim().replace(/^RRULE:/i, "");
  if (body === "") return fail(`is empty (write a rule like "FREQ=WEEKLY;BYDAY=TU")`);
  const parts = new Map<string, string>();
  for (const part of body.split(";")) {
    if (part.trim() === "" && body.endsWith(";")) continue; // a trailing ";" is harmless
    const match = /^\s*([A-Za-z]+)=([^=]+?)\s*$/.exec(part);
    if (!match) return fail(`${JSON.stringify(part.slice(0, 40))} is not NAME=VALUE (e.g. "FREQ=WEEKLY;BYDAY=TU")`);
    const name = match[1]!.toUpperCase();
    if (!PARTS.includes(name)) return fail(`${name} is not supported (use ${PARTS.join(", ")})`);
    if (parts.has(name)) return fail(`${name} is given twice`);
    parts.set(name, match[2]!.toUpperCase());
  }
  const freq = parts.get("FREQ");
  if (freq === undefined) return fail("FREQ is required (DAILY, WEEKLY or MONTHLY)");
  if (freq !== "DAILY" && freq !== "WEEKLY" && freq !== "MONTHLY") return fail(`FREQ=${freq} is not supported (use DAILY, WEEKLY or MONTHLY)`);
  const interval = parts.has("INTERVAL") ? wholeNumber(parts.get("INTERVAL")!) : 1;
  if (interval === null || interval < 1 || interval > 1000) return fail("INTERVAL must be a whole number from 1 to 1000");
  if (parts.has("COUNT") && parts.has("UNTIL")) return fail("COUNT and UNTIL cannot be used together");
  const count = parts.has("COUNT") ? wholeNumber(parts.get("COUNT")!) : null;
  if (parts.has("COUNT") && (count === null || count < 1 || count > MAX_COUNT)) return fail(`COUNT must be a whole number from 1 to ${MAX_COUNT}`);
  const until = parts.has("UNTIL") ? parseUntil(parts.get("UNTIL")!) : null;
  if (typeof until === "string") return fail(until);
  const wkst = parts.get("WKST") ?? "MO";
  if (!isWeekday(wkst)) return fail(`WKST=${wkst} is not a weekday (MO, TU, WE, TH, FR, SA or SU)`);

  const byDay: ByDay[] = [];
  for (const item of parts.has("BYDAY") ? parts.get("BYDAY")!.split(",") : []) {
    const match = /^([+-]?\d{1,2})?([A-Z]{2})$/.exec(item.trim());
    if (!match || !isWeekday(match[2]!)) return fail(`BYDAY=${item} is not a weekday like TU, 1TU or -1FR`);
    const nth = match[1] === undefined ? null : Number(match[1]);
    if (nth !== null && freq !== "MONTHLY") return fail(`BYDAY=${item}: a position in the month needs FREQ=MONTHLY`);
    if (nth !== null && (nth === 0 || Math.abs(nth) > 5)) return fail(`BYDAY=${item}: the position must be 1 to 5 or -1 to -5`);
    if (!byDay.some((d) => d.weekday === match[2] && d.nth === nth)) byDay.push({ weekday: match[2] as Weekday, nth });
  }
  const byMonthDay: number[] = [];
  for (const item of parts.has("BYMONTHDAY") ? parts.get("BYMONTHDAY")!.split(",") : []) {
    if (freq !== "MONTHLY") return fail("BYMONTHDAY needs FREQ=MONTHLY");
    const day = /^[+-]?\d{1,2}$/.test(item.trim()) ? Number(item) : 0;
    if (day === 0 || Math.abs(day) > 31) return fail(`BYMONTHDAY=${item} must be 1 to 31 or -1 to -31`);
    if (!byMonthDay.includes(day)) byMonthDay.push(day);
  }
  return { ok: true, rule: { freq, interval, byDay, byMonthDay, count, until, wkst } };
}

/** The rule in canonical RFC 5545 form, without the "RRULE:" prefix (e.g. "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"). */
export function formatRRule(rule: RRule): string {
  const parts = [`FREQ=${rule.freq}`];
  if (rule.interval !== 1) parts.push(`INTERVAL=${rule.interval}`);
  if (rule.byDay.length) parts.push(`BYDAY=${rule.byDay.map((d) => `${d.nth ?? ""}${d.weekday}`).join(",")}`);
  if (rule.byMonthDay.length) parts.push(`BYMONTHDAY=${rule.byMonthDay.join(",")}`);
  if (rule.count !== null) parts.push(`COUNT=${rule.count}`);
  if (rule.until) parts.push(`UNTIL=${rule.until.toString().replace(/[-:]/g, "")}`);
  if (rule.wkst !== "MO") parts.push(`WKST=${rule.wkst}`);
  return parts.join(";");
}

/**
 * The occurrences whose start lies in [window.from, window.until), in order, at most `limit`.
 * Each starts at DTSTART's wall-clock time in the zone (19:00 Paris stays 19:00; the UTC instant moves
 * with DST). DTSTART is the first occurrence when it matches the rule; COUNT counts from DTSTART, even
 * occurrences before the window; UNTIL is inclusive. A duration's whole days are calendar days and the
 * rest exact time (RFC 5545 DURATION), so all-day occurrences end at the next local midnight.
 * `localDate` (YYYY-MM-DD) names an occurrence within its series.
 */
export function expandOccurrences(
  rule: RRule,
  firstStart: { local: Temporal.PlainDateTime; zone: string },
  durationMs: number | null,
  window: { from: Temporal.Instant; until: Temporal.Instant },
  limit = 500,
): Occurrence[] {
  const occurrences: Occurrence[] = [];
  const first = firstStart.local.toPlainDate();
  const time = firstStart.local.toPlainTime();
  const days = durationMs === null ? 0 : Math.floor(durationMs / 86_400_000);
  let counted = 0;
  for (let period = 0; ; period++) {
    const dates = datesOfPeriod(rule, first, period);
    if (dates === null) return occurrences;
    for (const date of dates) {
      if (Temporal.PlainDate.compare(date, first) < 0) continue;
      const local = date.toPlainDateTime(time);
      const zoned = local.toZonedDateTime(firstStart.zone, { disambiguation: "compatible" });
      const start = zoned.toInstant();
      if (rule.until && isAfterUntil(rule.until, date, local, start)) return occurrences;
      if (rule.count !== null && counted >= rule.count) return occurrences;
      counted++;
      if (Temporal.Instant.compare(start, window.until) >= 0 || occurrences.length >= limit) return occurrences;
      if (Temporal.Instant.compare(start, window.from) < 0) continue;
      const end =
        durationMs === null
          ? null
          : zoned
              .add({ days })
              .toInstant()
              .add({ milliseconds: durationMs - days * 86_400_000 });
      occurrences.push({ startsAt: start.toString(), endsAt: end?.toString() ?? null, localDate: date.toString() });
    }
  }
}

/** The candidate dates of the n-th period (day, week or month) after DTSTART's, sorted; null past the sane range. */
function datesOfPeriod(rule: RRule, first: Temporal.PlainDate, period: number): Temporal.PlainDate[] | null {
  const step = period * rule.interval;
  if (rule.freq === "DAILY") {
    const date = first.add({ days: step });
    if (date.year >= LAST_YEAR) return null;
    return rule.byDay.length === 0 || rule.byDay.some((d) => weekdayOf(date) === d.weekday) ? [date] : [];
  }
  if (rule.freq === "WEEKLY") {
    const wkst = WEEKDAYS.indexOf(rule.wkst) + 1;
    const weekStart = first.subtract({ days: (first.dayOfWeek - wkst + 7) % 7 }).add({ weeks: step });
    if (weekStart.year >= LAST_YEAR) return null;
    const weekdays = rule.byDay.length ? rule.byDay.map((d) => WEEKDAYS.indexOf(d.weekday) + 1) : [first.dayOfWeek];
    const offsets = [...new Set(weekdays.map((day) => (day - wkst + 7) % 7))].sort((a, b) => a - b);
    return offsets.map((offset) => weekStart.add({ days: offset }));
  }
  const month = first.toPlainYearMonth().add({ months: step });
  if (month.year >= LAST_YEAR) return null;
  const length = month.daysInMonth;
  const byMonthDay = rule.byMonthDay.map((day) => (day > 0 ? day : length + 1 + day)).filter((day) => day >= 1 && day <= length);
  const firstWeekday = month.toPlainDate({ day: 1 }).dayOfWeek;
  const byDay = rule.byDay.flatMap(({ weekday, nth }) => {
    const firstDay = 1 + ((WEEKDAYS.indexOf(weekday) + 1 - firstWeekday + 7) % 7);
    const all = Array.from({ length: 5 }, (_, i) => firstDay + 7 * i).filter((day) => day <= length);
    if (nth === null) return all;
    const day = nth > 0 ? all[nth - 1] : all[all.length + nth];
    return day === undefined ? [] : [day];
  });
  const days =
    rule.byDay.length && rule.byMonthDay.length
      ? byDay.filter((day) => byMonthDay.includes(day)) // both: RFC 5545 keeps the days matching both (Friday the 13th)
      : rule.byDay.length
        ? byDay
        : rule.byMonthDay.length
          ? byMonthDay
          : [first.day].filter((day) => day <= length); // the 31st skips shorter months, as RFC 5545 says
  return [...new Set(days)].sort((a, b) => a - b).map((day) => month.toPlainDate({ day }));
}

function isAfterUntil(until: Until, date: Temporal.PlainDate, local: Temporal.PlainDateTime, start: Temporal.Instant): boolean {
  if (until instanceof Temporal.PlainDate) return Temporal.PlainDate.compare(date, until) > 0;
  if (until instanceof Temporal.Instant) return Temporal.Instant.compare(start, until) > 0;
  return Temporal.PlainDateTime.compare(local, until) > 0;
}

/** UNTIL as RFC 5545 writes it (20261231, 20261231T190000Z) or in ISO 8601 extended form (2026-12-31T19:00Z). */
function parseUntil(value: string): Until | string {
  const match = /^(\d{4})-?(\d{2})-?(\d{2})(?:T(\d{2}):?(\d{2})(?::?(\d{2}))?(Z)?)?$/.exec(value);
  const error = `UNTIL=${value.slice(0, 40)} must be a date (20261231) or date-time (20261231T190000Z)`;
  if (!match) return error;
  const [, year, month, day, hour, minute, second, z] = match;
  if (Number(year) < 2000 || Number(year) >= LAST_YEAR) return `UNTIL must be between 2000 and ${LAST_YEAR}`;
  try {
    const date = `${year}-${month}-${day}`;
    if (hour === undefined) return Temporal.PlainDate.from(date);
    const dateTime = `${date}T${hour}:${minute}:${second ?? "00"}`;
    return z ? Temporal.Instant.from(`${dateTime}Z`) : Temporal.PlainDateTime.from(dateTime);
  } catch {
    return error;
  }
}

function wholeNumber(text: string): number | null {
  return /^\d{1,6}$/.test(text) ? Number(text) : null;
}

function isWeekday(text: string): text is Weekday {
  return (WEEKDAYS as readonly string[]).includes(text);
}

function weekdayOf(date: Temporal.PlainDate): Weekday {
  return WEEKDAYS[date.dayOfWeek - 1]!;
}
