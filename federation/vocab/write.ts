// Writers shared by the vocab mappers of events and projects.

import type { EventImage } from "../../node/domain/events/event.ts";
import { instantText } from "../../node/domain/time.ts";
import { quickInstant } from "./instants.ts";

const IMAGE_TYPES: Record<string, string> = {
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  webp: "image/webp",
  avif: "image/avif",
};

/** The image's real media type (declared, else from the file extension); omitted when unknown. */
export function imageJson(image: EventImage): Record<string, unknown> {
  let mediaType = image.mediaType?.startsWith("image/") ? image.mediaType : undefined;
  if (!mediaType) {
    const extension = /\.([a-z0-9]+)$/i.exec(new URL(image.url).pathname)?.[1]?.toLowerCase();
    mediaType = extension ? IMAGE_TYPES[extension] : undefined;
  }
  // Size and blurhash (Mastodon's toot:blurhash) let servers lay the image out and show a placeholder before it loads.
  return {
    type: "Image",
    ...(mediaType ? { mediaType } : {}),
    url: image.url,
    ...(image.alt ? { name: image.alt } : {}),
    ...(image.width && image.height ? { width: image.width, height: image.height } : {}),
    ...(image.blurhash ? { blurhash: image.blurhash } : {}),
  };
}

/**
 * A Hashtag whose name Mastodon keeps as written: it drops every character outside letters,
 * digits and "_" (MASTODON.md §3.4), so "open-source" is sent as "#opensource". The href is our
 * tag page for the tag as stored.
 */
export function toHashtagJson(tag: string, origin: string): Record<string, string> | null {
  const name = tag.normalize("NFC").replace(/[^\p{L}\p{M}\p{N}_]/gu, "");
  return name ? { type: "Hashtag", name: `#${name}`, href: `${origin}/tags/${encodeURIComponent(tag)}` } : null;
}

/** An ISO instant as stored → "2026-11-03T18:00:00Z" (UTC); kept as is if it does not parse. */
export function isoInstant(iso: string): string {
  const quick = quickInstant(iso);
  if (quick) return instantText(quick.epochMs);
  try {
    return Temporal.Instant.from(iso).toString();
  } catch {
    return iso;
  }
}
