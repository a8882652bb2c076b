// CantineEvent ↔ ActivityStreams Event, following FEP-8a8e plus what Mobilizon and Gancio read
// and send (PEERS-gancio-mobilizon.md §2, §5, §6). Outbound objects are plain compact JSON sent
// under CANTINE_CONTEXT (context.ts); inbound objects are read leniently and never trusted.

import { EVENT_CATEGORIES } from "../../node/domain/events/categories.ts";
import type { CantineEvent, EventStatus, ReceivedEvent } from "../../node/domain/events/event.ts";
import { participationMode, takesParticipants } from "../../node/domain/participation/modes.ts";
import type { Attendance } from "../../node/domain/participation/participant.ts";
import { escapeHtml } from "../../node/domain/text.ts";
import type { WrittenTime } from "../../node/domain/time.ts";
import { instantText, normalizeEventZone, normalizeTimeZone, zoneOfWrittenTimes } from "../../node/domain/time.ts";
import { offsetDateTime } from "../../node/domain/wall-clock.ts";
import { AS_PUBLIC } from "./context.ts";
import { instantMs, quickInstant, spellInstant } from "./instants.ts";
import type { VenueOptions } from "./place.ts";
import { fromLocationJson, toLocationJson } from "./place.ts";
import {
  firstActor,
  httpUrl,
  isRecord,
  listOf,
  nameText,
  plainText,
  readHashtags,
  readImage,
  readInstant,
  readLanguage,
  readRichText,
  typesOf,
} from "./read.ts";
import { eventSummaryLine } from "./summary.ts";
import { imageJson, isoInstant, toHashtagJson } from "./write.ts";

export type EventUris = { actorId: string; followersUrl: string };
export type EventJsonOptions = VenueOptions & { locale: string };
export type EventReadResult = { ok: true; event: ReceivedEvent } | { ok: false; reason: string };
/** What the reader knows besides the object: the sending cantine's own zone, when it published one. */
export type EventReadOptions = Readonly<{ senderZone?: string | null }>;

// FEP-8a8e eventStatus + the iCalendar status Mobilizon reads. Sent once, as `status` (our context
// maps it to `ical:status`, as Mobilizon's does): a second `ical:status` key made peers read it twice.
const STATUS_OUT: Record<EventStatus, [string, string]> = {
  scheduled: ["EventScheduled", "CONFIRMED"],
  cancelled: ["EventCancelled", "CANCELLED"],
  postponed: ["EventPostponed", "TENTATIVE"],
};

/**
 * FEP-8a8e `joinMode` and Mobilizon's counts: `participantCount` and, with a capacity,
 * `remainingAttendeeCapacity`, for the events that take participants here (counts as they are
 * when the object is served or an activity carrying it is sent).
 */
function participationJson(event: CantineEvent, attendance: Attendance | null | undefined): Record<string, unknown> {
  const mode = participationMode(event);
  const going = attendance?.going ?? 0;
  return {
    joinMode: mode,
    ...(mode === "external" && event.registrationUrl ? { externalParticipationUrl: event.registrationUrl } : {}),
    ...(event.capacity ? { maximumAttendeeCapacity: event.capacity } : {}),
    ...(takesParticipants(mode) ? { participantCount: going } : {}),
    ...(takesParticipants(mode) && event.capacity ? { remainingAttendeeCapacity: Math.max(0, event.capacity - going) } : {}),
  };
}

/**
 * Our event as a compact FEP-8a8e Event object (no `@context`: the activity carries CANTINE_CONTEXT).
 * `attendance` gives the participation counts (none: nobody yet).
 */
