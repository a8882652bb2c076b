// The rules an event must follow, applied to untrusted JSON (admin API, CLI): every problem is
// collected with its field path, never just the first. The field readers at the end are shared
// with validate-project.ts.
import type { FieldProblem } from "../errors.ts";
import type { ParticipationMode } from "../participation/modes.ts";
import { PARTICIPATION_MODES } from "../participation/modes.ts";
import { localDateOf, normalizeTimeZone, resolveDateTime, toZoned } from "../time.ts";
import type { EventImage, EventInput, EventLocation } from "./event.ts";
import { EventStatus } from "./event.ts";
import type { RRule } from "./recurrence.ts";
import { expandOccurrences, formatRRule, parseRRule } from "./recurrence.ts";

/** FEP-8a8e event categories. */
export const EVENT_CATEGORIES = [
  "ARTS",
  "AUTO_BOAT_AIR",
  "BOOK_CLUBS",
  "BUSINESS",
  "CAUSES",
  "CLIMATE_ENVIRONMENT",
  "COMMUNITY",
  "COMEDY",
  "CRAFTS",
  "CREATIVE_JAM",
  "DIY_MAKER_SPACES",
  "FAMILY_EDUCATION",
  "FASHION_BEAUTY",
  "FESTIVALS",
  "FILM_MEDIA",
  "FOOD_DRINK",
  "GAMES",
  "INCLUSIVE_SPACES",
  "LANGUAGE_CULTURE",
  "LEARNING",
  "LGBTQ",
  "MEETING",
  "MEDITATION_WELLBEING",
  "MOVEMENTS_POLITICS",
  "MUSIC",
  "NETWORKING",
  "OUTDOORS_ADVENTURE",
  "PARTY",
  "PERFORMING_VISUAL_ARTS",
  "PETS",
  "PHOTOGRAPHY",
  "SCIENCE_TECH",
  "SPIRITUALITY_RELIGION_BELIEFS",
  "SPORTS",
  "THEATRE",
  "WORKSHOPS_SKILL_SHARING",
] as const;
export type EventCategory = (typeof EVENT_CATEGORIES)[number];

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

export type Normalized<T> = { ok: true; value: T } | { ok: false; problems: FieldProblem[] };

const EVENT_FIELDS = [
  "title",
  "description",
  "startsAt",
  "endsAt",
  "timezone",
  "allDay",
  "location",
  "organizer",
  "tags",
  "image",
  "language",
  "status",
  "capacity",
  "registrationUrl",
  "category",
  "recurrence",
  "participation",
] as const satisfies readonly (keyof EventInput)[];
const DAY_MS = 86_400_000;
const MAX_DAYS = 31;

/**
 * Checks an event input and normalises it. `defaults.timezone` (the cantine's zone) applies when the
 * input names none. `defaults.now` is reserved: no rule uses it, since past events may be recorded.
 * `null` counts as an absent field.
 */
export function normalizeEventInput(input: unknown, defaults: { timezone: string; now: Temporal.Instant }): Normalized<NormalizedEvent> {
  if (!isObject(input)) return { ok: false, problems: [{ field: "", message: "must be a JSON object" }] };
  const problems: FieldProblem[] = [];
  const r = new FieldReader(input, "", problems);
  r.allowOnly(EVENT_FIELDS);
  const title = r.text("title", { max: 200, required: true });
  const description = r.text("description", { max: 20_000, multiline: true });
  const zoneText = r.text("timezone", { max: 64 });
  const timezone = zoneText === undefined ? defaults.timezone : normalizeTimeZone(zoneText);
  if (timezone === null)
    r.problem("timezone", `unknown time zone ${shown(zoneText)}: use an IANA name like "Europe/Paris" (offsets like "+01:00" know no DST)`);
  const times = readTimes(r, timezone ?? "UTC");
  const location = readLocation(r);
  const organizer = r.text("organizer", { max: 200 });
  const tags = readTags(r, "tags");
  const image = readImage(r);
  const language = readLanguage(r, "language");
  const status = r.choice("status", Object.values(EventStatus)) ?? EventStatus.scheduled;
  const capacity = r.integer("capacity", 1, 100_000);
  const registrationUrl = r.url("registrationUrl");
  const category = r.choice("category", EVENT_CATEGORIES);
  const participation = r.choice("participation", PARTICIPATION_MODES);
  if (participation === "external" && registrationUrl === undefined && !r.has("registrationUrl")) {
    r.problem("participation", "is external, but no registrationUrl says where people register");
  }
  const recurrence = readRecurrence(r, timezone && times ? { ...times, timezone } : undefined);
  if (problems.length > 0 || title === undefined || times === undefined || timezone === null) return { ok: false, problems };
  return {
    ok: true,
    value: {
      title,
      description: description ?? null,
      ...times,
      timezone,
      location,
      organizer: organizer ?? null,
      tags,
      image,
      language: language ?? null,
      status,
      capacity: capacity ?? null,
      registrationUrl: registrationUrl ?? null,
      category: category ?? null,
      participation: participation ?? null,
      recurrence,
    },
  };
}

