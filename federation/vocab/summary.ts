// The one line Mastodon shows under an event's title. Mastodon renders an Event as
// `<h2>name</h2>` + `summary` + a link and ignores content, startTime and location
// (MASTODON.md §3.1), so date, time, zone and place must be written out here, in the
// venue's language and in the event's own time zone (Gancio and Mobilizon do the same).
// Weekday and month names come from Intl; the layout is ours, so it does not drift with ICU.

import type { CantineEvent, EventLocation } from "../../node/domain/events/event.ts";
import { dateTimeFormat } from "../../node/domain/intl-formatters.ts";
import type { WallClock } from "../../node/domain/wall-clock.ts";
import { wallClock } from "../../node/domain/wall-clock.ts";

type Lang = "en" | "fr" | "es" | "pt";
type DateParts = { weekday: string; day: number; month: string; year: number };

type Words = {
  status: { cancelled: string; postponed: string };
  online: string;
  alsoOnline: string;
  date(p: DateParts): string;
  time(hour: number, minute: number): string;
  /** Between two times of the same day. */
  dash: string;
  zone(city: string): string;
};

const pad = (n: number) => String(n).padStart(2, "0");

const WORDS: Record<Lang, Words> = {
  en: {
    status: { cancelled: "CANCELLED", postponed: "POSTPONED" },
    online: "Online",
    alsoOnline: "(and online)",
    date: (p) => `${p.weekday} ${p.day} ${p.month} ${p.year}`,
    time: (h, m) => `${pad(h)}:${pad(m)}`,
    dash: "–",
    zone: (city) => `${city} time`,
  },
  fr: {
    status: { cancelled: "ANNULÉ", postponed: "REPORTÉ" },
    online: "En ligne",
    alsoOnline: "(et en ligne)",
    date: (p) => `${p.weekday} ${p.day === 1 ? "1er" : p.day} ${p.month} ${p.year}`,
    time: (h, m) => `${h} h ${pad(m)}`,
    dash: " – ",
    zone: (city) => (/^[aeiouyâàéèêîôûAEIOUYÂÀÉÈÊÎÔÛ]/.test(city) ? `heure d’${city}` : `heure de ${city}`),
  },
  es: {
    status: { cancelled: "CANCELADO", postponed: "APLAZADO" },
    online: "En línea",
    alsoOnline: "(y en línea)",
    date: (p) => `${p.weekday} ${p.day} de ${p.month} de ${p.year}`,
    time: (h, m) => `${pad(h)}:${pad(m)}`,
    dash: "–",
    zone: (city) => `hora de ${city}`,
  },
  pt: {
    status: { cancelled: "CANCELADO", postponed: "ADIADO" },
    online: "Online",
    alsoOnline: "(e online)",
    date: (p) => `${p.weekday}, ${p.day} de ${p.month} de ${p.year}`,
    time: (h, m) => `${h}h${pad(m)}`,
    dash: "–",
    zone: (city) => `horário de ${city}`,
  },
};

// IANA exemplar cities as people write them (accents the tz database leaves out, local exonyms).
const CITY_NAMES: Record<string, Record<string, string>> = {
  Sao_Paulo: { en: "São Paulo" },
  Paris: { es: "París" },
  Los_Angeles: { es: "Los Ángeles" },
  Madrid: { pt: "Madri" },
  New_York: { es: "Nueva York", pt: "Nova York" },
  Mexico_City: { es: "Ciudad de México", pt: "Cidade do México", fr: "Mexico" },
  Bogota: { en: "Bogotá" },
};

function languageOf(locale: string): Lang {
  const lang = locale.toLowerCase().split(/[-_]/)[0];
  return lang === "fr" || lang === "es" || lang === "pt" ? lang : "en";
}

// Outbox pages, fan-outs and feeds write this line for every event: formatters are built once
// per zone, a zone is checked once, and the wall clock is read from Intl (node/domain/wall-clock.ts).
const checkedZones = new Map<string, string>();
const CHECKED_ZONES_MAX = 1_000; // remote events name what they like: past this, checked every time