export function toEventJson(event: CantineEvent, uris: EventUris, opts: EventJsonOptions, attendance?: Attendance | null): Record<string, unknown> {
  // Times as "2026-11-03T19:00:00+01:00": the wall time in the event's zone with its offset then.
  const startMs = instantMs(event.startsAt);
  const endMs = event.endsAt ? instantMs(event.endsAt) : Number.NaN;
  const hasEnd = endMs > startMs;
  // FEP-8a8e: endTime is required; an open end gets a machine end time (2 h, or the whole day for
  // an all-day event: a calendar day in the zone, which DST can make 23 or 25 hours) and
  // displayEndTime: false so that nobody shows it.
  const endTime = hasEnd
    ? offsetDateTime(endMs, event.timezone)
    : event.allDay
      ? Temporal.Instant.fromEpochMilliseconds(startMs)
          .toZonedDateTimeISO(event.timezone)
          .add({ days: 1 })
          .toString({ timeZoneName: "never", smallestUnit: "second" })
      : offsetDateTime(startMs + 2 * 3_600_000, event.timezone);
  const location = toLocationJson(event.location, opts);
  const venuePlace = event.location ? undefined : [opts.venueName, opts.venueAddress].filter(Boolean).join(", ");
  const online = event.location?.url;
  const physical = Array.isArray(location) || (location !== null && location.type === "Place");
  const [eventStatus, icalStatus] = STATUS_OUT[event.status];
  const image = event.image ? imageJson(event.image) : null;
  const origin = new URL(event.apId).origin;
  return {
    id: event.apId,
    type: "Event",
    name: event.title,
    // Mastodon shows only name + summary + link (MASTODON.md §3.1): the summary says when and where.
    summary: `<p>${escapeHtml(eventSummaryLine(event, opts.locale, venuePlace || undefined))}</p>`,
    content: event.descriptionHtml,
    mediaType: "text/html",
    startTime: offsetDateTime(startMs, event.timezone),
    endTime,
    ...(hasEnd ? {} : { displayEndTime: false }),
    timezone: event.timezone,
    ...(location ? { location } : {}),
    // Mobilizon's flag for online-only events; hybrid events carry a Place as well.
    isOnline: Boolean(online) && !physical,
    url: event.url,
    attributedTo: uris.actorId,
    // FEP-8a8e organizers must be a Collection: the cantine actor, plus the named organizer.
    organizers: {
      type: "Collection",
      totalItems: event.organizer ? 2 : 1,
      items: [uris.actorId, ...(event.organizer ? [{ type: "Organization", name: event.organizer }] : [])],
    },
    eventStatus,
    status: icalStatus,
    ...participationJson(event, attendance),
    ...(event.category ? { category: event.category } : {}),
    tag: event.tags.map((tag) => toHashtagJson(tag, origin)).filter((tag) => tag !== null),
    attachment: [
      // FEP-8a8e banner: first attachment, an Image with isBannerImage. Mastodon shows it as media.
      ...(image ? [{ ...image, isBannerImage: true }] : []),
      // Mobilizon reads the online address only from a Link named "Website" (§2.3).
      ...(online ? [{ type: "Link", name: "Website", mediaType: "text/html", href: online }] : []),
    ],
    ...(image ? { image } : {}),
    ...(event.language ? { inLanguage: event.language, contentMap: { [event.language]: event.descriptionHtml } } : {}),
    published: isoInstant(event.publishedAt),
    updated: isoInstant(event.updatedAt),
    to: [AS_PUBLIC],
    cc: [uris.followersUrl],
  };
}

// FEP-8a8e categories, plus Mobilizon's HEALTH; anything else is dropped rather than invented.
const CATEGORIES = new Set<string>([...EVENT_CATEGORIES, "HEALTH"]);

const MIN_DATE = Date.UTC(2000, 0, 1);
const MAX_DATE = Date.UTC(2101, 0, 1);

class Rejected extends Error {}

/** Any peer's Event (Mobilizon, Gancio, another cantine) → ReceivedEvent, or why it was refused. Never throws. */
export function fromEventJson(json: unknown, options: EventReadOptions = {}): EventReadResult {
  try {
    return { ok: true, event: readEvent(json, options) };
  } catch (error) {
    const reason = error instanceof Rejected ? error.message : `malformed event (${String(error instanceof Error ? error.name : typeof error)})`;
    return { ok: false, reason };
  }
}

function reject(reason: string): never {
  throw new Rejected(reason);
}

