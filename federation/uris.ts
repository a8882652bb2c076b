/** The one place that knows our URL shapes. Fedify's router uses the same templates. */
export const paths = {
  actor: "/users/{identifier}",
  inbox: "/users/{identifier}/inbox",
  sharedInbox: "/inbox",
  outbox: "/users/{identifier}/outbox",
  followers: "/users/{identifier}/followers",
  following: "/users/{identifier}/following",
  nodeInfo: "/nodeinfo/2.1",
  event: "/events/{id}",
  project: "/projects/{id}",
  upcomingEvents: "/users/{identifier}/upcoming-events",
} as const;

/** Where the HTML profile of a local actor lives (the same URL as its ActivityPub id). */
export function actorUrl(origin: string, slug: string): URL {
  return new URL(`/users/${encodeURIComponent(slug)}`, origin);
}

/** A fresh, never reused id for an activity we send. */
export function newActivityId(origin: string, slug: string, kind: string): URL {
  return new URL(`/users/${encodeURIComponent(slug)}/${kind}/${crypto.randomUUID()}`, origin);
}

/** Our events and projects: the same URL is the ActivityPub id and the HTML page. */
export function eventUri(origin: string, id: string): string {
  return new URL(`/events/${encodeURIComponent(id)}`, origin).href;
}

export function projectUri(origin: string, id: string): string {
  return new URL(`/projects/${encodeURIComponent(id)}`, origin).href;
}

export function followersUri(origin: string, slug: string): string {
  return new URL(`/users/${encodeURIComponent(slug)}/followers`, origin).href;
}
