import type { CantineEvent } from "../node/domain/events/event.ts";
import { localUrls } from "../node/domain/local-urls.ts";
import { attendance } from "../node/domain/participation/manage-participants.ts";
import type { Attendance } from "../node/domain/participation/participant.ts";
import type { ParticipantStore } from "../node/domain/participation/ports.ts";
import type { EventStore, ProjectStore } from "../node/domain/ports.ts";
import type { Project } from "../node/domain/projects/project.ts";
import type { Publication } from "../node/domain/publishing/publication.ts";
import type { Venue } from "../node/domain/venue.ts";
import type { ActivityUris, ObjectRenderer } from "./vocab/activities.ts";
import type { EventJsonOptions } from "./vocab/event.ts";
import { toEventJson } from "./vocab/event.ts";
import { toProjectJson } from "./vocab/project.ts";

/** The addresses every object of this node refers to: its actor and its followers. */
export function activityUris(venue: Venue): ActivityUris {
  const urls = localUrls(venue);
  return { actorId: urls.actor, followersUrl: urls.followers };
}

/** What our event JSON takes from the venue: its language, and its address for events held there. */
function venueOptions(venue: Venue): EventJsonOptions {
  return { locale: venue.locale, venueName: venue.name, venueAddress: venue.address, venueCity: venue.city, venueCountry: venue.country };
}

/** The participation counts of one of our events, as they are now (null: it takes no participants here). */
export type AttendanceOf = (event: CantineEvent) => Attendance | null;

/** The counts of our events from the participant store. */
export function participationCounts(participants: Pick<ParticipantStore, "counts">): AttendanceOf {
  return (event) => attendance(participants, event);
}

/** Our objects' JSON as this venue presents them (the object dispatchers, collections, activities). */
export function objectJson(venue: Venue, attendanceOf?: AttendanceOf) {
  const uris = activityUris(venue);
  const options = venueOptions(venue);
  return {
    event: (event: CantineEvent) => toEventJson(event, uris, options, attendanceOf?.(event)),
    project: (project: Project) => toProjectJson(project, uris),
  };
}

/** Renders the object a publication carries, as it was at that version. */
export function objectRenderer(venue: Venue, attendanceOf?: AttendanceOf): ObjectRenderer {
  const json = objectJson(venue, attendanceOf);
  return (publication: Publication) => {
    const snapshot = publication.snapshot;
    if (!snapshot) return null;
    return snapshot.type === "Event" ? json.event(snapshot.value) : json.project(snapshot.value);
  };
}

/**
 * Renders the object a publication is about as it is now: its current version, or a Tombstone
 * once it is deleted. The outbox shows this, so that a server back-filling from it (snac takes
 * the newest items, Gancio the first page) never stores a deleted object or an old version.
 */
export function currentObjectRenderer(venue: Venue, stores: { events: EventStore; projects: ProjectStore }, attendanceOf?: AttendanceOf): ObjectRenderer {
  const json = objectJson(venue, attendanceOf);
  return (publication: Publication) => {
    const stored = publication.objectType === "Event" ? stores.events.get(publication.objectId) : stores.projects.get(publication.objectId);
    // A relayed object belongs to another cantine: the Announce names it by its id.
    if (stored && !stored.value.local) return null;
    if (!stored || stored.deletedAt) {
      return { id: publication.objectApId, type: "Tombstone", formerType: publication.objectType, deleted: stored?.deletedAt ?? publication.publishedAt };
    }
    return publication.objectType === "Event" ? json.event(stored.value as CantineEvent) : json.project(stored.value as Project);
  };
}
