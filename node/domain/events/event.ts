import type { ParticipationMode } from "../participation/modes.ts";

/** Event statuses operators can set; the wire formats map them (eventStatus, ical:status, STATUS). */
export const EventStatus = { scheduled: "scheduled", cancelled: "cancelled", postponed: "postponed" } as const;
export type EventStatus = (typeof EventStatus)[keyof typeof EventStatus];

/** Where an event happens: a room or street address, an online link, or both (hybrid). */
export type EventLocation = Readonly<{
  name?: string;
  address?: string;
  room?: string;
  lat?: number;
  lon?: number;
  /** Online link (video call, stream); with a name or address as well, the event is hybrid. */
  url?: string;
}>;

/**
 * A banner image. Size and blurhash are known for our own uploads (filled in from the upload the
 * URL names, domain/media) and read from remote objects when they carry them.
 */
export type EventImage = Readonly<{
  url: string;
  alt?: string;
  mediaType?: string;
  width?: number;
  height?: number;
  blurhash?: string;
  /** A smaller copy for cards (our uploads only). */
  thumbnailUrl?: string;
}>;

/**
 * What an operator sends to create an event (also the body of the admin API and the CLI).
 * `startsAt`/`endsAt` are ISO 8601: with an offset or `Z` they are instants; without one they
 * are wall-clock times in `timezone` (19:00 in Paris stays 19:00 across a DST change); a bare
 * date (`2026-11-05`) makes an all-day event.
 */
export type EventInput = Readonly<{
  title: string;
  description?: string;
  startsAt: string;
  endsAt?: string;
  timezone?: string;
  allDay?: boolean;
  location?: EventLocation;
  organizer?: string;
  tags?: readonly string[];
  image?: EventImage;
  language?: string;
  status?: EventStatus;
  capacity?: number;
  registrationUrl?: string;
  /** FEP-8a8e category (e.g. "NETWORKING", "SCIENCE_TECH"). */
  category?: string;
  /** RFC 5545 RRULE (FREQ=DAILY|WEEKLY|MONTHLY, INTERVAL, BYDAY, COUNT, UNTIL): makes a series. */
  recurrence?: string;
  /** How people take part (FEP-8a8e joinMode); default `external` with a registration link, else `free`. */
  participation?: ParticipationMode;
}>;

/**
 * An event as stored and shown: times as UTC instants plus the IANA zone they were given in.
 * Local events and events received from other cantines share this shape.
 */
export type CantineEvent = Readonly<{
  /** Local id (a UUID for our events; a stable hash of the object id for remote ones). */
  id: string;
  /** The ActivityStreams object id: on our origin for local events. */
  apId: string;
  /** The HTML page of the event. */
  url: string;
  local: boolean;
  /** Actor id of the cantine (or peer) that publishes it. */
  actorId: string;
  title: string;
  /** Markdown source (local events only). */
  description: string | null;
  /** Sanitised HTML, safe to render. */
  descriptionHtml: string;
  startsAt: string;
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
  category: string | null;
  /** The operator's choice of participation mode (local events); null or absent: the default (participation/modes.ts). */
  participation?: ParticipationMode | null;
  /** Id of the series this occurrence belongs to, if any. */
  seriesId: string | null;
  /** Local date (YYYY-MM-DD) this occurrence stands for within its series. */
  occurrenceDate?: string | null;
  /** True once an occurrence was edited or cancelled on its own: series edits leave it alone. */
  detached: boolean;
  publishedAt: string;
  updatedAt: string;
  /** Grows with every change (ICS SEQUENCE). */
  sequence: number;
  /** For remote events: the followed actor that relayed (Announced) it to us, if not its author. */
  viaActorId?: string | null;
  /** For remote events: the one-line summary the author sent (Mastodon-style). */
  summary?: string | null;
}>;

/** A recurring series: the template its occurrences are made from, and its rule. */
export type EventSeries = Readonly<{
  id: string;
  input: EventInput;
  recurrence: string;
  timezone: string;
  /** Occurrences exist up to this instant; the daily job moves it forward. */
  horizonUntil: string;
  createdAt: string;
  updatedAt: string;
}>;

/**
 * An event as read from another server's ActivityStreams object, before it is stored:
 * everything the calendar needs, already sanitised and normalised to instants + zone.
 */
export type ReceivedEvent = Readonly<
  Pick<
    CantineEvent,
    | "apId"
    | "url"
    | "actorId"
    | "title"
    | "descriptionHtml"
    | "startsAt"
    | "endsAt"
    | "timezone"
    | "allDay"
    | "location"
    | "organizer"
    | "tags"
    | "image"
    | "language"
    | "status"
    | "capacity"
    | "registrationUrl"
    | "category"
  > & {
    /** Mastodon-style one-line summary as sent (plain text), if any. */
    summary: string | null;
    /** As sent; the receiver falls back to the time it received the event. */
    publishedAt: string | null;
    updatedAt: string | null;
  }
>;
