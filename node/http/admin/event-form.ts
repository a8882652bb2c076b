// The event form's fields ⇄ the event input of the domain (the same input as the admin API).
import type { FieldProblem } from "../../domain/errors.ts";
import type { CantineEvent, EventSeries } from "../../domain/events/event.ts";
import { parseRRule, WEEKDAYS } from "../../domain/events/recurrence.ts";
import { imagePaths } from "../../domain/media/image.ts";
import type { Venue } from "../../domain/venue.ts";
import type { AdminMessages } from "./i18n/index.ts";
import { translateProblem } from "./problems.ts";

export type EventFormValues = Record<string, string | string[]>;

const zoned = (instant: string, zone: string) => Temporal.Instant.from(instant).toZonedDateTimeISO(zone);
const hhmm = (time: Temporal.PlainTime) => time.toString({ smallestUnit: "minute" });

/** A new event's form: at the venue, in its zone, starting next week at 19:00. */
export function newEventValues(venue: Venue, now: Date): EventFormValues {
  const day = Temporal.Instant.from(now.toISOString()).toZonedDateTimeISO(venue.timezone).toPlainDate().add({ days: 7 }).toString();
  return {
    startDate: day,
    startTime: "19:00",
    endTime: "21:00",
    timezone: venue.timezone,
    where: "venue",
    repeat: "none",
    interval: "1",
    monthlyBy: "day",
    endsBy: "never",
    status: "scheduled",
    language: venue.locale ?? "",
  };
}

function locationValues(event: Pick<CantineEvent, "location">, venue: Venue): EventFormValues {
  const l = event.location;
  const online = l?.url ?? "";
  if (!l || (!l.name && !l.address && !l.room)) return { where: l?.url ? "online" : "venue", onlineUrl: online };
  if (venue.address && l.address === venue.address && (!l.name || l.name === venue.name)) return { where: "venue", room: l.room ?? "", onlineUrl: online };
  return { where: "other", placeName: l.name ?? "", address: l.address ?? "", room: l.room ?? "", onlineUrl: online };
}

/** The form of an existing event (its times in its own zone). */
export function eventValues(event: CantineEvent, venue: Venue): EventFormValues {
  const start = zoned(event.startsAt, event.timezone);
  const values: EventFormValues = {
    title: event.title,
    description: event.description ?? "",
    timezone: event.timezone,
    startDate: start.toPlainDate().toString(),
    organizer: event.organizer ?? "",
    tags: event.tags.join(", "),
    language: event.language ?? "",
    status: event.status,
    capacity: event.capacity ? String(event.capacity) : "",
    registrationUrl: event.registrationUrl ?? "",
    category: event.category ?? "",
    repeat: "none",
    interval: "1",
    monthlyBy: "day",
    endsBy: "never",
    ...locationValues(event, venue),
    ...imageValues(event.image, venue),
  };
  if (event.allDay) {
    values.allDay = "on";
    const last = event.endsAt
      ? zoned(new Date(Date.parse(event.endsAt) - 1).toISOString(), event.timezone)
          .toPlainDate()
          .toString()
      : "";
    values.endDate = last && last !== values.startDate ? last : "";
    values.startTime = "";
  } else {
    values.startTime = hhmm(start.toPlainTime());
    if (event.endsAt) {
      const end = zoned(event.endsAt, event.timezone);
      values.endTime = hhmm(end.toPlainTime());
      values.endDate = end.toPlainDate().toString() !== values.startDate ? end.toPlainDate().toString() : "";
    }
  }
  return values;
}

/** The form values of a stored banner: our upload by id, any other image by URL. */
export function imageValues(image: CantineEvent["image"] | undefined, venue: Venue): EventFormValues {
  if (!image) return {};
  const upload = /\/media\/([0-9a-f-]{36})\.webp$/.exec(image.url);
  const ours = upload && image.url.startsWith(new URL(venue.origin).origin);
  return ours ? { imageId: upload![1]!, imageAlt: image.alt ?? "" } : { imageUrl: image.url, imageAlt: image.alt ?? "" };
}

