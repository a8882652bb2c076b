// Matching by domain and actor through the moderation policy, and a changed block keeping its
// place, are in moderation-stores.test.ts; here the store's own contract.
import { beforeEach, describe, expect, it } from "@jest/globals";
import type { Block } from "../../../node/domain/moderation/blocks.ts";
import { SqliteBlockStore } from "../../../node/storage/block-store.ts";
import { openDatabase } from "../../../node/storage/db.ts";
import { useSqliteFile } from "./sqlite-file.ts";

const block = (kind: Block["kind"], target: string, overrides: Partial<Block> = {}): Block => ({
  kind,
  target,
  severity: "suspend",
  rejectMedia: false,
  rejectReports: false,
  publicComment: null,
  reason: null,
  obfuscate: false,
  createdAt: "2030-01-01T00:00:00.000Z",
  createdBy: "cli",
  ...overrides,
});

describe("the block store", () => {
  const sqlite = useSqliteFile();
  let store: SqliteBlockStore;
  beforeEach(() => {
    store = new SqliteBlockStore(sqlite.db);
  });

  it("reads a block back with every field, by kind and target", () => {
    const full = block("domain", "spam.example", {
      severity: "silence",
      rejectMedia: true,
      rejectReports: true,
      publicComment: "spam",
      reason: "reported twice",
      obfuscate: true,
      createdBy: "ops",
    });
    expect(store.upsert(full)).toBe("created");
    expect(store.get("domain", "spam.example")).toEqual(full);
    expect(store.get("actor", "spam.example")).toBeUndefined();
  });

  it("keeps the first creation's time and author when a block is changed", () => {
    store.upsert(block("domain", "a.example"));
    expect(store.upsert(block("domain", "a.example", { severity: "noop", createdAt: "2030-02-01T00:00:00.000Z", createdBy: "ops" }))).toBe("updated");
    expect(store.get("domain", "a.example")).toMatchObject({ severity: "noop", createdAt: "2030-01-01T00:00:00.000Z", createdBy: "cli" });
  });

  it("keeps a domain block and an actor block on the same text apart", () => {
    store.upsert(block("domain", "https://a.example/users/x"));
    store.upsert(block("actor", "https://a.example/users/x", { severity: "silence" }));
    expect(store.list().map((b) => [b.kind, b.severity])).toEqual([
      ["domain", "suspend"],
      ["actor", "silence"],
    ]);
    expect(store.remove("actor", "https://a.example/users/x")).toBe(true);
    expect(store.remove("actor", "https://a.example/users/x")).toBe(false);
    expect(store.list().map((b) => b.kind)).toEqual(["domain"]);
  });

  it("finds the blocks that apply to a URL: its host, parent domains, a port, or the actor without its fragment", () => {
    store.upsert(block("domain", "example.org"));
    store.upsert(block("domain", "social.example.org"));
    store.upsert(block("domain", "other.example"));
    store.upsert(block("domain", "127.0.0.1:4000"));
    store.upsert(block("actor", "https://ok.example/users/troll"));
    const targets = (url: string) => store.matching(url).map((b) => b.target);
    expect(targets("https://a.social.example.org/users/x")).toEqual(["example.org", "social.example.org"]);
    expect(targets("http://127.0.0.1:4000/users/x")).toEqual(["127.0.0.1:4000"]);
    expect(targets("http://127.0.0.1:4001/users/x")).toEqual([]);
    expect(targets("https://ok.example/users/troll#main-key")).toEqual(["https://ok.example/users/troll"]);
    expect(targets("not a url")).toEqual([]);
  });

  it("sees a block committed by another connection at once, as the CLI beside a running node makes it", () => {
    expect(store.matching("https://spam.example/inbox")).toEqual([]);
    const cli = openDatabase(sqlite.file);
    try {
      new SqliteBlockStore(cli).upsert(block("domain", "spam.example"));
      expect(store.matching("https://spam.example/inbox").map((b) => b.target)).toEqual(["spam.example"]);
      new SqliteBlockStore(cli).remove("domain", "spam.example");
      expect(store.matching("https://spam.example/inbox")).toEqual([]);
    } finally {
      cli.close();
    }
  });

  it("sees a change made through another store on the same connection, and nothing a rollback took back", () => {
    expect(store.matching("https://spam.example/inbox")).toEqual([]);
    new SqliteBlockStore(sqlite.db).upsert(block("domain", "spam.example"));
    expect(store.matching("https://spam.example/inbox").map((b) => b.target)).toEqual(["spam.example"]);
    expect(() =>
      sqlite.db.transaction(() => {
        store.upsert(block("actor", "https://ok.example/users/troll"));
        expect(store.matching("https://ok.example/users/troll").map((b) => b.target)).toEqual(["https://ok.example/users/troll"]);
        throw new Error("rolled back");
      })(),
    ).toThrow("rolled back");
    expect(store.matching("https://ok.example/users/troll")).toEqual([]);
  });
});
