// The rules an event must follow that a JSON Schema cannot say: the edge has checked each field's
// shape (schemas/event-input.schema.json); here the fields are read (event-reader.ts) and checked
// together: a real zone, real dates in range, the end after the start and at most 31 days later,
// allDay agreeing with the start, a parseable rule whose first occurrence is the start, and a
// registration link for external participation. Every problem is named, with its field.
import type { FieldProblem } from "../errors.ts";
import type { CheckedInput, Json, Normalized } from "../input.ts";
import { allProblems, inFieldOrder, isObject, mergePatch, shown } from "../input.ts";
import type { ParticipationMode } from "../participation/modes.ts";
import { localDateOf, normalizeTimeZone, resolveDateTime, toZoned } from "../time.ts";
import type { EventCategory } from "./categories.ts";
import type { EventImage, EventInput, EventLocation, EventStatus } from "./event.ts";
import type { EventFields } from "./event-reader.ts";
import { readEventFields } from "./event-reader.ts";
import type { RRule } from "./recurrence.ts";
import { expandOccurrences, formatRRule, parseRRule } from "./recurrence.ts";

/** A valid event: trimmed text, UTC instants, defaults filled in. Optional values are null when absent. */
export type NormalizedEvent = Readonly<{
  title: string;
  /** Markdown source. */
  description: string | null;
  startsAt: string;
  /** For all-day events, the instant the day after the last day starts (exclusive end). */
  endsAt: string | null;
  timezone: string;
  allDay: boolean;
  location: EventLocation | null;
  organizer: string | null;
  tags: readonly string[];
  image: EventImage | null;
  language: string | null;
  status: EventStatus;
  capacity: number | null;
  registrationUrl: string | null;
  category: EventCategory | null;
  /** The operator's choice; null: the default (participation/modes.ts). */
  participation: ParticipationMode | null;
  /** The parsed rule and its canonical text (no "RRULE:" prefix). */
  recurrence: Readonly<{ rule: RRule; text: string }> | null;
}>;

const DAY_MS = 86_400_000;
const MAX_DAYS = 31;

/**
 * Reads a checked event input and applies the rules across its fields. `defaults.timezone` (the
 * cantine's zone) applies when the input names none. `defaults.now` is reserved: no rule uses it,
 * since past events may be recorded. The edge's problems and the rules' own make one list.
 */
export function normalizeEventInput(checked: CheckedInput<EventInput>, defaults: { timezone: string; now: Temporal.Instant }): Normalized<NormalizedEvent> {
  const problems: FieldProblem[] = [];
  const fields = readEventFields(checked.input, problems);
  const timezone = fields.timezone === undefined ? defaults.timezone : normalizeTimeZone(fields.timezone);
  if (timezone === null)
    problems.push({
      field: "timezone",
      message: `unknown time zone ${shown(fields.timezone)}: use an IANA name like "Europe/Paris" (offsets like "+01:00" know no DST)`,
    });
  const times = readTimes(fields, timezone ?? "UTC", problems);
  if (fields.participation === "external" && fields.registrationUrl === undefined && !fieldNamed(checked, "registrationUrl")) {
    problems.push({ field: "participation", message: "is external, but no registrationUrl says where people register" });
  }
  const recurrence = readRecurrence(fields.recurrence, timezone && times ? { ...times, timezone } : undefined, problems);
  // One list in the order of the fields (the reader lists them as the schema does).
  const all = inFieldOrder(allProblems(checked.problems, problems), Object.keys(fields));
  if (all.length > 0 || fields.title === undefined || times === undefined || timezone === null) return { ok: false, problems: all };
  return {
    ok: true,
    value: {
      title: fields.title,
      description: fields.description ?? null,
      ...times,
      timezone,
      location: fields.location,
      organizer: fields.organizer ?? null,
      tags: fields.tags,
      image: fields.image,
      language: fields.language ?? null,
      status: fields.status,
      capacity: fields.capacity ?? null,
      registrationUrl: fields.registrationUrl ?? null,
      category: fields.category ?? null,
      participation: fields.participation ?? null,
      recurrence,
    },
  };
}

function fieldNamed(checked: CheckedInput<unknown>, field: string): boolean {
  return checked.problems.some((p) => p.field === field);
}

type Times = { startsAt: string; endsAt: string | null; allDay: boolean };

