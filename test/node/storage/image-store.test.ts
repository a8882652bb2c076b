import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { describe, expect, it } from "@jest/globals";
import type { StoredImage } from "../../../node/domain/media/image.ts";
import { mediaFolder, SqliteImageStore } from "../../../node/storage/image-store.ts";
import { useSqliteFile } from "./sqlite-file.ts";

const image = (id: string): StoredImage => ({
  id,
  mediaType: "image/webp",
  width: 1600,
  height: 900,
  thumbnailWidth: 400,
  thumbnailHeight: 225,
  blurhash: "LEHV6nWB2yk8pyo0adR*.7kCMdnj",
  bytes: 4,
  createdAt: "2030-01-01T00:00:00.000Z",
});

describe("the image store", () => {
  const sqlite = useSqliteFile();
  const folder = () => mediaFolder(dirname(sqlite.file));

  it("writes the image and its thumbnail under the media folder, and reads its facts back", () => {
    const store = new SqliteImageStore(sqlite.db, folder());
    store.save(image("img1"), { image: new Uint8Array([1, 2, 3, 4]), thumbnail: new Uint8Array([5, 6]) });
    expect(store.get("img1")).toEqual(image("img1"));
    expect([...readFileSync(join(folder(), "img1.webp"))]).toEqual([1, 2, 3, 4]);
    expect([...readFileSync(join(folder(), "img1-thumb.webp"))]).toEqual([5, 6]);
    // no temporary file is left behind
    expect(readdirSync(folder()).sort()).toEqual(["img1-thumb.webp", "img1.webp"]);
    expect(store.get("img2")).toBeUndefined();
  });

  it("refuses a second record with the same id", () => {
    const store = new SqliteImageStore(sqlite.db, folder());
    store.save(image("img1"), { image: new Uint8Array([1]), thumbnail: new Uint8Array([2]) });
    expect(() => store.save(image("img1"), { image: new Uint8Array([3]), thumbnail: new Uint8Array([4]) })).toThrow(/UNIQUE|PRIMARY/);
    expect(store.get("img1")).toEqual(image("img1"));
  });

  it("makes the media folder when it does not exist yet", () => {
    const store = new SqliteImageStore(sqlite.db, join(folder(), "nested"));
    store.save(image("img1"), { image: new Uint8Array([1]), thumbnail: new Uint8Array([2]) });
    expect(existsSync(join(folder(), "nested", "img1.webp"))).toBe(true);
  });
});