function readEvent(json: unknown, options: EventReadOptions): ReceivedEvent {
  if (!isRecord(json)) reject("not a JSON object");
  if (!typesOf(json.type).includes("Event")) reject("type is not Event");
  const apId = typeof json.id === "string" ? httpUrl(json.id) : undefined;
  if (!apId) reject("id is not an http(s) URL");
  const title = nameText(json.name, 200) ?? firstMapValue(json.nameMap, 200, nameText);
  if (!title) reject("name is missing or empty");
  const actorId = firstActor(json.attributedTo) ?? firstActor(json.actor);
  if (!actorId) reject("attributedTo is missing");

  // FEP-8a8e / Mobilizon `timezone`; else a zone named in the date itself (RFC 9557); else the
  // offsets the times are written with (Gancio: "17:30+01:00"), as the sender's own zone when it
  // agrees with them or else as a fixed-offset zone, so that 17:30 stays 17:30; else UTC.
  const declared = readZone(json.timezone) ?? readZone(json["mz:timezone"]);
  const bracket = typeof json.startTime === "string" ? /\[([^\]=]+)\]$/.exec(json.startTime)?.[1] : undefined;
  // Floating times (no offset) are the sender's wall time; an unusable offset (beyond ±18:00) is UTC.
  // Worked out only when no zone is named: it asks the zone rules for every time.
  const fromOffsets = () => {
    const senderZone = options.senderZone ? normalizeTimeZone(options.senderZone) : null;
    const written = [json.startTime, json.endTime].map(writtenTime).filter((t) => t !== undefined);
    return written.length > 0 ? zoneOfWrittenTimes(written, senderZone) : senderZone;
  };
  const timezone = declared ?? readZone(bracket) ?? fromOffsets() ?? "UTC";
  const start = readInstant(json.startTime, timezone);
  if (!start) reject("startTime is missing or not a date-time");
  const rawEnd = json.endTime === null || json.endTime === undefined ? undefined : readInstant(json.endTime, timezone);
  for (const at of [start, rawEnd]) {
    if (at && (at.epochMilliseconds < MIN_DATE || at.epochMilliseconds >= MAX_DATE)) reject("date outside 2000–2100");
  }
  const end = rawEnd && Temporal.Instant.compare(rawEnd, start) > 0 ? rawEnd : undefined;
  // All-day: midnight to midnight in the event's zone (how we and calendar apps send it).
  const midnight = (at: Temporal.Instant) => at.toZonedDateTimeISO(timezone).toPlainTime().equals(new Temporal.PlainTime());
  const allDay = end !== undefined && midnight(start) && midnight(end);

  const location = withWebsite(fromLocationJson(json.location), json.attachment);
  const joinMode = typeof json.joinMode === "string" ? json.joinMode.toLowerCase() : "";
  const capacity = json.maximumAttendeeCapacity;
  return {
    apId,
    url: pageUrl(json.url) ?? apId,
    actorId,
    title,
    descriptionHtml: readRichText(json.content, json.contentMap),
    summary: plainText(json.summary, 500) ?? firstMapValue(json.summaryMap, 500, plainText) ?? null,
    startsAt: spellInstant(start),
    // FEP-8a8e: displayEndTime false means the end is a machine value, not to be shown.
    endsAt: end && json.displayEndTime !== false ? spellInstant(end) : null,
    timezone,
    allDay,
    location,
    organizer: readOrganizer(json.organizers),
    tags: readHashtags(json.tag),
    image: readImage(json),
    language: readLanguage(json.inLanguage, json.contentMap, json.nameMap),
    status: readStatus([json.eventStatus, json.status, json["ical:status"]]),
    capacity: typeof capacity === "number" && Number.isSafeInteger(capacity) && capacity > 0 && capacity <= 1_000_000 ? capacity : null,
    registrationUrl: joinMode === "external" ? (httpUrl(json.externalParticipationUrl, ["http:", "https:", "mailto:"]) ?? null) : null,
    category:
      listOf(json.category, 5)
        .map(categoryOf)
        .find((c) => c !== undefined) ?? null,
    publishedAt: spellOptional(readInstant(json.published, "UTC")),
    updatedAt: spellOptional(readInstant(json.updated, "UTC")),
  };
}