type Times = { startsAt: string; endsAt: string | null; allDay: boolean };

function readTimes(r: FieldReader, zone: string): Times | undefined {
  const startText = r.text("startsAt", { max: 40, required: true });
  const endText = r.text("endsAt", { max: 40 });
  const allDayFlag = r.boolean("allDay");
  // Each time is read on its own first, so that a bad endsAt is named even when startsAt is bad too.
  const start = startText === undefined ? undefined : resolveDateTime(startText, zone);
  const end = endText === undefined ? undefined : resolveDateTime(endText, zone);
  if (start && "error" in start) r.problem("startsAt", start.error);
  if (end && "error" in end) r.problem("endsAt", end.error);
  if (start === undefined || "error" in start) return undefined;
  const { allDay } = start;
  if (allDayFlag !== undefined && allDayFlag !== allDay) {
    r.problem("allDay", allDay ? `is false, but startsAt is a date without a time` : `is true, but startsAt has a time: give a date like "2026-11-05"`);
  }
  const startDate = localDateOf(start.instant, zone);
  let endsAt = allDay ? nextMidnight(startDate, zone) : null;
  const readEnd = end !== undefined && !("error" in end) ? end : undefined;
  if (readEnd && readEnd.allDay !== allDay) {
    r.problem(
      "endsAt",
      allDay
        ? `must be a date like "2026-11-06" (the last day, inclusive), as startsAt is a date`
        : `must be a date-time like "2026-11-05T21:00", as startsAt has a time`,
    );
  } else if (readEnd && allDay) {
    const endDate = localDateOf(readEnd.instant, zone);
    if (endDate < startDate) r.problem("endsAt", "must not be before startsAt (the last day of an all-day event, inclusive)");
    else if (Temporal.PlainDate.from(startDate).until(endDate).days + 1 > MAX_DAYS) r.problem("endsAt", `must be at most ${MAX_DAYS} days after startsAt`);
    else endsAt = nextMidnight(endDate, zone);
  } else if (readEnd) {
    const ms = Temporal.Instant.from(readEnd.instant).epochMilliseconds - Temporal.Instant.from(start.instant).epochMilliseconds;
    if (ms <= 0) r.problem("endsAt", "must be after startsAt");
    else if (ms > MAX_DAYS * DAY_MS) r.problem("endsAt", `must be at most ${MAX_DAYS} days after startsAt`);
    else endsAt = readEnd.instant;
  }
  return { startsAt: start.instant, endsAt, allDay };
}

function nextMidnight(date: string, zone: string): string {
  return Temporal.PlainDate.from(date).add({ days: 1 }).toZonedDateTime(zone).toInstant().toString();
}

function readRecurrence(r: FieldReader, event: (Times & { timezone: string }) | undefined): NormalizedEvent["recurrence"] {
  const text = r.text("recurrence", { max: 500 });
  if (text === undefined) return null;
  const parsed = parseRRule(text);
  if (!parsed.ok) return r.problem("recurrence", parsed.error) ?? null;
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
    if (!first) r.problem("recurrence", "has no occurrence on or after startsAt (is UNTIL before it?)");
    else if (first.localDate !== date) {
      const day = zoned.toLocaleString("en", { weekday: "long" });
      r.problem("recurrence", `startsAt (${day} ${date}) is not an occurrence of this rule: start the series on its first occurrence (${first.localDate})`);
    }
  }
  return { rule: parsed.rule, text: formatRRule(parsed.rule) };
}

function readLocation(r: FieldReader): EventLocation | null {
  const l = r.object("location");
  if (!l) return null;
  l.allowOnly(["name", "address", "room", "lat", "lon", "url"]);
  const [lat, lon] = [l.number("lat", -90, 90), l.number("lon", -180, 180)];
  if (l.has("lat") !== l.has("lon")) l.problem(l.has("lat") ? "lon" : "lat", `is required with location.${l.has("lat") ? "lat" : "lon"}: give both or neither`);
  const location = compact({
    name: l.text("name", { max: 300 }),
    address: l.text("address", { max: 300 }),
    room: l.text("room", { max: 300 }),
    lat,
    lon,
    url: l.url("url"),
  });
  return Object.keys(location).length > 0 ? location : null;
}

export function readImage(r: FieldReader): EventImage | null {
  const i = r.object("image");
  if (!i) return null;
  i.allowOnly(["url", "alt", "mediaType"]);
  const url = i.url("url", true);
  const image = compact({
    alt: i.text("alt", { max: 1000, multiline: true }),
    mediaType: i.pattern("mediaType", /^image\/[a-z0-9.+-]{1,50}$/, `a MIME type like "image/png"`),
  });
  return url === undefined ? null : { url, ...image };
}

