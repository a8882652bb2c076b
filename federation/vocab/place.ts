// Event locations ↔ ActivityStreams `location` (FEP-8a8e "Location"; PEERS-gancio-mobilizon.md §2).
// Outbound: one stable shape, a Place with a schema.org PostalAddress (Mobilizon's form, which
// Gancio also reads), a VirtualLocation for the online link, an array for hybrid events.
// Inbound: whatever Gancio, Mobilizon and FEP-8a8e examples send, never trusting types.
// The lenient JSON readers at the end are shared by the other vocab mappers.

import type { EventLocation } from "../../node/domain/events/event.ts";
import { htmlToText, sanitizeHtml, truncate } from "../../node/domain/rich-text.ts";
import { escapeHtml } from "../../node/domain/text.ts";

export type VenueOptions = {
  venueName?: string;
  venueAddress?: string;
  venueCity?: string;
  venueCountry?: string;
};

const MAX_NAME = 200;
const MAX_ADDRESS = 500;

/** Our location (or, without one, the venue's) as `location`; null when there is nothing to say. */
export function toLocationJson(location: EventLocation | null, opts: VenueOptions): Record<string, unknown> | Record<string, unknown>[] | null {
  const place = physicalPlace(location, opts);
  const online = location?.url ? { type: "VirtualLocation", name: onlineName(location), url: location.url } : null;
  if (place && online) return [place, online];
  return place ?? online;
}

// No location: the event is at the venue. Only a room: a room of the venue. A url alone: online
// only. Anything else is a place of its own (a name or address next to the url makes it hybrid).
function physicalPlace(location: EventLocation | null, opts: VenueOptions): Record<string, unknown> | null {
  const loc = location ?? {};
  const hasCoordinates = loc.lat !== undefined && loc.lon !== undefined;
  const own = Boolean(loc.name || loc.address || hasCoordinates);
  if (!own && !(location === null || loc.room)) return null;
  const address = own ? loc.address : opts.venueAddress;
  const name = [own ? (loc.name ?? loc.address) : opts.venueName, loc.room].filter(Boolean).join(", ");
  if (!name && !address && !hasCoordinates) return null;
  // City and country are only known for the venue's own address.
  const atVenue = address !== undefined && address === opts.venueAddress;
  const place: Record<string, unknown> = { type: "Place" };
  if (name) place.name = name;
  if (address) {
    place.address = {
      type: "PostalAddress",
      streetAddress: address,
      ...(atVenue && opts.venueCity ? { addressLocality: opts.venueCity } : {}),
      ...(atVenue && opts.venueCountry ? { addressCountry: opts.venueCountry } : {}),
    };
  }
  if (hasCoordinates) {
    place.latitude = loc.lat;
    place.longitude = loc.lon;
  }
  return place;
}

// FEP-8a8e: a VirtualLocation SHOULD have a name; the host says where the call is.
function onlineName(loc: EventLocation): string {
  try {
    return new URL(loc.url!).host;
  } catch {
    return "Online";
  }
}

type Found = { physical?: EventLocation; online?: string };

/** Any peer's `location` → our EventLocation: first physical place + first online link (FEP-8a8e). */
export function fromLocationJson(value: unknown): EventLocation | null {
  const found: Found = {};
  for (const item of listOf(value, 10)) {
    if (found.physical && found.online) break;
    readOne(item, found);
  }
  if (found.physical) return found.online ? { ...found.physical, url: found.online } : found.physical;
  // Online only: a bare url (a name next to it would make it hybrid).
  return found.online ? { url: found.online } : null;
}

