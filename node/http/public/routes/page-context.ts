import type { Request, Response } from "express";
import type { Venue } from "../../../domain/venue.ts";
import { readCookies } from "../../admin/cookies.ts";
import { signedIn } from "../../admin/session.ts";
import { cookieOptions } from "../../behind-proxy.ts";
import type { EncodedAnswer } from "../../caching.ts";
import { asLocale, fromAcceptLanguage, intlLocale, messages } from "../../i18n/index.ts";
import type { PageContext } from "../pages/context.ts";
import { isTimeZone } from "../pages/format.ts";

const YEAR_MS = 365 * 86_400_000;
// Query parameters that page links carry along (a language switch keeps the filters).
const KEPT = ["q", "tag", "city", "month", "page", "from"];

/** A single short query string, or undefined (arrays, objects and huge values are ignored). */
export function queryText(req: Request, name: string, max = 100): string | undefined {
  const value = req.query[name];
  return typeof value === "string" && value.trim() !== "" ? value.trim().slice(0, max) : undefined;
}

// Secure whenever the public origin is https, whatever the hop from the proxy was.
function remember(res: Response, venue: Venue, name: string, value: string): void {
  res.cookie(name, value, cookieOptions(venue.origin, { maxAge: YEAR_MS }));
}

/**
 * Language: `?lang=` (remembered in a cookie), else the cookie, else Accept-Language, else the
 * node's own. Viewer's zone: `?tz=` (remembered), else the cookie, else the node's zone.
 */
export function pageContext(req: Request, res: Response, venue: Venue, now: Date): PageContext {
  const jar = readCookies(req);
  const asked = asLocale(queryText(req, "lang", 20));
  if (asked) remember(res, venue, "lang", asked);
  const locale = asked ?? asLocale(jar.lang) ?? fromAcceptLanguage(req.get("accept-language")) ?? asLocale(venue.locale) ?? "en";
  const askedZone = queryText(req, "tz", 64);
  if (isTimeZone(askedZone)) remember(res, venue, "tz", askedZone);
  const tz = isTimeZone(askedZone) ? askedZone : isTimeZone(jar.tz) ? jar.tz : venue.timezone;
  const query: Record<string, string> = {};
  for (const key of KEPT) {
    const value = queryText(req, key);
    if (value !== undefined) query[key] = value;
  }
  res.vary("Accept-Language").vary("Cookie").set("Content-Language", locale);
  // Set by the admin's readSession (server.ts) when the request carries a live session cookie.
  const session = signedIn(res);
  const operator = session ? { name: session.account.name, csrf: session.session.csrfToken } : null;
  return {
    venue,
    locale,
    intl: intlLocale[locale],
    t: messages[locale],
    tz,
    tzChosen: isTimeZone(askedZone) || isTimeZone(jar.tz),
    path: req.path,
    query,
    now,
    operator,
  };
}

/** Sends a rendered page (HTML, never cached by shared caches since it depends on cookies). */
export function sendPage(res: Response, status: number, page: string | EncodedAnswer): void {
  // A signed-in operator's pages carry their name and forms: never stored, even by the browser's cache.
  res
    .status(status)
    .type("html")
    .set("Cache-Control", signedIn(res) ? "private, no-store" : "private, no-cache");
  if (typeof page === "string") res.send(page);
  else res.set("ETag", page.etag).send(page.body);
}