/**
 * Hashtags as Mastodon links them: a leading "#" dropped, spaces and hyphens removed (Mastodon stops a
 * tag at a hyphen), then 1–50 letters, digits or "_". The first spelling wins among case variants.
 */
export function readTags(r: FieldReader, name: string): string[] {
  const list = r.list(name, 10, "tags");
  const tags: string[] = [];
  list?.forEachItem((i) => {
    const raw = list.text(i, { max: 100, required: true });
    const tag = raw?.replace(/^#+/, "").replace(/[\s-]+/g, "");
    if (tag === undefined) return;
    if (!/^[\p{L}\p{M}\p{N}_]{1,50}$/u.test(tag))
      list.problem(i, `must be 1 to 50 letters, digits or "_" after removing "#", spaces and hyphens (got ${shown(raw)})`);
    else if (!tags.some((t) => t.toLowerCase() === tag.toLowerCase())) tags.push(tag);
  });
  return tags;
}

export function readLanguage(r: FieldReader, name: string): string | undefined {
  return r.pattern(name, /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, `a BCP 47 language tag like "fr" or "pt-BR"`);
}

/** Applies a JSON merge patch (RFC 7396) to an event input. The result still has to pass normalizeEventInput. */
export function applyEventPatch(current: EventInput, patch: unknown): Normalized<EventInput> & { merged?: Json } {
  const merged = mergePatch(current, patch, EVENT_FIELDS, ["title", "startsAt"], ["location", "image"]);
  // allDay only confirms the shape of startsAt: a new startsAt decides it afresh.
  const value = merged.ok ? merged.value : merged.merged;
  if (value && isObject(patch) && patch.startsAt !== undefined && patch.allDay === undefined) delete value.allDay;
  return merged as Normalized<EventInput> & { merged?: Json };
}

/**
 * Merges `patch` into `current`: absent fields stay, `null` removes an optional field, `nested`
 * objects merge one level deep. A patch with problems of its own (an unknown field, a required
 * one removed) still yields the merge of the rest, so that the caller can name every problem.
 */
export function mergePatch(
  current: object,
  patch: unknown,
  fields: readonly string[],
  required: readonly string[],
  nested: readonly string[],
): Normalized<Json> & { merged?: Json } {
  if (!isObject(patch)) return { ok: false, problems: [{ field: "", message: "must be a JSON object" }] };
  const problems: FieldProblem[] = [];
  new FieldReader(patch, "", problems).allowOnly(fields);
  const merged: Json = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (!fields.includes(key)) continue;
    if (value === null && required.includes(key)) problems.push({ field: key, message: "is required and cannot be removed" });
    else if (value === null) delete merged[key];
    else if (nested.includes(key) && isObject(value) && isObject(merged[key])) {
      const inner: Json = { ...merged[key], ...value };
      for (const k of Object.keys(value)) if (value[k] === null) delete inner[k];
      if (Object.keys(inner).length > 0) merged[key] = inner;
      else delete merged[key];
    } else merged[key] = value;
  }
  return problems.length > 0 ? { ok: false, problems, merged } : { ok: true, value: merged };
}

/**
 * The problems of a patch and of what it would make, together, each field named once (the
 * patch's own word first): `{"title": null, "endsAt": "x"}` names both fields.
 */
export function patchProblems(patch: { problems: readonly FieldProblem[] }, result: Normalized<unknown>): FieldProblem[] {
  const named = new Set(patch.problems.map((p) => p.field));
  return [...patch.problems, ...(result.ok ? [] : result.problems.filter((p) => !named.has(p.field)))];
}

// ---- Field readers for untrusted JSON ----

export type Json = Record<string, unknown>;
export type TextOptions = { max: number; required?: boolean; multiline?: boolean };

