import type { EventLocation } from "../../../domain/events/event.ts";
import { pathOf } from "../../../domain/local-urls.ts";

// URLs the pages point to outside themselves: maps and iCalendar feeds, kept in one place.

/** OpenStreetMap: a pin when we have coordinates, else a search on the address. */
export function mapUrl(location: { lat?: number; lon?: number; address?: string; name?: string } | null | undefined, city?: string | null): string | null {
  if (!location) return null;
  const { lat, lon } = location;
  if (Number.isFinite(lat) && Number.isFinite(lon) && Math.abs(lat!) <= 90 && Math.abs(lon!) <= 180) {
    return `https://www.openstreetmap.org/?mlat=${lat}&mlon=${lon}#map=17/${lat}/${lon}`;
  }
  const words = [location.address ?? location.name, city].filter(Boolean).join(", ");
  return location.address ? `https://www.openstreetmap.org/search?query=${encodeURIComponent(words)}` : null;
}

export function placeLines(location: EventLocation | null): string[] {
  if (!location) return [];
  return [location.name, location.room, location.address].filter((part): part is string => Boolean(part?.trim()));
}

/** The filters every feed reads from its query (`?city=`, `?tag=`, `?q=`), as a query string ("" when none). */
export function feedQuery(filters: Readonly<{ city?: string; tag?: string; q?: string }>): string {
  const params = new URLSearchParams();
  for (const key of ["city", "tag", "q"] as const) if (filters[key]) params.set(key, filters[key]);
  const query = params.toString();
  return query ? `?${query}` : "";
}

/** iCalendar and Atom feeds served by the node (routes in the feeds module). */
export const feeds = {
  event: (id: string) => `${pathOf("event", { id })}.ics`,
  network: (query = "") => `/calendar.ics${query}`,
  city: (city: string) => `/cities/${encodeURIComponent(city)}/calendar.ics`,
  tag: (tag: string) => `/tags/${encodeURIComponent(tag)}/calendar.ics`,
  cantine: (handle: string) => `/cantines/${encodeURIComponent(handle)}/calendar.ics`,
  atom: (query = "") => `/feeds/events.atom${query}`,
  projectsAtom: (query = "") => `/feeds/projects.atom${query}`,
};

/** The programme of one hashtag (`/tags/NAME`, the page Mastodon links our hashtags to). */
export function tagPath(tag: string): string {
  return `/tags/${encodeURIComponent(tag)}`;
}

/** `webcal://` makes calendar apps subscribe instead of importing once. */
export function webcal(origin: string, path: string): string {
  return new URL(path, origin).href.replace(/^https?:/, "webcal:");
}
