import { checkActivityOrigin, parseBody } from "./origin-guard.ts";

/** A verdict on a document: fine, or the reason it is refused (the composition root supplies the JSON-LD budget). */
export type DocumentCheck = (document: unknown) => { ok: true } | { ok: false; reason: string };

/** A refusal names its reason twice: `reason` for the sender, `code` for the metrics. */
export type InboxVerdict = { ok: true } | { ok: false; status: 400 | 401; reason: string; code: string };

// An HTTP-date (RFC 9110: "Sun, 06 Nov 1994 08:49:37 GMT"), or what Date.parse reads of the
// obsolete forms. Anything else made Fedify throw while checking the signature's time window.
function readableDate(value: string): boolean {
  return value.length <= 64 && !Number.isNaN(Date.parse(value));
}

/**
 * Everything an inbox POST must pass before Fedify sees it, cheapest first: JSON, a `Date` that
 * is a date, a JSON-LD document within budget (before any expansion), and the origin guard.
 * A refusal costs one linear walk of the body and changes nothing.
 */
export function checkInboxRequest(body: Uint8Array, headers: Headers, checkDocument: DocumentCheck): InboxVerdict {
  const json = parseBody(body);
  if (typeof json !== "object" || json === null || Array.isArray(json))
    return { ok: false, status: 400, reason: "body is not a JSON object", code: "not_json" };
  const date = headers.get("date");
  if (date !== null && !readableDate(date))
    return { ok: false, status: 400, reason: `Date header ${JSON.stringify(date.slice(0, 64))} is not an HTTP date`, code: "bad_date" };
  const budget = checkDocument(json);
  if (!budget.ok) return { ok: false, status: 400, reason: budget.reason, code: "jsonld_budget" };
  const origin = checkActivityOrigin(json, headers);
  return origin.ok ? origin : { ...origin, code: origin.status === 401 ? "origin_mismatch" : "malformed" };
}