const SINGLE_LINE_CONTROLS = /[\u0000-\u001F\u007F-\u009F\u2028\u2029]/;
const TEXT_CONTROLS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/; // keeps tab, LF, CR

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A value for a message, cut short: inputs may be huge or hostile. */
export function shown(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/**
 * Reads the fields (or items) of one JSON object (or array), recording one problem per bad field under
 * its path. Each reader returns the clean value, or undefined when the field is absent or bad.
 */
export class FieldReader {
  readonly problems: FieldProblem[];
  readonly data: Json | unknown[];
  readonly prefix: string;

  constructor(data: Json | unknown[], prefix: string, problems: FieldProblem[]) {
    this.data = data;
    this.prefix = prefix;
    this.problems = problems;
  }

  path(name: string | number): string {
    if (Array.isArray(this.data)) return `${this.prefix}[${name}]`;
    return this.prefix ? `${this.prefix}.${name}` : String(name);
  }

  problem(name: string | number, message: string): undefined {
    this.problems.push({ field: this.path(name), message });
    return undefined;
  }

  /** The raw value; a null field counts as absent (a null list item does not). */
  get(name: string | number): unknown {
    const value = Object.hasOwn(this.data, name) ? (this.data as Record<string | number, unknown>)[name] : undefined;
    return Array.isArray(this.data) ? value : (value ?? undefined);
  }

  has(name: string | number): boolean {
    return this.get(name) !== undefined;
  }

  allowOnly(names: readonly string[]): void {
    for (const key of Object.keys(this.data)) if (!names.includes(key)) this.problem(key.slice(0, 60), `unknown field ${shown(key)}`);
  }

  forEachItem(fn: (index: number) => void): void {
    for (let i = 0; i < (this.data as unknown[]).length; i++) fn(i);
  }

  /** Trimmed NFC text; optional empty text counts as absent. Single-line text refuses all control characters. */
  text(name: string | number, { max, required = false, multiline = false }: TextOptions): string | undefined {
    const value = this.get(name);
    if (value === undefined) return required ? this.problem(name, "is required") : undefined;
    if (typeof value !== "string") return this.problem(name, "must be a string");
    let length = 0;
    for (const _ of value) length++;
    if (length > max) return this.problem(name, `must be at most ${max} characters (got ${length})`);
    if ((multiline ? TEXT_CONTROLS : SINGLE_LINE_CONTROLS).test(value)) {
      return this.problem(name, multiline ? "must not contain control characters" : "must not contain control characters (line breaks, tabs…)");
    }
    const text = (multiline ? value.replace(/\s+$/, "") : value.trim()).normalize("NFC");
    if (text.trim() === "") return required ? this.problem(name, "must not be empty") : undefined;
    return text;
  }

  /** An absolute http(s) URL without credentials: never javascript:, data: or file:. */
  url(name: string | number, required = false): string | undefined {
    const text = this.text(name, { max: 2000, required });
    if (text === undefined) return undefined;
    const url = /^\S+$/.test(text) && URL.canParse(text) ? new URL(text) : undefined;
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:"))
      return this.problem(name, `must be an absolute http(s) URL like "https://example.org/page" (got ${shown(text)})`);
    if (url.username || url.password) return this.problem(name, "must not contain a user name or password");
    return text;
  }

  pattern(name: string | number, regex: RegExp, what: string): string | undefined {
    const text = this.text(name, { max: 100 });
    if (text !== undefined && !regex.test(text)) return this.problem(name, `must be ${what} (got ${shown(text)})`);
    return text;
  }

  choice<T extends string>(name: string | number, values: readonly T[]): T | undefined {
    const value = this.get(name);
    if (value === undefined || values.includes(value as T)) return value as T | undefined;
    const near = typeof value === "string" ? values.find((v) => v.toLowerCase() === value.trim().toLowerCase()) : undefined;
    const list = values.length > 8 ? `${values.slice(0, 6).join(", ")}… (${values.length} values)` : values.join(", ");
    return this.problem(name, near ? `must be ${shown(near)} in this spelling (got ${shown(value)})` : `must be one of ${list} (got ${shown(value)})`);
  }

  boolean(name: string | number): boolean | undefined {
    const value = this.get(name);
    return value === undefined || typeof value === "boolean" ? value : this.problem(name, "must be true or false");
  }

  number(name: string | number, min: number, max: number): number | undefined {
    const value = this.get(name);
    if (value === undefined) return undefined;
    if (typeof value !== "number" || !Number.isFinite(value)) return this.problem(name, "must be a number");
    return value >= min && value <= max ? value : this.problem(name, `must be between ${min} and ${max} (got ${value})`);
  }

  integer(name: string | number, min: number, max: number): number | undefined {
    const value = this.number(name, min, max);
    return value === undefined || Number.isInteger(value) ? value : this.problem(name, "must be a whole number");
  }

  object(name: string | number): FieldReader | undefined {
    const value = this.get(name);
    if (value === undefined) return undefined;
    return isObject(value) ? new FieldReader(value, this.path(name), this.problems) : this.problem(name, "must be a JSON object");
  }

  /** A list of at most `max` items; `noun` names them in the message ("at most 10 tags"). */
  list(name: string | number, max: number, noun: string): FieldReader | undefined {
    const value = this.get(name);
    if (value === undefined) return undefined;
    if (!Array.isArray(value)) return this.problem(name, "must be a list (JSON array)");
    if (value.length > max) return this.problem(name, `must have at most ${max} ${noun} (got ${value.length})`);
    return new FieldReader(value, this.path(name), this.problems);
  }
}
