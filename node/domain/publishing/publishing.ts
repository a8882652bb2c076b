import type { CantineEvent } from "../events/event.ts";
import type { LocalUrls } from "../local-urls.ts";
import type { ImageCatalog } from "../media/image.ts";
import type { Clock, EventStore, IdSource, ProjectStore, Transaction } from "../ports.ts";
import type { Project } from "../projects/project.ts";
import type { Venue } from "../venue.ts";
import type { Announcer, Audience, NewPublication, Publication, PublicationLog, PublicationType, PublishedObject } from "./publication.ts";

/** What the publishing use cases need: stores, the outbox, time, ids and URL shapes. */
export type PublishingDeps = Readonly<{
  venue: Venue;
  events: EventStore;
  projects: ProjectStore;
  publications: PublicationLog;
  transaction: Transaction;
  announcer: Announcer;
  /** Our URLs (`localUrls(venue)`): ids of new events, projects and activities. */
  uris: LocalUrls;
  now: Clock;
  newId: IdSource;
  /** How far ahead a series' occurrences exist (default 90 days). */
  horizonDays?: number;
  /** Our uploaded images: an event naming one gets its size, type and blurhash. */
  images?: ImageCatalog;
}>;

/**
 * Mastodon ignores an Update whose `updated` is not later than the last one it saw: never
 * repeat or go back in time, even within one millisecond or after a clock step back.
 */
export function nextUpdated(previous: string, now: Date): string {
  const floor = Date.parse(previous) + 1;
  return new Date(Math.max(now.getTime(), floor)).toISOString();
}

/** The log entry announcing a change of one of our objects (a Delete carries no snapshot). */
function publication(deps: PublishingDeps, type: PublicationType, object: PublishedObject, audience: Audience): NewPublication {
  return {
    activityId: deps.uris.activity(type.toLowerCase(), deps.newId()),
    type,
    objectType: object.type,
    objectId: object.value.id,
    objectApId: object.value.apId,
    snapshot: type === "Delete" ? null : object,
    audience,
    publishedAt: deps.now().toISOString(),
  };
}

export function eventPublication(deps: PublishingDeps, type: PublicationType, event: CantineEvent, audience: Audience = "followers"): NewPublication {
  return publication(deps, type, { type: "Event", value: event }, audience);
}

export function projectPublication(deps: PublishingDeps, type: PublicationType, project: Project, audience: Audience = "followers"): NewPublication {
  return publication(deps, type, { type: "Article", value: project }, audience);
}

/**
 * Writes a change and its announcement in one transaction, then hands the announcement to the
 * federation layer. A crash in between leaves a pending log entry that is sent at start-up.
 */
export function commitAndAnnounce(deps: PublishingDeps, write: () => NewPublication[]): Publication[] {
  const publications = deps.transaction(() => write().map((entry) => deps.publications.append(entry)));
  deps.announcer.announce(publications);
  return publications;
}

/**
 * A new event is a Create for every follower, plus an Announce for instance followers only
 * (Mobilizon lists a remote event once an actor it follows has Announced it; Mastodon
 * followers would see it twice).
 */
export function newEventPublications(deps: PublishingDeps, event: CantineEvent): NewPublication[] {
  return [eventPublication(deps, "Create", event), eventPublication(deps, "Announce", event, "instances")];
}
