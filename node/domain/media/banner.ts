import type { FieldProblem } from "../errors.ts";
import type { EventImage } from "../events/event.ts";
import type { ImageCatalog } from "./image.ts";
import { imagePaths, uploadIdOf } from "./image.ts";

/**
 * A banner naming one of our uploads, with the upload's real facts (type, size, blurhash,
 * thumbnail): what the operator sent cannot contradict the file. An upload must say what it
 * shows (alt text). Other images pass as they are.
 */
export function describeUpload(image: EventImage, images: ImageCatalog, field = "image"): EventImage | { problem: FieldProblem } {
  const id = uploadIdOf(image.url, images.origin);
  if (id === null) return image;
  const stored = images.describe(image.url);
  if (!stored) return { problem: { field: `${field}.url`, message: "names an image that was never uploaded here" } };
  if (!image.alt?.trim()) return { problem: { field: `${field}.alt`, message: "is required: describe what the image shows" } };
  const origin = new URL(images.origin).origin;
  return {
    url: image.url,
    alt: image.alt,
    mediaType: stored.mediaType,
    width: stored.width,
    height: stored.height,
    blurhash: stored.blurhash,
    thumbnailUrl: `${origin}${imagePaths(id).thumbnail}`,
  };
}
