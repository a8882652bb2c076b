// Synthetic but realistic content: events spread over a year, evenings in each venue's zone,
// several cities and tags. Deterministic (seeded), so two runs measure the same rows.

import type { BuiltNode } from "../../node/app.ts";
import type { CantineEvent } from "../../node/domain/events/event.ts";
import { localUrls, pathOf } from "../../node/domain/local-urls.ts";

/** Mulberry32: small, fast, seeded. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const BENCH_CITIES = [
  { city: "Paris", country: "FR", timezone: "Europe/Paris", language: "fr" },
  { city: "San Francisco", country: "US", timezone: "America/Los_Angeles", language: "en" },
  { city: "Barcelona", country: "ES", timezone: "Europe/Madrid", language: "es" },
  { city: "São Paulo", country: "BR", timezone: "America/Sao_Paulo", language: "pt" },
  { city: "Berlin", country: "DE", timezone: "Europe/Berlin", language: "de" },
  { city: "Montréal", country: "CA", timezone: "America/Toronto", language: "fr" },
  { city: "Lisbon", country: "PT", timezone: "Europe/Lisbon", language: "pt" },
  { city: "Tokyo", country: "JP", timezone: "Asia/Tokyo", language: "ja" },
] as const;

/** Tags with a skewed popularity: the first ones are on many events. */
const TAGS = [
  "fediverse",
  "opensource",
  "design",
  "startup",
  "ai",
  "music",
  "climate",
  "food",
  "art",
  "python",
  "javascript",
  "hardware",
  "books",
  "film",
  "games",
  "wellbeing",
];
const TOPICS = [
  "Apéro",
  "Meetup",
  "Workshop",
  "Talk",
  "Hack night",
  "Demo day",
  "Book club",
  "Concert",
  "Screening",
  "Breakfast",
  "Open studio",
  "Repair café",
];
const CATEGORIES = ["NETWORKING", "SCIENCE_TECH", "WORKSHOPS_SKILL_SHARING", "MUSIC", "FILM_MEDIA", "FOOD_DRINK", "ARTS", "COMMUNITY"];
const DAY_MS = 86_400_000;

export type EventShape = {
  actorId: string;
  origin: string;
  local: boolean;
  city: (typeof BENCH_CITIES)[number];
  venue: string;
};

/** The `index`-th event of a cantine: an evening between `fromMs` and `fromMs + spanDays`. */
export function makeEvent(rand: () => number, index: number, shape: EventShape, fromMs: number, spanDays: number, now: string): CantineEvent {
  const id = `bench-${shape.local ? "l" : "r"}-${index.toString(36)}-${Math.floor(rand() * 1e9).toString(36)}`;
  const day = Math.floor(rand() * spanDays);
  // 17:00–21:00 local-ish: close enough with a fixed UTC offset per city (only the spread matters).
  const startMs = Math.floor((fromMs + day * DAY_MS) / DAY_MS) * DAY_MS + (16 + Math.floor(rand() * 5)) * 3_600_000 + (rand() < 0.5 ? 0 : 1_800_000);
  const allDay = rand() < 0.05;
  const hours = 1 + Math.floor(rand() * 3);
  const tagCount = 1 + Math.floor(rand() * 3);
  const tags = new Set<string>();
  while (tags.size < tagCount) tags.add(TAGS[Math.floor(rand() ** 2 * TAGS.length)]!);
  const topic = TOPICS[Math.floor(rand() * TOPICS.length)]!;
  const [first] = tags;
  const title = `${topic} #${first} — ${shape.city.city} ${index}`;
  const apId = new URL(pathOf("event", { id }), shape.origin).href;
  const description = `Come to the ${topic.toLowerCase()} at ${shape.venue}: ${[...tags].join(", ")}. Doors open 30 minutes before; bring a friend.`;
  return {
    id,
    apId,
    url: apId,
    local: shape.local,
    actorId: shape.actorId,
    title,
    description: shape.local ? description : null,
    descriptionHtml: `<p>${description}</p>`,
    startsAt: new Date(startMs).toISOString(),
    endsAt: allDay ? null : new Date(startMs + hours * 3_600_000).toISOString(),
    timezone: shape.city.timezone,
    allDay,
    location:
      rand() < 0.85 ? { name: shape.venue, address: `${1 + Math.floor(rand() * 200)} Main Street, ${shape.city.city}` } : { url: `https://meet.example/${id}` },
    organizer: rand() < 0.3 ? `${shape.city.city} community` : null,
    tags: [...tags],
    image: null,
    language: shape.city.language,
    status: rand() < 0.03 ? "cancelled" : "scheduled",
    capacity: rand() < 0.5 ? 20 + Math.floor(rand() * 200) : null,
    registrationUrl: rand() < 0.3 ? `https://tickets.example/${id}` : null,
    category: CATEGORIES[Math.floor(rand() * CATEGORIES.length)]!,
    seriesId: null,
    occurrenceDate: null,
    detached: false,
    publishedAt: now,
    updatedAt: now,
    sequence: 0,
    viaActorId: null,
    summary: shape.local ? null : `${title} · ${shape.city.city}`,
  };
}

