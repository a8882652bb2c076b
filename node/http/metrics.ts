// What the HTTP layer reports for the node's metrics: a port the composition root fills with
// the node's own registry (node/observability/). Label values are small closed sets: route
// templates, never raw paths; refusal codes, never messages.

/** Answer caches of the read paths: calendar JSON, iCalendar feeds, the home page. */
export type CacheName = "calendar" | "feeds" | "home";

export type HttpMetrics = Readonly<{
  /** One answered request: its method, route template ("/events/:id"), status and duration. */
  request(method: string, route: string, status: number, seconds: number): void;
  /** One inbox POST: let through to Fedify and accepted, or refused with a reason code. */
  inboxRequest(outcome: "accepted" | "refused", reason: string): void;
  /** One read of an answer cache. */
  cacheLookup(cache: CacheName, hit: boolean): void;
}>;

export const NO_HTTP_METRICS: HttpMetrics = {
  request: () => {},
  inboxRequest: () => {},
  cacheLookup: () => {},
};