/** A series' template as a form (its first date), with its rule in the builder's fields. */
export function seriesValues(series: EventSeries, venue: Venue, firstOccurrence: CantineEvent | undefined): EventFormValues {
  const values = firstOccurrence ? eventValues(firstOccurrence, venue) : {};
  const input = series.input;
  const start = /^(\d{4}-\d{2}-\d{2})(?:T(\d{2}:\d{2}))?/.exec(input.startsAt);
  if (start && !/[zZ]|[+-]\d\d:\d\d$/.test(input.startsAt)) {
    values.startDate = start[1]!;
    if (start[2]) values.startTime = start[2];
  }
  return { ...values, ...ruleValues(series.recurrence) };
}

/** The builder's fields for a rule (weekly or monthly, days, end). */
function ruleValues(text: string): EventFormValues {
  const parsed = parseRRule(text);
  if (!parsed.ok) return {};
  const { rule } = parsed;
  const values: EventFormValues = { interval: String(rule.interval), endsBy: "never" };
  values.repeat = rule.freq === "WEEKLY" ? "weekly" : rule.freq === "MONTHLY" ? "monthly" : "daily";
  if (rule.freq === "WEEKLY") values.weekdays = rule.byDay.map((d) => d.weekday);
  if (rule.freq === "MONTHLY") values.monthlyBy = rule.byDay.some((d) => d.nth !== null) ? "weekday" : "day";
  if (rule.count !== null) Object.assign(values, { endsBy: "count", count: String(rule.count) });
  if (rule.until) Object.assign(values, { endsBy: "until", until: rule.until.toString().slice(0, 10) });
  return values;
}

const text = (values: EventFormValues, name: string) => {
  const value = values[name];
  return (Array.isArray(value) ? value[0] : value)?.trim() ?? "";
};
const list = (values: EventFormValues, name: string) => {
  const value = values[name];
  return Array.isArray(value) ? value : value ? [value] : [];
};

/** RRULE from the series builder; problems name the builder's fields. */
function ruleFromValues(values: EventFormValues, problems: FieldProblem[]): string | undefined {
  const repeat = text(values, "repeat");
  if (!repeat || repeat === "none") return undefined;
  const startDate = text(values, "startDate");
  let start: Temporal.PlainDate | undefined;
  try {
    start = Temporal.PlainDate.from(startDate);
  } catch {
    return undefined; // the date's own problem is named already
  }
  const interval = Number(text(values, "interval") || "1");
  if (!Number.isInteger(interval) || interval < 1 || interval > 52) problems.push({ field: "interval", message: "must be between 1 and 52" });
  const parts = [`FREQ=${repeat === "monthly" ? "MONTHLY" : repeat === "daily" ? "DAILY" : "WEEKLY"}`];
  if (interval > 1) parts.push(`INTERVAL=${interval}`);
  if (repeat === "weekly") {
    const days = list(values, "weekdays").filter((d) => (WEEKDAYS as readonly string[]).includes(d));
    parts.push(`BYDAY=${(days.length ? days : [WEEKDAYS[start.dayOfWeek - 1]!]).join(",")}`);
  } else if (repeat === "monthly") {
    if (text(values, "monthlyBy") === "weekday") {
      const nth = start.day + 7 > start.daysInMonth && start.day > 28 ? -1 : Math.ceil(start.day / 7);
      parts.push(`BYDAY=${nth}${WEEKDAYS[start.dayOfWeek - 1]}`);
    } else parts.push(`BYMONTHDAY=${start.day}`);
  }
  const endsBy = text(values, "endsBy");
  if (endsBy === "count") {
    const count = Number(text(values, "count"));
    if (!Number.isInteger(count) || count < 1 || count > 500) problems.push({ field: "count", message: "must be between 1 and 500" });
    else parts.push(`COUNT=${count}`);
  } else if (endsBy === "until") {
    const until = text(values, "until");
    if (!/^\d{4}-\d{2}-\d{2}$/.test(until)) problems.push({ field: "until", message: "is required" });
    else parts.push(`UNTIL=${until.replaceAll("-", "")}`);
  }
  return parts.join(";");
}

