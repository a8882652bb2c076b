import type { Venue } from "../../../domain/venue.ts";
import type { Locale, Messages } from "../../i18n/index.ts";

/** What every page needs to know about the request: language, the viewer's zone, where it is. */
export type PageContext = Readonly<{
  venue: Venue;
  locale: Locale;
  /** Locale tag for Intl ("fr-FR"). */
  intl: string;
  t: Messages;
  /** The viewer's zone: chosen with the `tz` form (cookie), else the node's own zone. */
  tz: string;
  tzChosen: boolean;
  /** Path and query of this request, to build language-switch links that stay on the page. */
  path: string;
  query: Readonly<Record<string, string>>;
  now: Date;
  /** The operator signed in to this node's admin, if any: public pages then show "Edit" and "Sign out". */
  operator?: Readonly<{ name: string; csrf: string }> | null;
}>;

/** `@slug@host`, the handle people search for in Mastodon. */
export function handleOf(venue: Venue): string {
  return `${venue.slug}@${new URL(venue.origin).host}`;
}

/** This page's path with some query parameters replaced (undefined removes one). */
export function withQuery(ctx: PageContext, changes: Record<string, string | undefined>, path = ctx.path): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...ctx.query, ...changes })) if (value !== undefined && value !== "") params.set(key, value);
  const query = params.toString();
  return query ? `${path}?${query}` : path;
}
