import { encode } from "blurhash";
import type { ImageProcessor, ProcessedImage, UploadRefusal } from "../domain/media/image.ts";
import { MAX_EDGE, MAX_INPUT_PIXELS, THUMBNAIL_EDGE } from "../domain/media/image.ts";

const FORMATS = new Set(["jpeg", "png", "webp"]);

/**
 * The image adapter, on sharp (libvips): decodes an upload within a pixel budget, applies its
 * EXIF orientation, and writes fresh WebP files with no metadata at all (sharp keeps none unless
 * asked: EXIF, GPS, XMP and ICC are dropped), plus a blurhash of a small copy.
 */
export function sharpImageProcessor(): ImageProcessor {
  return {
    async process(bytes): Promise<ProcessedImage | UploadRefusal> {
      // libvips is loaded with the first upload: about 9 MiB a node that takes none need not hold.
      const { default: sharp } = await import("sharp");
      const input = () => sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: "error", animated: false });
      let format: string | undefined;
      let pixels: number;
      try {
        const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
        format = meta.format;
        pixels = (meta.width ?? 0) * (meta.height ?? 0);
      } catch {
        return { kind: "not-an-image" };
      }
      if (!format || !FORMATS.has(format)) return { kind: "unsupported-type" };
      if (pixels === 0) return { kind: "not-an-image" };
      if (pixels > MAX_INPUT_PIXELS) return { kind: "too-many-pixels" };
      try {
        const main = await input()
          .rotate()
          .resize({ width: MAX_EDGE, height: MAX_EDGE, fit: "inside", withoutEnlargement: true })
          .webp({ quality: 82 })
          .toBuffer({ resolveWithObject: true });
        const thumb = await sharp(main.data)
          .resize({ width: THUMBNAIL_EDGE, height: THUMBNAIL_EDGE, fit: "inside", withoutEnlargement: true })
          .webp({ quality: 75 })
          .toBuffer({ resolveWithObject: true });
        const small = await sharp(main.data).resize({ width: 32, height: 32, fit: "inside" }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
        const blurhash = encode(new Uint8ClampedArray(small.data), small.info.width, small.info.height, 4, 3);
        return {
          image: main.data,
          thumbnail: thumb.data,
          width: main.info.width,
          height: main.info.height,
          thumbnailWidth: thumb.info.width,
          thumbnailHeight: thumb.info.height,
          blurhash,
        };
      } catch (error) {
        if (/pixel limit/i.test(String(error))) return { kind: "too-many-pixels" };
        return { kind: "not-an-image" };
      }
    },
  };
}