function readOne(item: unknown, found: Found): void {
  // FEP-8a8e forbids Text, but Mobilizon accepts it and old peers send it.
  if (typeof item === "string") {
    if (httpUrl(item)) return; // the id of a Place we would have to fetch, not a name
    const name = plainText(item, MAX_NAME);
    if (name && !found.physical) found.physical = { name };
    return;
  }
  if (!isRecord(item)) return;
  const kinds = typesOf(item.type);
  const nested = isRecord(item.address) ? item.address : null;
  // Gancio's parser form: a Place whose `address` is `{ type: VirtualLocation, url }`.
  if (kinds.includes("VirtualLocation") || (nested && (typesOf(nested.type).includes("VirtualLocation") || (nested.url && !hasPostalFields(nested))))) {
    const url = httpUrl(kinds.includes("VirtualLocation") ? (item.url ?? item.href) : nested!.url);
    if (url && !found.online) found.online = url;
    return;
  }
  if (found.physical || (kinds.length > 0 && !kinds.includes("Place"))) return;
  const address = typeof item.address === "string" ? plainText(item.address, MAX_ADDRESS) : nested ? postalText(nested) : undefined;
  const name = nameText(item.name, MAX_NAME) ?? address;
  if (!name) return;
  const geo = isRecord(item.geo) ? item.geo : item; // Mobilizon 1.x: `geo: { latitude, longitude }`
  const lat = coordinate(geo.latitude, 90);
  const lon = coordinate(geo.longitude, 180);
  found.physical = {
    name,
    ...(address && address !== name ? { address } : {}),
    ...(lat !== undefined && lon !== undefined ? { lat, lon } : {}),
  };
}

const POSTAL_FIELDS = ["streetAddress", "postalCode", "addressLocality", "addressRegion", "addressCountry"] as const;

function hasPostalFields(value: Record<string, unknown>): boolean {
  return POSTAL_FIELDS.some((key) => typeof value[key] === "string");
}

/** "street, postalCode locality, region, country", skipping blanks and parts already written. */
function postalText(value: Record<string, unknown>): string | undefined {
  const part = (key: string) => plainText(value[key], 200);
  const parts: string[] = [];
  const add = (piece: string | undefined) => {
    if (!piece) return;
    // "151 rue Montmartre, 75002 Paris" already says "Paris": do not repeat the locality.
    const escaped = piece.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    if (!new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, "iu").test(parts.join(", "))) parts.push(piece);
  };
  add(part("streetAddress"));
  add([part("postalCode"), part("addressLocality")].filter(Boolean).join(" ") || undefined);
  add(part("addressRegion"));
  add(
    typeof value.addressCountry === "string" ? part("addressCountry") : plainText(isRecord(value.addressCountry) ? value.addressCountry.name : undefined, 200),
  );
  const text = parts.join(", ");
  return text ? truncate(text, MAX_ADDRESS) : undefined;
}

function coordinate(value: unknown, limit: number): number | undefined {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) && Math.abs(n) <= limit ? n : undefined;
}

// ---- Lenient JSON readers, shared by event.ts and project.ts ----

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A value or an array of values, as a bounded list (peers send either). */
export function listOf(value: unknown, max = 50): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value.slice(0, max) : [value];
}