function readTimes(fields: EventFields, zone: string, problems: FieldProblem[]): Times | undefined {
  const problem = (field: string, message: string) => problems.push({ field, message });
  // Each time is read on its own first, so that a bad endsAt is named even when startsAt is bad too.
  const start = fields.startsAt === undefined ? undefined : resolveDateTime(fields.startsAt, zone);
  const end = fields.endsAt === undefined ? undefined : resolveDateTime(fields.endsAt, zone);
  if (start && "error" in start) problem("startsAt", start.error);
  if (end && "error" in end) problem("endsAt", end.error);
  if (start === undefined || "error" in start) return undefined;
  const { allDay } = start;
  if (fields.allDay !== undefined && fields.allDay !== allDay) {
    problem("allDay", allDay ? `is false, but startsAt is a date without a time` : `is true, but startsAt has a time: give a date like "2026-11-05"`);
  }
  const startDate = localDateOf(start.instant, zone);
  let endsAt = allDay ? nextMidnight(startDate, zone) : null;
  const readEnd = end !== undefined && !("error" in end) ? end : undefined;
  if (readEnd && readEnd.allDay !== allDay) {
    problem(
      "endsAt",
      allDay
        ? `must be a date like "2026-11-06" (the last day, inclusive), as startsAt is a date`
        : `must be a date-time like "2026-11-05T21:00", as startsAt has a time`,
    );
  } else if (readEnd && allDay) {
    const endDate = localDateOf(readEnd.instant, zone);
    if (endDate < startDate) problem("endsAt", "must not be before startsAt (the last day of an all-day event, inclusive)");
    else if (Temporal.PlainDate.from(startDate).until(endDate).days + 1 > MAX_DAYS) problem("endsAt", `must be at most ${MAX_DAYS} days after startsAt`);
    else endsAt = nextMidnight(endDate, zone);
  } else if (readEnd) {
    const ms = Temporal.Instant.from(readEnd.instant).epochMilliseconds - Temporal.Instant.from(start.instant).epochMilliseconds;
    if (ms <= 0) problem("endsAt", "must be after startsAt");
    else if (ms > MAX_DAYS * DAY_MS) problem("endsAt", `must be at most ${MAX_DAYS} days after startsAt`);
    else endsAt = readEnd.instant;
  }
  return { startsAt: start.instant, endsAt, allDay };
}

function nextMidnight(date: string, zone: string): string {
  return Temporal.PlainDate.from(date).add({ days: 1 }).toZonedDateTime(zone).toInstant().toString();
}

function readRecurrence(text: string | undefined, event: (Times & { timezone: string }) | undefined, problems: FieldProblem[]): NormalizedEvent["recurrence"] {
  if (text === undefined) return null;
  const parsed = parseRRule(text);
  if (!parsed.ok) {
    problems.push({ field: "recurrence", message: parsed.error });
    return null;
  }
  if (event) {
    // RFC 5545 leaves a series whose DTSTART breaks its own rule undefined: insist on the first occurrence.
    const zoned = toZoned(event.startsAt, event.timezone);
    const from = zoned.toInstant().subtract({ hours: 48 });
    const [first] = expandOccurrences(
      parsed.rule,
      { local: zoned.toPlainDateTime(), zone: event.timezone },
      null,
      { from, until: Temporal.Instant.from("2100-01-01T00:00:00Z") },
      1,
    );
    const date = zoned.toPlainDate().toString();
    if (!first) problems.push({ field: "recurrence", message: "has no occurrence on or after startsAt (is UNTIL before it?)" });
    else if (first.localDate !== date) {
      const day = zoned.toLocaleString("en", { weekday: "long" });
      problems.push({
        field: "recurrence",
        message: `startsAt (${day} ${date}) is not an occurrence of this rule: start the series on its first occurrence (${first.localDate})`,
      });
    }
  }
  return { rule: parsed.rule, text: formatRRule(parsed.rule) };
}

/**
 * Applies a JSON merge patch (RFC 7396) to an event input; the edge checks the result whole.
 * Removing title or startsAt is refused (the current value stays); location and image merge.
 */
export function applyEventPatch(current: EventInput, patch: unknown): { merged?: Json; problems: FieldProblem[] } {
  const result = mergePatch(current, patch, ["title", "startsAt"], ["location", "image"]);
  // allDay only confirms the shape of startsAt: a new startsAt decides it afresh.
  if (result.merged && isObject(patch) && patch.startsAt !== undefined && patch.allDay === undefined) delete result.merged.allDay;
  return result;
}
