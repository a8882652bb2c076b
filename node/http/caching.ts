// HTTP revalidation for feeds (RFC 9110 §13, RFC 9111 §5.2): calendar apps poll .ics URLs
// every few minutes; a strong ETag over the body lets them get 304s instead of megabytes.

import { createHash } from "node:crypto";
import type { Request, Response } from "express";

const FEED_CACHE_CONTROL = "public, max-age=300";

/** A strong validator (§8.8.3): the SHA-256 of the exact bytes served, quoted. */
export function strongEtag(body: string | Buffer): string {
  return `"${(typeof body === "string" ? createHash("sha256").update(body, "utf8") : createHash("sha256").update(body)).digest("base64url")}"`;
}

/** An answer as the bytes it is served as, and their ETag. */
export type EncodedAnswer = Readonly<{ body: Buffer; etag: string }>;

/**
 * Text encoded and hashed once, for an answer kept in a cache: sent as a string, Express would
 * encode it and hash it again at every request. Sent with its ETag set, Express answers 304 to
 * a client that holds these bytes (`If-None-Match`), as it does for the validators it makes.
 */
export function encodedAnswer(text: string): EncodedAnswer {
  const body = Buffer.from(text, "utf8");
  return { body, etag: strongEtag(body) };
}

/** §13.1.2: "*" or a list of entity tags; weak comparison, so W/"x" matches "x". */
function matchesIfNoneMatch(header: string, etag: string): boolean {
  if (header.trim() === "*") return true;
  const bare = etag.replace(/^W\//, "");
  return (header.match(/(?:W\/)?"[^"]*"/g) ?? []).some((tag) => tag.replace(/^W\//, "") === bare);
}

/**
 * Sets ETag, Last-Modified and Cache-Control, then answers 304 (no body) and returns true when
 * the client's copy is current. If-None-Match wins over If-Modified-Since when both are sent
 * (§13.2.2); dates compare at HTTP's one-second resolution.
 */
export function conditional(req: Request, res: Response, validators: { etag: string; lastModified: Date }): boolean {
  const lastModifiedMs = Math.floor(validators.lastModified.getTime() / 1000) * 1000;
  res.set({ ETag: validators.etag, "Last-Modified": new Date(lastModifiedMs).toUTCString(), "Cache-Control": FEED_CACHE_CONTROL });
  if (req.method !== "GET" && req.method !== "HEAD") return false;

  const ifNoneMatch = req.get("if-none-match");
  let fresh: boolean;
  if (ifNoneMatch !== undefined) {
    fresh = matchesIfNoneMatch(ifNoneMatch, validators.etag);
  } else {
    const since = Date.parse(req.get("if-modified-since") ?? "");
    fresh = !Number.isNaN(since) && lastModifiedMs <= since;
  }
  if (fresh) res.status(304).end();
  return fresh;
}

/**
 * When each representation of a URL was first served, for Last-Modified. A feed changes without
 * any event's `updatedAt` moving (a deletion, the time window sliding), so "max updatedAt" could
 * make If-Modified-Since answer 304 for a stale copy; "when this body first appeared" cannot.
 * Each new body gets a time strictly after the previous one's (a second later at least), and the
 * map is bounded: a forgotten URL just starts again from now, which only costs a 200.
 */
export function firstServedTracker(maxUrls = 1000): (key: string, etag: string, now: Date) => Date {
  const seen = new Map<string, { etag: string; since: number }>();
  return (key, etag, now) => {
    const known = seen.get(key);
    if (known?.etag === etag) return new Date(known.since);
    const second = Math.floor(now.getTime() / 1000) * 1000;
    const since = known ? Math.max(second, known.since + 1000) : second;
    seen.delete(key);
    seen.set(key, { etag, since });
    if (seen.size > maxUrls) seen.delete(seen.keys().next().value!);
    return new Date(since);
  };
}
