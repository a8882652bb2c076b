// Atom 1.0 (RFC 4287) feeds of upcoming events and of the project board, for feed readers.
// Pure: entries in, XML out. Every text goes through xml(); HTML bodies are sent escaped
// (type="html", §3.1.1.2) so the document stays well-formed whatever a peer sent.

import type { CantineEvent } from "../../domain/events/event.ts";
import type { BoardEntry, CalendarEntry, Cantine } from "../../domain/network/cantines.ts";
import { normalizeEventZone } from "../../domain/time.ts";

export type FeedOptions = Readonly<{
  title: string;
  /** This feed's URL: also its permanent id (§4.2.6). */
  selfUrl: string;
  siteUrl: string;
  now: Date;
  /** BCP 47 locale for dates in summaries and xml:lang. */
  locale: string;
  subtitle?: string;
}>;

const entities: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/** XML text and attribute values: the five entities escaped, characters XML 1.0 forbids dropped. */
function xml(text: string): string {
  return text
    .replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "")
    .replace(/[&<>"']/g, (c) => entities[c]!);
}

/** RFC 3339 date-time (§3.3); a broken stored value falls back to `fallback`. */
function date(value: string | null | undefined, fallback: Date): string {
  const ms = value ? Date.parse(value) : Number.NaN;
  return new Date(Number.isNaN(ms) ? fallback.getTime() : ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function safeLocale(locale: string): string {
  try {
    return Intl.DateTimeFormat.supportedLocalesOf([locale])[0] ?? "en";
  } catch {
    return "en";
  }
}

const STATUS_WORDS: Record<string, { cancelled: string; postponed: string }> = {
  en: { cancelled: "CANCELLED", postponed: "POSTPONED" },
  fr: { cancelled: "ANNULÉ", postponed: "REPORTÉ" },
  es: { cancelled: "CANCELADO", postponed: "APLAZADO" },
  pt: { cancelled: "CANCELADO", postponed: "ADIADO" },
};

/** "Tue, 8 Dec 2026, 19:00 – 21:00 CET": in the event's own zone, as people there read it. */
function when(event: CantineEvent, locale: string): string {
  const timeZone = normalizeEventZone(event.timezone) ?? "UTC";
  const start = new Date(event.startsAt);
  if (event.allDay) {
    const format = new Intl.DateTimeFormat(locale, { timeZone, weekday: "short", day: "numeric", month: "short", year: "numeric" });
    // The stored end is the exclusive next midnight: show the last day itself.
    const last = event.endsAt ? new Date(Date.parse(event.endsAt) - 1) : start;
    return last > start ? format.formatRange(start, last) : format.format(start);
  }
  const format = new Intl.DateTimeFormat(locale, {
    timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZoneName: "short",
  });
  const end = event.endsAt ? new Date(event.endsAt) : null;
  return end && end > start ? format.formatRange(start, end) : format.format(start);
}

function place(event: CantineEvent): string | undefined {
  const location = event.location;
  const parts = [location?.name, location?.room, location?.address].map((p) => p?.trim()).filter((p): p is string => !!p);
  if (parts.length > 0) return parts.join(", ");
  return location?.url ? "Online" : undefined;
}

/** The plain one-liner of an event: "[CANCELLED — ]date, time range · place". */
function eventSummary(event: CantineEvent, locale: string): string {
  const lang = safeLocale(locale);
  const words = STATUS_WORDS[lang.slice(0, 2)] ?? STATUS_WORDS.en!;
  const status = event.status === "cancelled" || event.status === "postponed" ? `${words[event.status]} — ` : "";
  const where = place(event);
  return `${status}${when(event, lang)}${where ? ` · ${where}` : ""}`;
}

function author(source: Cantine): string {
  const uri = [source.url, source.actorId].find((u) => u && /^https?:\/\//i.test(u));
  return `<author><name>${xml(source.name)}</name>${uri ? `<uri>${xml(uri)}</uri>` : ""}</author>`;
}

type EntryParts = {
  id: string;
  title: string;
  updated: string;
  published: string;
  url: string;
  summary: string;
  html: string;
  source: Cantine;
  tags: readonly string[];
};

function entry(parts: EntryParts): string {
  return [
    "<entry>",
    `<id>${xml(parts.id)}</id>`,
    `<title type="text">${xml(parts.title)}</title>`,
    `<updated>${parts.updated}</updated>`,
    `<published>${parts.published}</published>`,
    `<link rel="alternate" type="text/html" href="${xml(parts.url)}"/>`,
    author(parts.source),
    ...parts.tags.map((tag) => `<category term="${xml(tag)}"/>`),
    `<summary type="text">${xml(parts.summary)}</summary>`,
    parts.html ? `<content type="html">${xml(parts.html)}</content>` : "",
    "</entry>",
  ]
    .filter(Boolean)
    .join("\n");
}

function feed(options: FeedOptions, updated: string, entries: string[]): string {
  return [
    `<?xml version="1.0" encoding="utf-8"?>`,
    `<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="${xml(safeLocale(options.locale))}">`,
    `<id>${xml(options.selfUrl)}</id>`,
    `<title type="text">${xml(options.title)}</title>`,
    options.subtitle ? `<subtitle type="text">${xml(options.subtitle)}</subtitle>` : "",
    `<updated>${updated}</updated>`,
    `<link rel="self" type="application/atom+xml" href="${xml(options.selfUrl)}"/>`,
    `<link rel="alternate" type="text/html" href="${xml(options.siteUrl)}"/>`,
    `<generator>Cantine</generator>`,
    ...entries,
    "</feed>",
    "",
  ]
    .filter((line, i, all) => line !== "" || i === all.length - 1)
    .join("\n");
}

/** Feed-level <updated> (§4.2.15): the latest entry change; `now` only for an empty feed. */
function latest(values: readonly string[], now: Date): string {
  const times = values.map((v) => Date.parse(v)).filter((t) => !Number.isNaN(t));
  return date(null, times.length > 0 ? new Date(Math.max(...times)) : now);
}

/** Upcoming events, in calendar order: one entry each, its id the event's ActivityPub id. */
export function renderEventsAtom(entries: readonly CalendarEntry[], options: FeedOptions): string {
  const items = entries.map(({ event, source }) =>
    entry({
      id: event.apId,
      title: event.title,
      updated: date(event.updatedAt, options.now),
      published: date(event.publishedAt, options.now),
      url: event.url,
      summary: eventSummary(event, options.locale),
      html: event.descriptionHtml,
      source,
      tags: event.tags,
    }),
  );
  return feed(
    options,
    latest(
      entries.map((e) => e.event.updatedAt),
      options.now,
    ),
    items,
  );
}

/** The project board, newest first. */
export function renderProjectsAtom(entries: readonly BoardEntry[], options: FeedOptions): string {
  const items = entries.map(({ project, source }) =>
    entry({
      id: project.apId,
      title: project.title,
      updated: date(project.updatedAt, options.now),
      published: date(project.publishedAt, options.now),
      url: project.url,
      summary: project.summary,
      html: project.descriptionHtml,
      source,
      tags: project.tags,
    }),
  );
  return feed(
    options,
    latest(
      entries.map((e) => e.project.updatedAt),
      options.now,
    ),
    items,
  );
}
