// Lenient readers of remote JSON, shared by the vocab mappers: peers send a value or a list, a
// string or a Link, markup or plain text; each reader returns a clean value or undefined/null and
// never throws.

import type { EventImage } from "../../node/domain/events/event.ts";
import { htmlToText, sanitizeHtml, truncate } from "../../node/domain/rich-text.ts";
import { escapeHtml } from "../../node/domain/text.ts";
import { quickInstant } from "./instants.ts";

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A value or an array of values, as a bounded list (peers send either). */
export function listOf(value: unknown, max = 50): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value.slice(0, max) : [value];
}

/** `type` as a list of short names ("as:Event" and full IRIs count as "Event"). */
export function typesOf(value: unknown): string[] {
  return listOf(value, 10)
    .filter((t): t is string => typeof t === "string")
    .map((t) => t.replace(/^.*[#/:]/, ""));
}

// What the sanitiser would give back unchanged: plain text without markup or entities, alone or in
// one paragraph (how cantines send a summary or a short description). Reading these without the
// HTML parser gives the same text (a property test pins it) at a tenth of the cost: a back-fill
// reads thousands.
const NO_MARKUP = /^[^<&]*$/;
const PLAIN_PARAGRAPH = /^<p>([^<&]*)<\/p>$/;
const SAFE_PARAGRAPHS = /^(?:<p>[^<>&"]*<\/p>)+$/;
const FAST_PATH_LENGTH = 10_000;

/** Plain, bounded text from a string that may hold markup; undefined when empty. */
export function plainText(value: unknown, max: number): string | undefined {
  if (typeof value !== "string") return undefined;
  const plain = value.length > FAST_PATH_LENGTH ? undefined : NO_MARKUP.test(value) ? value : PLAIN_PARAGRAPH.exec(value)?.[1];
  const text = truncate((plain ?? htmlToText(value)).replace(/\s+/g, " ").trim(), max);
  return text || undefined;
}

/**
 * A name as its sender wrote it. ActivityStreams names are plain text, not HTML: "Café <code> & co"
 * is a title, not markup to strip (every page and feed escapes what it shows).
 */
export function nameText(value: unknown, max: number): string | undefined {
  if (typeof value !== "string") return undefined;
  // Control characters (other than the white space folded here) never belong in a name.
  const text = truncate(
    value
      .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, " ")
      .replace(/\s+/g, " ")
      .trim(),
    max,
  );
  return text || undefined;
}

const MAX_URL = 2048;

/** An absolute http(s) URL (string, or a Link's `href`), else undefined: `javascript:` and co. are dropped. */
export function httpUrl(value: unknown, schemes: readonly string[] = ["http:", "https:"]): string | undefined {
  const one = Array.isArray(value) ? value[0] : value;
  const raw = typeof one === "string" ? one : isRecord(one) && typeof one.href === "string" ? one.href : undefined;
  if (!raw || raw.length > MAX_URL) return undefined;
  try {
    const url = new URL(raw.trim());
    return schemes.includes(url.protocol) && !/[\s<>"]/.test(raw.trim()) ? raw.trim() : undefined;
  } catch {
    return undefined;
  }
}

/** The first actor id of `attributedTo`/`actor`: a string, an object with `id`, or a list of them. */
export function firstActor(value: unknown): string | undefined {
  for (const item of listOf(value, 10)) {
    const url = typeof item === "string" ? httpUrl(item) : isRecord(item) && typeof item.id === "string" ? httpUrl(item.id) : undefined;
    if (url) return url;
  }
  return undefined;
}

/** `content` (else the first `contentMap` value) as sanitised HTML; plain text gets paragraphs. */
export function readRichText(content: unknown, contentMap: unknown): string {
  const source =
    typeof content === "string" && content.trim() ? content : isRecord(contentMap) ? Object.values(contentMap).find((v) => typeof v === "string") : undefined;
  if (typeof source !== "string" || !source.trim()) return "";
  if (source.length <= FAST_PATH_LENGTH && SAFE_PARAGRAPHS.test(source)) return source;
  if (/<[a-z!/]/i.test(source)) return sanitizeHtml(source);
  // Gancio 1.0 sent plain text with line breaks.
  const paragraphs = source
    .slice(0, 100_000)
    .trim()
    .split(/\n\s*\n/);
  const html = paragraphs.map(
    (p) =>
      `<p>${p
        .split("\n")
        .map((line) => escapeHtml(line.trim()))
        .join("<br>")}</p>`,
  );
  return sanitizeHtml(html.join(""));
}

const LANGUAGE = /^[a-z]{2,3}(-[a-z0-9]{1,8}){0,3}$/i;

/** `inLanguage` (Mobilizon, schema.org), else the first key of a `*Map` (Mastodon's rule). "und" is none. */
export function readLanguage(inLanguage: unknown, ...maps: unknown[]): string | null {
  const candidates = [typeof inLanguage === "string" ? inLanguage : undefined, ...maps.map((m) => (isRecord(m) ? Object.keys(m)[0] : undefined))];
  return candidates.find((c): c is string => typeof c === "string" && LANGUAGE.test(c) && c.toLowerCase() !== "und") ?? null;
}

const MAX_TAGS = 20;
const MAX_TAG_LENGTH = 50;

/** Hashtag names without "#", deduplicated, at most 20 of at most 50 characters; Mentions ignored. */
export function readHashtags(value: unknown): string[] {
  const tags: string[] = [];
  const seen = new Set<string>();
  for (const item of listOf(value, 200)) {
    if (!isRecord(item) || !typesOf(item.type).includes("Hashtag") || typeof item.name !== "string") continue;
    const tag = item.name.replace(/^#+/, "").normalize("NFC").trim();
    if (!tag || Array.from(tag).length > MAX_TAG_LENGTH || /[\s<>"'&\\/\p{Cc}]/u.test(tag)) continue;
    if (seen.has(tag.toLowerCase())) continue;
    seen.add(tag.toLowerCase());
    tags.push(tag);
    if (tags.length === MAX_TAGS) break;
  }
  return tags;
}

/** An AS2 date-time: with an offset it is an instant; without one, a wall time in `zone`. */
export function readInstant(value: unknown, zone: string): Temporal.Instant | undefined {
  if (typeof value !== "string" || value.length > 80) return undefined;
  const quick = quickInstant(value);
  if (quick) return Temporal.Instant.fromEpochMilliseconds(quick.epochMs);
  try {
    return Temporal.Instant.from(value);
  } catch {
    try {
      return Temporal.PlainDateTime.from(value).toZonedDateTime(zone).toInstant();
    } catch {
      return undefined;
    }
  }
}

// Banner: the FEP-8a8e isBannerImage attachment, else the first image-like attachment (Mobilizon
// "Banner" Document, Gancio Document), else `image`. Attachments without mediaType are fine.
export function readImage(json: Record<string, unknown>): EventImage | null {
  const attachments = listOf(json.attachment, 20).filter(isRecord);
  const candidates = [...attachments.filter((a) => a.isBannerImage === true), ...attachments, ...listOf(json.image, 5)];
  for (const candidate of candidates) {
    const item = typeof candidate === "string" ? { type: "Image", url: candidate } : candidate;
    if (!isRecord(item)) continue;
    const mediaType = typeof item.mediaType === "string" ? item.mediaType.toLowerCase() : undefined;
    const kinds = typesOf(item.type);
    if (mediaType ? !mediaType.startsWith("image/") : !kinds.includes("Image") && !kinds.includes("Document")) continue;
    const url = httpUrl(item.url) ?? httpUrl(item.href);
    if (!url) continue;
    const alt = plainText(item.name, 1500) ?? plainText(item.summary, 1500);
    const validType = mediaType && /^image\/[a-z0-9.+-]+$/.test(mediaType) ? mediaType : undefined;
    const size = (value: unknown) => (typeof value === "number" && Number.isInteger(value) && value > 0 && value <= 100_000 ? value : undefined);
    const [width, height] = [size(item.width), size(item.height)];
    const blurhash = typeof item.blurhash === "string" && /^[0-9A-Za-z#$%*+,\-.:;=?@[\]^_{|}~]{6,100}$/.test(item.blurhash) ? item.blurhash : undefined;
    return {
      url,
      ...(alt && alt.toLowerCase() !== "banner" ? { alt } : {}),
      ...(validType ? { mediaType: validType } : {}),
      ...(width && height ? { width, height } : {}),
      ...(blurhash ? { blurhash } : {}),
    };
  }
  return null;
}
