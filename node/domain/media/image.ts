// Banner images uploaded by operators: what is accepted, what is kept, and how an event's image
// learns its real size and placeholder from the upload it names.

/** Formats accepted for upload; every upload is re-encoded to WebP. */
const ACCEPTED_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;
/** Largest upload. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024;
/** Most pixels decoded from one upload: a small file that would decode to more is a decompression bomb. */
export const MAX_INPUT_PIXELS = 40_000_000;
/** Longest side kept, and of the thumbnail shown on cards. */
export const MAX_EDGE = 1600;
export const THUMBNAIL_EDGE = 480;

/** An uploaded image as kept: re-encoded, without metadata (EXIF, GPS), with a blurhash. */
export type StoredImage = Readonly<{
  id: string;
  mediaType: "image/webp";
  width: number;
  height: number;
  thumbnailWidth: number;
  thumbnailHeight: number;
  /** https://blurha.sh: a few dozen characters drawn as a blurred placeholder while the image loads. */
  blurhash: string;
  bytes: number;
  createdAt: string;
}>;

/** What the decoder made of an upload. */
export type ProcessedImage = Readonly<{
  image: Uint8Array;
  thumbnail: Uint8Array;
  width: number;
  height: number;
  thumbnailWidth: number;
  thumbnailHeight: number;
  blurhash: string;
}>;

export type UploadRefusal = Readonly<{ kind: "too-large" | "not-an-image" | "unsupported-type" | "too-many-pixels" | "empty" }>;

/** Decodes and re-encodes an upload (the sharp adapter); a refusal for what it cannot or must not decode. */
export interface ImageProcessor {
  process(bytes: Uint8Array): Promise<ProcessedImage | UploadRefusal>;
}

export interface ImageStore {
  /** Writes the files and the record. */
  save(image: StoredImage, files: { image: Uint8Array; thumbnail: Uint8Array }): void;
  get(id: string): StoredImage | undefined;
}

/** The file type of an upload from its first bytes (never from its name or declared type). */
function sniffImageType(bytes: Uint8Array): (typeof ACCEPTED_TYPES)[number] | null {
  const b = bytes;
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "image/jpeg";
  if (b.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((v, i) => b[i] === v)) return "image/png";
  const ascii = (from: number, to: number) => String.fromCharCode(...b.subarray(from, to));
  if (b.length >= 12 && ascii(0, 4) === "RIFF" && ascii(8, 12) === "WEBP") return "image/webp";
  return null;
}

export type MediaDeps = Readonly<{ processor: ImageProcessor; store: ImageStore; newId: () => string; now: () => Date }>;

/** Checks, decodes and keeps an upload; the stored image, or why it was refused. */
export async function uploadImage(deps: MediaDeps, bytes: Uint8Array): Promise<StoredImage | UploadRefusal> {
  if (bytes.length === 0) return { kind: "empty" };
  if (bytes.length > MAX_UPLOAD_BYTES) return { kind: "too-large" };
  if (sniffImageType(bytes) === null) return { kind: "not-an-image" };
  const processed = await deps.processor.process(bytes);
  if ("kind" in processed) return processed;
  const image: StoredImage = {
    id: deps.newId(),
    mediaType: "image/webp",
    width: processed.width,
    height: processed.height,
    thumbnailWidth: processed.thumbnailWidth,
    thumbnailHeight: processed.thumbnailHeight,
    blurhash: processed.blurhash,
    bytes: processed.image.length,
    createdAt: deps.now().toISOString(),
  };
  deps.store.save(image, { image: processed.image, thumbnail: processed.thumbnail });
  return image;
}

/** Where an uploaded image and its thumbnail are served. */
export function imagePaths(id: string): { image: string; thumbnail: string } {
  return { image: `/media/${id}.webp`, thumbnail: `/media/${id}-thumb.webp` };
}

const MEDIA_PATH = /^\/media\/([0-9a-f-]{36})\.webp$/;

/** The id of one of our uploads from its URL on our origin, else null. */
export function uploadIdOf(url: string, origin: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.origin !== new URL(origin).origin || parsed.search) return null;
    return MEDIA_PATH.exec(parsed.pathname)?.[1] ?? null;
  } catch {
    return null;
  }
}

/** Reads what is known of one of our uploads by its URL, for events and projects that name it. */
export type ImageCatalog = Readonly<{ describe(url: string): StoredImage | undefined; origin: string }>;
