import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { ImageStore, StoredImage } from "../domain/media/image.ts";
import type { Db } from "./db.ts";

type ImageRow = {
  id: string;
  media_type: string;
  width: number;
  height: number;
  thumbnail_width: number;
  thumbnail_height: number;
  blurhash: string;
  bytes: number;
  created_at: string;
};

/** The folder of uploaded images, under the node's data folder. */
export function mediaFolder(dataDir: string): string {
  return join(dataDir, "media");
}

/** Uploaded images: files under `<dataDir>/media/`, their facts in SQLite. */
export class SqliteImageStore implements ImageStore {
  readonly #dir: string;
  readonly #insert;
  readonly #get;

  constructor(db: Db, dir: string) {
    this.#dir = dir;
    this.#insert = db.prepare(
      `INSERT INTO images (id, media_type, width, height, thumbnail_width, thumbnail_height, blurhash, bytes, created_at)
       VALUES (@id, @media_type, @width, @height, @thumbnail_width, @thumbnail_height, @blurhash, @bytes, @created_at)`,
    );
    this.#get = db.prepare<[string], ImageRow>("SELECT * FROM images WHERE id = ?");
  }

  save(image: StoredImage, files: { image: Uint8Array; thumbnail: Uint8Array }): void {
    mkdirSync(this.#dir, { recursive: true });
    // Written under a temporary name and renamed: a reader never sees half a file.
    for (const [name, bytes] of [
      [`${image.id}.webp`, files.image],
      [`${image.id}-thumb.webp`, files.thumbnail],
    ] as const) {
      const temporary = join(this.#dir, `.${name}.${process.pid}.tmp`);
      writeFileSync(temporary, bytes);
      renameSync(temporary, join(this.#dir, name));
    }
    this.#insert.run({
      id: image.id,
      media_type: image.mediaType,
      width: image.width,
      height: image.height,
      thumbnail_width: image.thumbnailWidth,
      thumbnail_height: image.thumbnailHeight,
      blurhash: image.blurhash,
      bytes: image.bytes,
      created_at: image.createdAt,
    });
  }

  get(id: string): StoredImage | undefined {
    const row = this.#get.get(id);
    return (
      row && {
        id: row.id,
        mediaType: "image/webp",
        width: row.width,
        height: row.height,
        thumbnailWidth: row.thumbnail_width,
        thumbnailHeight: row.thumbnail_height,
        blurhash: row.blurhash,
        bytes: row.bytes,
        createdAt: row.created_at,
      }
    );
  }
}
