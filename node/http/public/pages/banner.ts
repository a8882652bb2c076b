import { crc32, deflateSync } from "node:zlib";
import { decode, isBlurhashValid } from "blurhash";
import type { EventImage } from "../../../domain/events/event.ts";
import type { PageContext } from "./context.ts";
import type { Html } from "./html.ts";
import { html, safeUrl } from "./html.ts";

// An event's or project's banner on the public pages: the picture, with its blurhash drawn underneath while it
// loads. The blurhash becomes a tiny PNG in a data: URI (the CSP allows data: images, and no inline
// style), stretched to the picture's box by the stylesheet.

const PLACEHOLDER_WIDTH = 32;
const cache = new Map<string, string>();

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "ascii");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])) >>> 0, 0);
  return Buffer.concat([head, data, crc]);
}

/** RGBA pixels as a PNG file. */
function pngOf(pixels: Uint8ClampedArray, width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits, RGBA, deflate, no filter, no interlace
  const rows = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) rows.set(pixels.subarray(y * width * 4, (y + 1) * width * 4), y * (width * 4 + 1) + 1);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** A blurhash as a small PNG data: URI in the picture's proportions, or null when it is not one. */
function blurhashDataUri(blurhash: string | undefined, width?: number, height?: number): string | null {
  if (!blurhash || blurhash.length > 100 || !isBlurhashValid(blurhash).result) return null;
  const w = PLACEHOLDER_WIDTH;
  const h = Math.max(1, Math.min(64, Math.round(width && height ? (w * height) / width : w / 2)));
  const key = `${blurhash}/${h}`;
  let uri = cache.get(key);
  if (!uri) {
    try {
      uri = `data:image/png;base64,${pngOf(decode(blurhash, w, h), w, h).toString("base64")}`;
    } catch {
      return null;
    }
    if (cache.size > 500) cache.clear();
    cache.set(key, uri);
  }
  return uri;
}

/** The picture's address if pages may show it: https, or this node's own (its uploads). */
export function shownImageUrl(ctx: PageContext, url: string | undefined): string | null {
  const safe = safeUrl(url);
  if (!safe) return null;
  return safe.startsWith("https:") || new URL(safe).origin === new URL(ctx.venue.origin).origin ? safe : null;
}

/** The banner with its alt text and blurhash placeholder; `small` takes the thumbnail for cards. */
export function banner(ctx: PageContext, item: { image?: EventImage | null }, options: { small?: boolean } = {}): Html | "" {
  const image = item.image;
  const url = shownImageUrl(ctx, (options.small ? image?.thumbnailUrl : undefined) ?? image?.url);
  if (!image || !url) return "";
  const placeholder = blurhashDataUri(image.blurhash, image.width, image.height);
  const size = image.width && image.height ? html` width="${String(image.width)}" height="${String(image.height)}"` : "";
  return html`<figure class="banner${options.small ? " banner-small" : ""}">${placeholder ? html`<img class="blur" src="${placeholder}" alt="" aria-hidden="true">` : ""}<img class="cover" src="${url}" alt="${image.alt ?? ""}"${size}${options.small ? html` loading="lazy"` : ""} decoding="async"></figure>`;
}