/** A valid IANA zone name or fixed offset ("+05:30"), canonical, else undefined. */
function readZone(value: unknown): string | undefined {
  if (typeof value !== "string" || value.length > 64) return undefined;
  return normalizeEventZone(value) ?? undefined;
}

/** A date-time written with "Z" or an offset: its instant and that offset; undefined for floating or bad values. */
function writtenTime(value: unknown): WrittenTime | undefined {
  if (typeof value !== "string" || value.length > 80) return undefined;
  const quick = quickInstant(value);
  if (quick) return { instant: instantText(quick.epochMs), offsetMinutes: quick.offsetMinutes };
  let instant: Temporal.Instant;
  try {
    instant = Temporal.Instant.from(value);
  } catch {
    return undefined;
  }
  let wall: Temporal.PlainDateTime;
  try {
    wall = Temporal.PlainDateTime.from(value);
  } catch {
    // Temporal refuses to read a wall time out of a "Z" date-time: it is UTC, offset zero.
    return { instant: instant.toString(), offsetMinutes: 0 };
  }
  const offsetNs = wall.toZonedDateTime("UTC").epochNanoseconds - instant.epochNanoseconds;
  return { instant: instant.toString(), offsetMinutes: Number(offsetNs) / 60e9 };
}

function spellOptional(at: Temporal.Instant | undefined): string | null {
  return at ? spellInstant(at) : null;
}

function firstMapValue(map: unknown, max: number, read: (value: unknown, max: number) => string | undefined): string | undefined {
  if (!isRecord(map)) return undefined;
  return Object.values(map)
    .slice(0, 20)
    .map((v) => read(v, max))
    .find(Boolean);
}

function categoryOf(value: unknown): string | undefined {
  if (typeof value !== "string" || value.length > 60) return undefined;
  const id = value
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, "_");
  return CATEGORIES.has(id) ? id : undefined;
}

/** eventStatus (FEP-8a8e, short or full IRI), else `status`/`ical:status` (Mobilizon, any case). */
function readStatus(candidates: unknown[]): EventStatus {
  for (const value of candidates) {
    const raw = typeof value === "string" ? value : isRecord(value) && typeof value.id === "string" ? value.id : "";
    const word = raw
      .replace(/^.*[#/:]/, "")
      .toLowerCase()
      .replace(/^event/, "");
    if (word === "cancelled" || word === "canceled") return "cancelled";
    if (word === "postponed") return "postponed";
    if (["scheduled", "confirmed", "tentative", "rescheduled", "movedonline"].includes(word)) return "scheduled";
  }
  return "scheduled";
}

/** The HTML page: `url` as a string, a Link or a list of them (the text/html one); never a script URL. */
function pageUrl(value: unknown): string | undefined {
  for (const item of listOf(value, 10)) {
    const mediaType = isRecord(item) && typeof item.mediaType === "string" ? item.mediaType : "text/html";
    const url = mediaType.startsWith("text/html") ? httpUrl(item) : undefined;
    if (url) return url;
  }
  return undefined;
}

/** Mobilizon signals the online address with a Link attachment named "Website" (§2.3). */
function withWebsite(location: ReceivedEvent["location"], attachment: unknown): ReceivedEvent["location"] {
  if (location?.url) return location;
  const link = listOf(attachment, 20).find((a) => isRecord(a) && typeof a.name === "string" && a.name.toLowerCase() === "website");
  const url = isRecord(link) ? (httpUrl(link.href) ?? httpUrl(link.url)) : undefined;
  if (!url) return location;
  return location ? { ...location, url } : { url };
}

/** A named organizer from FEP-8a8e `organizers` (the items that are not plain actor ids). */
function readOrganizer(value: unknown): string | null {
  if (!isRecord(value)) return null;
  const page = isRecord(value.first) ? value.first : value;
  const items = listOf(value.items ?? value.orderedItems ?? page.items ?? page.orderedItems, 10);
  for (const item of items) {
    const name = isRecord(item) ? nameText(item.name, 200) : undefined;
    if (name) return name;
  }
  return null;
}