function validZone(zone: string): string {
  let valid = checkedZones.get(zone);
  if (valid === undefined) {
    try {
      wallClock(0, zone);
      valid = zone;
    } catch {
      valid = "UTC";
    }
    if (checkedZones.size < CHECKED_ZONES_MAX) checkedZones.set(zone, valid);
  }
  return valid;
}

function compareDays(a: WallClock, b: WallClock): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

function dateParts(at: WallClock, lang: Lang, zone: string): DateParts {
  const parts = dateTimeFormat(lang, { timeZone: zone, weekday: "long", day: "numeric", month: "long", year: "numeric" }).formatToParts(at.ms);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? "";
  return { weekday: part("weekday"), day: at.day, month: part("month"), year: at.year };
}

/** "UTC+1", "UTC-3", "UTC+5:30", "UTC". */
function utcOffsetLabel(at: WallClock): string {
  const minutes = at.offsetMinutes;
  if (minutes === 0) return "UTC";
  const abs = Math.abs(minutes);
  return `UTC${minutes < 0 ? "-" : "+"}${Math.floor(abs / 60)}${abs % 60 ? `:${pad(abs % 60)}` : ""}`;
}

function zoneLabel(zone: string, at: WallClock, lang: Lang): string {
  const offset = utcOffsetLabel(at);
  const last = zone.includes("/") && !zone.startsWith("Etc/") ? zone.split("/").pop()! : "";
  const names = CITY_NAMES[last];
  const city = names?.[lang] ?? names?.en ?? last.replace(/_/g, " ");
  const words = WORDS[lang];
  return city ? `(${words.zone(city)}, ${offset})` : `(${offset})`;
}

function when(event: CantineEvent, lang: Lang): string {
  const words = WORDS[lang];
  const zone = validZone(event.timezone);
  const start = wallClock(Date.parse(event.startsAt), zone);
  const endMs = event.endsAt ? Date.parse(event.endsAt) : Number.NaN;
  const end = endMs > start.ms ? wallClock(endMs, zone) : null;
  const startDate = words.date(dateParts(start, lang, zone));
  if (event.allDay) {
    // An all-day end at midnight is exclusive: it ends the day before.
    const last = end && end.hour === 0 && end.minute === 0 ? wallClock(end.ms - 1, zone) : end;
    const sameDay = !last || compareDays(last, start) <= 0;
    return sameDay ? startDate : `${startDate} – ${words.date(dateParts(last, lang, zone))}`;
  }
  const startTime = words.time(start.hour, start.minute);
  const zoneText = zoneLabel(zone, start, lang);
  if (!end) return `${startDate}, ${startTime} ${zoneText}`;
  const endTime = words.time(end.hour, end.minute);
  if (compareDays(start, end) === 0) return `${startDate}, ${startTime}${words.dash}${endTime} ${zoneText}`;
  return `${startDate}, ${startTime} – ${words.date(dateParts(end, lang, zone))}, ${endTime} ${zoneText}`;
}

/** "La Cantine, Salle 2, 151 rue Montmartre", "Online", or a place "(and online)". */
export function placeLabel(location: EventLocation | null, locale: string): string | undefined {
  if (!location) return undefined;
  const words = WORDS[languageOf(locale)];
  const parts: string[] = [];
  for (const piece of [location.name, location.room, location.address]) {
    const text = piece?.trim();
    if (text && !parts.some((p) => p.toLowerCase() === text.toLowerCase())) parts.push(text);
  }
  if (parts.length === 0) return location.url ? words.online : undefined;
  return location.url ? `${parts.join(", ")} ${words.alsoOnline}` : parts.join(", ");
}

/** Plain text: "[CANCELLED — ]<date>, <time range> (<city> time, UTC±h)[ · <place>]". */
export function eventSummaryLine(event: CantineEvent, locale: string, placeName?: string): string {
  const lang = languageOf(locale);
  const words = WORDS[lang];
  const status = event.status === "cancelled" || event.status === "postponed" ? `${words.status[event.status]} — ` : "";
  const place = placeName?.trim() || placeLabel(event.location, locale);
  return `${status}${when(event, lang)}${place ? ` · ${place}` : ""}`;
}