/** `type` as a list of short names ("as:Event" and full IRIs count as "Event"). */
export function typesOf(value: unknown): string[] {
  return listOf(value, 10)
    .filter((t): t is string => typeof t === "string")
    .map((t) => t.replace(/^.*[#/:]/, ""));
}

/** Plain, bounded text from a string that may hold markup; undefined when empty. */
export function plainText(value: unknown, max: number): string | undefined {
  if (typeof value !== "string") return undefined;
  const text = truncate(htmlToText(value).replace(/\s+/g, " ").trim(), max);
  return text || undefined;
}

/**
 * A name as its sender wrote it. ActivityStreams names are plain text, not HTML: "Café <code> & co"
 * is a title, not markup to strip (every page and feed escapes what it shows).
 */
export function nameText(value: unknown, max: number): string | undefined {
  if (typeof value !== "string") return undefined;
  // Control characters (other than the white space folded here) never belong in a name.
  const text = truncate(
    value
      .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ")
      .replace(/\s+/g, " ")
      .trim(),
    max,
  );
  return text || undefined;
}

const MAX_URL = 2048;

/** An absolute http(s) URL (string, or a Link's `href`), else undefined: `javascript:` and co. are dropped. */
export function httpUrl(value: unknown, schemes: readonly string[] = ["http:", "https:"]): string | undefined {
  const one = Array.isArray(value) ? value[0] : value;
  const raw = typeof one === "string" ? one : isRecord(one) && typeof one.href === "string" ? one.href : undefined;
  if (!raw || raw.length > MAX_URL) return undefined;
  try {
    const url = new URL(raw.trim());
    return schemes.includes(url.protocol) && !/[\s<>"]/.test(raw.trim()) ? raw.trim() : undefined;
  } catch {
    return undefined;
  }
}

/** The first actor id of `attributedTo`/`actor`: a string, an object with `id`, or a list of them. */
export function firstActor(value: unknown): string | undefined {
  for (const item of listOf(value, 10)) {
    const url = typeof item === "string" ? httpUrl(item) : isRecord(item) && typeof item.id === "string" ? httpUrl(item.id) : undefined;
    if (url) return url;
  }
  return undefined;
}

/** `content` (else the first `contentMap` value) as sanitised HTML; plain text gets paragraphs. */
export function readRichText(content: unknown, contentMap: unknown): string {
  const source =
    typeof content === "string" && content.trim() ? content : isRecord(contentMap) ? Object.values(contentMap).find((v) => typeof v === "string") : undefined;
  if (typeof source !== "string" || !source.trim()) return "";
  if (/<[a-z!/]/i.test(source)) return sanitizeHtml(source);
  // Gancio 1.0 sent plain text with line breaks.
  const paragraphs = source
    .slice(0, 100_000)
    .trim()
    .split(/\n\s*\n/);
  const html = paragraphs.map(
    (p) =>
      `<p>${p
        .split("\n")
        .map((line) => escapeHtml(line.trim()))
        .join("<br>")}</p>`,
  );
  return sanitizeHtml(html.join(""));
}

const LANGUAGE = /^[a-z]{2,3}(-[a-z0-9]{1,8}){0,3}$/i;

/** `inLanguage` (Mobilizon, schema.org), else the first key of a `*Map` (Mastodon's rule). "und" is none. */
export function readLanguage(inLanguage: unknown, ...maps: unknown[]): string | null {
  const candidates = [typeof inLanguage === "string" ? inLanguage : undefined, ...maps.map((m) => (isRecord(m) ? Object.keys(m)[0] : undefined))];
  return candidates.find((c): c is string => typeof c === "string" && LANGUAGE.test(c) && c.toLowerCase() !== "und") ?? null;
}

const MAX_TAGS = 20;
const MAX_TAG_LENGTH = 50;

/** Hashtag names without "#", deduplicated, at most 20 of at most 50 characters; Mentions ignored. */
export function readHashtags(value: unknown): string[] {
  const tags: string[] = [];
  const seen = new Set<string>();
  for (const item of listOf(value, 200)) {
    if (!isRecord(item) || !typesOf(item.type).includes("Hashtag") || typeof item.name !== "string") continue;
    const tag = item.name.replace(/^#+/, "").normalize("NFC").trim();
    if (!tag || Array.from(tag).length > MAX_TAG_LENGTH || /[\s<>"'&\\/\p{Cc}]/u.test(tag)) continue;
    if (seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    tags.push(tag);
    if (tags.length === MAX_TAGS) break;
  }
  return tags;
}

/**
 * A Hashtag whose name Mastodon keeps as written: it drops every character outside letters,
 * digits and "_" (MASTODON.md §3.4), so "open-source" is sent as "#opensource". The href is our
 * tag page for the tag as stored.
 */
export function toHashtagJson(tag: string, origin: string): Record<string, string> | null {
  const name = tag.normalize("NFC").replace(/[^\p{L}\p{M}\p{N}_]/gu, "");
  return name ? { type: "Hashtag", name: `#${name}`, href: `${origin}/tags/${encodeURIComponent(tag)}` } : null;
}

/** An ISO instant as stored → "2026-11-03T18:00:00Z" (UTC); kept as is if it does not parse. */
export function isoInstant(iso: string): string {
  try {
    return Temporal.Instant.from(iso).toString();
  } catch {
    return iso;
  }
}