/**
 * Fills a prepared node with `count` events from 50 cantines (the node itself and 49 remote
 * ones, followed, in 8 cities), from two months ago to ten months ahead, straight into SQLite.
 */
export function seedCalendar(node: BuiltNode, count: number, cantineCount = 50): { cities: string[]; cantines: number } {
  const rand = random(20_261_128);
  const now = new Date().toISOString();
  const fromMs = Date.now() - 60 * DAY_MS;
  const local = node.config;
  const localActor = localUrls(local).actor;
  const shapes: EventShape[] = [
    { actorId: localActor, origin: local.origin, local: true, city: BENCH_CITIES.find((c) => c.city === local.city) ?? BENCH_CITIES[0], venue: local.name },
  ];
  const insertCantine = node.db.prepare(
    `INSERT INTO cantines (actor_id, local, handle, name, city, country, timezone, url, icon, actor_type, inbox, shared_inbox, outbox, follow_state, follow_id, followed_at, last_sync_at)
     VALUES (@actorId, 0, @handle, @name, @city, @country, @timezone, @url, NULL, 'Organization', @inbox, @sharedInbox, NULL, 'accepted', @followId, @at, @at)`,
  );
  node.db.transaction(() => {
    for (let i = 1; i < cantineCount; i++) {
      const city = BENCH_CITIES[i % BENCH_CITIES.length]!;
      // Hosts that do not resolve, and no outbox: the start-up reconcile gives up at once.
      const origin = `https://cantine-${i}.bench.invalid`;
      const urls = localUrls({ origin, slug: `c${i}` });
      const actorId = urls.actor;
      const name = `Cantine ${city.city} ${Math.ceil(i / BENCH_CITIES.length)}`;
      insertCantine.run({
        actorId,
        handle: `c${i}@cantine-${i}.bench.invalid`,
        name,
        city: city.city,
        country: city.country,
        timezone: city.timezone,
        url: actorId,
        inbox: urls.inbox,
        sharedInbox: urls.sharedInbox,
        followId: localUrls(local).activity("follows", String(i)),
        at: now,
      });
      shapes.push({ actorId, origin, local: false, city, venue: name });
    }
  })();
  const events = node.publishing.events;
  const insert = node.db.transaction((from: number, to: number) => {
    for (let i = from; i < to; i++) events.insert(makeEvent(rand, i, shapes[i % shapes.length]!, fromMs, 365, now));
  });
  for (let i = 0; i < count; i += 10_000) insert(i, Math.min(count, i + 10_000));
  return { cities: [...new Set(shapes.map((s) => s.city.city))], cantines: shapes.length };
}
