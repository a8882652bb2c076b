import type { Venue } from "./venue.ts";

/**
 * Every URL shape of this node, in one table. Fedify's dispatchers are declared with these
 * templates, the Express routes with the same ones (`expressRoute`), and every id and link to
 * our own things is expanded from them (`localUrls`). Ids are stored here and by our peers: a
 * shape, once published, never changes.
 */
export const routes = {
  actor: "/users/{identifier}",
  inbox: "/users/{identifier}/inbox",
  sharedInbox: "/inbox",
  outbox: "/users/{identifier}/outbox",
  followers: "/users/{identifier}/followers",
  following: "/users/{identifier}/following",
  upcomingEvents: "/users/{identifier}/upcoming-events",
  /** Activities we send (a Create, a Follow, an Accept…): a fresh id each, never served. */
  activity: "/users/{identifier}/{kind}/{unique}",
  event: "/events/{id}",
  project: "/projects/{id}",
  nodeInfo: "/nodeinfo/2.1",
} as const;

type Route = keyof typeof routes;

/** Our actor's collections: documents for machines, with no HTML page of their own. */
export const collectionRoutes = ["outbox", "followers", "following", "upcomingEvents"] as const satisfies readonly Route[];

const VARIABLE = /\{(\w+)\}/g;

/** A route's path with its variables filled in, each one percent-encoded. */
export function pathOf(route: Route, values: Readonly<Record<string, string>> = {}): string {
  return routes[route].replace(VARIABLE, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`${route} needs a value for {${name}}`);
    return encodeURIComponent(value);
  });
}

// Express calls the actor's variable `slug`, as the route labels of /metrics always have.
const EXPRESS_NAMES: Readonly<Record<string, string>> = { identifier: "slug" };

/** The route as Express declares it: "/events/{id}" is "/events/:id", "/users/{identifier}" is "/users/:slug". */
export function expressRoute(route: Route): string {
  return routes[route].replace(VARIABLE, (_, name: string) => `:${EXPRESS_NAMES[name] ?? name}`);
}

/** The start of a route's paths, up to its first variable: "/events/" for "/events/{id}". */
export function routePrefix(route: Route): string {
  const template: string = routes[route];
  const variable = template.indexOf("{");
  return variable < 0 ? template : template.slice(0, variable);
}

const patterns = new Map<Route, RegExp>();

function patternOf(route: Route): RegExp {
  let pattern = patterns.get(route);
  if (!pattern) {
    const source = routes[route]
      .split(VARIABLE)
      .map((part, i) => (i % 2 === 0 ? part.replace(/[.*+?^$()|[\]\\]/g, "\\$&") : `(?<${part}>[^/]+)`))
      .join("");
    pattern = new RegExp(`^${source}$`);
    patterns.set(route, pattern);
  }
  return pattern;
}

/** The variables of a path that has the route's shape, as they appear in it (not decoded), or null. */
export function matchRoute(route: Route, path: string): Record<string, string> | null {
  const groups = patternOf(route).exec(path)?.groups;
  return groups ? { ...groups } : null;
}

/** What one of our URLs names: one of our events or projects. */
type LocalObject = Readonly<{ kind: "event" | "project"; id: string }>;

/** The URLs of this node's own things, absolute on its origin. */
export type LocalUrls = Readonly<{
  actor: string;
  inbox: string;
  sharedInbox: string;
  outbox: string;
  followers: string;
  following: string;
  upcomingEvents: string;
  event: (id: string) => string;
  project: (id: string) => string;
  /** The id of an activity we send, under our actor: `/users/paris/follows/UNIQUE`; `unique` is never reused. */
  activity: (kind: string, unique: string) => string;
  /** The event or project of ours a URL names (its id, which is also its page), or null. */
  objectAt: (url: string) => LocalObject | null;
}>;

/** The URLs of the venue's things. */
export function localUrls(venue: Pick<Venue, "origin" | "slug">): LocalUrls {
  const origin = new URL(venue.origin).origin;
  const at = (route: Route, values: Record<string, string> = {}) => new URL(pathOf(route, values), origin).href;
  const identifier = venue.slug;
  return {
    actor: at("actor", { identifier }),
    inbox: at("inbox", { identifier }),
    sharedInbox: at("sharedInbox"),
    outbox: at("outbox", { identifier }),
    followers: at("followers", { identifier }),
    following: at("following", { identifier }),
    upcomingEvents: at("upcomingEvents", { identifier }),
    event: (id) => at("event", { id }),
    project: (id) => at("project", { id }),
    activity: (kind, unique) => at("activity", { identifier, kind, unique }),
    objectAt(url) {
      let parsed: URL;
      try {
        parsed = new URL(url);
      } catch {
        return null;
      }
      if (parsed.origin !== origin) return null;
      const event = matchRoute("event", parsed.pathname);
      if (event) return { kind: "event", id: event.id! };
      const project = matchRoute("project", parsed.pathname);
      return project ? { kind: "project", id: project.id! } : null;
    },
  };
}