export type FormImage = { id?: string; url?: string; alt: string } | null;

/**
 * The event input of the form. `image` is the banner as decided by the route (an upload just
 * made, the one kept from before, or none). Absent optional fields are null, so that an edit
 * (a merge patch) clears them.
 */
export function inputFromValues(
  values: EventFormValues,
  venue: Venue,
  image: FormImage,
  options: { series: boolean },
): { input: Record<string, unknown>; problems: FieldProblem[] } {
  const problems: FieldProblem[] = [];
  const allDay = text(values, "allDay") === "on";
  const startDate = text(values, "startDate");
  const startTime = text(values, "startTime");
  const endDate = text(values, "endDate");
  const endTime = text(values, "endTime");
  if (!startDate) problems.push({ field: "startsAt", message: "is required" });
  if (!allDay && startDate && !startTime) problems.push({ field: "startTime", message: "is required" });
  const startsAt = allDay ? startDate : `${startDate}T${startTime}`;
  const endsAt = allDay ? endDate || null : endTime ? `${endDate || startDate}T${endTime}` : null;

  const where = text(values, "where") || "venue";
  const online = text(values, "onlineUrl") || undefined;
  const room = text(values, "room") || undefined;
  let location: Record<string, unknown> | null = null;
  if (where === "online") {
    if (!online) problems.push({ field: "onlineUrl", message: "online link needed" });
    location = online ? { url: online } : null;
  } else if (where === "other") {
    const name = text(values, "placeName") || undefined;
    const address = text(values, "address") || undefined;
    if (!name && !address) problems.push({ field: "placeName", message: "place needed" });
    location = { name, address, room, url: online };
  } else {
    location = { name: venue.name, room, url: online };
  }
  if (location) location = Object.fromEntries(Object.entries(location).filter(([, v]) => v !== undefined));

  const capacityText = text(values, "capacity");
  const capacity = capacityText ? Number(capacityText) : null;
  if (capacityText && !Number.isInteger(capacity)) problems.push({ field: "capacity", message: "must be a whole number" });
  const tags = text(values, "tags")
    .split(/[\s,]+/)
    .filter(Boolean);
  const recurrence = options.series ? ruleFromValues(values, problems) : undefined;
  const or = (name: string) => text(values, name) || null;
  const input: Record<string, unknown> = {
    title: text(values, "title"),
    description: or("description"),
    startsAt,
    endsAt,
    allDay,
    timezone: text(values, "timezone") || venue.timezone,
    location,
    organizer: or("organizer"),
    tags,
    language: or("language"),
    status: text(values, "status") || "scheduled",
    capacity: Number.isInteger(capacity) ? capacity : null,
    registrationUrl: or("registrationUrl"),
    category: or("category"),
    image: image ? { url: image.id ? new URL(imagePaths(image.id).image, venue.origin).href : image.url, alt: image.alt || undefined } : null,
    ...(recurrence ? { recurrence } : {}),
  };
  return { input, problems };
}

/** A problem of the domain, on the form field that shows it, in the person's language. */
export function eventFieldOf(field: string): string {
  const map: Record<string, string> = {
    startsAt: "startDate",
    endsAt: "endTime",
    "location.url": "onlineUrl",
    "location.name": "placeName",
    "location.address": "address",
    "location.room": "room",
    location: "placeName",
    "image.alt": "imageAlt",
    "image.url": "image",
    image: "image",
    recurrence: "repeat",
  };
  if (map[field]) return map[field]!;
  if (/^tags\[\d+\]$/.test(field)) return "tags";
  return field || "title";
}

export function formErrors(a: AdminMessages, problems: readonly FieldProblem[], fieldOf: (field: string) => string): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const problem of problems) {
    const name = fieldOf(problem.field);
    errors[name] ??= translateProblem(a, problem);
  }
  return errors;
}
