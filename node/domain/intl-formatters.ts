// Intl.DateTimeFormat objects, shared by the process. Building one costs tens of microseconds, and
// a page, a feed or an outbox page formats hundreds of dates; a formatter holds no data of any
// node (only a locale, a zone and options), so nodes in one process may share them.
// Bounded by count: a few locales × the zones in use.

import { LRUCache } from "lru-cache";

const formatters = new LRUCache<string, Intl.DateTimeFormat>({ max: 1_000 });

/** The formatter for a locale and options, built once. Throws RangeError for an unknown zone, as Intl does. */
export function dateTimeFormat(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) formatters.set(key, (format = new Intl.DateTimeFormat(locale, options)));
  return format;
}
