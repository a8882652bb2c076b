// Event locations ↔ ActivityStreams `location` (FEP-8a8e "Location"; PEERS-gancio-mobilizon.md §2).
// Outbound: one stable shape, a Place with a schema.org PostalAddress (Mobilizon's form, which
// Gancio also reads), a VirtualLocation for the online link, an array for hybrid events.
// Inbound: whatever Gancio, Mobilizon and FEP-8a8e examples send, never trusting types.

import type { EventLocation } from "../../node/domain/events/event.ts";
import { truncate } from "../../node/domain/rich-text.ts";
import { httpUrl, isRecord, listOf, nameText, plainText, typesOf } from "./read.ts";

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
    // A regular expression is compiled only when the text may hold it (back-fill reads thousands).
    const written = parts.join(", ");
    if (!written.toLowerCase().includes(piece.toLowerCase())) {
      parts.push(piece);
      return;
    }
    const escaped = piece.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    if (!new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, "iu").test(written)) parts.push(piece);
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
