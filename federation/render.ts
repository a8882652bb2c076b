import type { Publication } from "../node/domain/publication.ts";
import type { Venue } from "../node/domain/venue.ts";
import type { ActivityUris, ObjectRenderer } from "./vocab/activities.ts";
import { toEventJson } from "./vocab/event.ts";
import { toProjectJson } from "./vocab/project.ts";
import { actorUrl, followersUri } from "./uris.ts";

/** The addresses every object of this node refers to: its actor and its followers. */
export function activityUris(venue: Venue): ActivityUris {
  return { actorId: actorUrl(venue.origin, venue.slug).href, followersUrl: followersUri(venue.origin, venue.slug) };
}

/** Renders the object of a publication as this venue presents it (language, address). */
export function objectRenderer(venue: Venue): ObjectRenderer {
  const uris = activityUris(venue);
  const venueOptions = { locale: venue.locale, venueName: venue.name, venueAddress: venue.address, venueCity: venue.city, venueCountry: venue.country };
  return (publication: Publication) => {
    const snapshot = publication.snapshot;
    if (!snapshot) return null;
    return snapshot.type === "Event" ? toEventJson(snapshot.value, uris, venueOptions) : toProjectJson(snapshot.value, uris);
  };
}
