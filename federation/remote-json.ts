import type { Context } from "@fedify/fedify";
import type { DocumentLoader } from "@fedify/vocab-runtime";

export type Json = Record<string, unknown>;

export function isRecord(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function idOf(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (isRecord(value) && typeof value.id === "string") return value.id;
  return null;
}

/**
 * The http(s) origin of a URL, or null. Other schemes have none to compare or fetch from: the
 * URL standard gives `javascript:`, `data:` and `urn:` URLs the origin "null", which is truthy,
 * equal to itself, and sent the node fetching `javascript:alert(1)` (and retrying it for hours).
 */
export function originOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.origin : null;
  } catch {
    return null;
  }
}

export function typesOf(value: Json): string[] {
  return ([] as unknown[]).concat(value.type ?? []).filter((t): t is string => typeof t === "string");
}

/**
 * Fetches a remote ActivityStreams document through Fedify's (signed, SSRF-guarded, size-capped)
 * loader and checks that it is what was asked for: the `id` must be the URL fetched.
 */
export async function fetchDocument(ctx: Context<void>, url: string, loader: DocumentLoader = ctx.documentLoader): Promise<Json | null> {
  const { document } = await loader(url);
  if (!isRecord(document) || document.id !== url) return null;
  return document;
}

/**
 * The object an activity carries, as JSON we can trust: embedded when it comes from the sender's
 * own origin (the activity's signature, verified by Fedify, vouches for it), otherwise (or when
 * only referenced) fetched again from its origin. Id-less embedded objects are refused
 * (GHSA-r388-57j3-5fgp).
 */
export async function trustedObject(ctx: Context<void>, activity: Json, senderOrigin: string): Promise<Json | null> {
  const object = activity.object;
  const id = idOf(object);
  if (id === null || originOf(id) === null) return null;
  if (isRecord(object) && originOf(id) === senderOrigin && typesOf(object).length > 0) return object;
  return fetchDocument(ctx, id);
}
