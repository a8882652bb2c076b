import { beforeEach, describe, expect, it } from "@jest/globals";
import type { NewPublication } from "../../../node/domain/publishing/publication.ts";
import { SqlitePublicationLog } from "../../../node/storage/publication-log.ts";
import { useSqliteFile } from "./sqlite-file.ts";

const origin = "https://paris.cantine.example";

function entry(n: number, overrides: Partial<NewPublication> = {}): NewPublication {
  return {
    activityId: `${origin}/activities/${n}`,
    type: "Create",
    objectType: "Event",
    objectId: `e${n}`,
    objectApId: `${origin}/events/e${n}`,
    snapshot: null,
    audience: "followers",
    publishedAt: new Date(Date.UTC(2030, 0, 1, 10, n)).toISOString(),
    ...overrides,
  };
}

describe("the publication log", () => {
  const sqlite = useSqliteFile();
  let log: SqlitePublicationLog;
  beforeEach(() => {
    log = new SqlitePublicationLog(sqlite.db);
  });

  it("numbers entries in order and reads them back as written, pending until marked federated", () => {
    const snapshot = { type: "Article" as const, value: { id: "p1", title: "Atelier" } as never };
    const first = log.append(entry(1, { snapshot, objectType: "Article" }));
    const second = log.append(entry(2, { type: "Delete" }));
    expect(second.seq).toBeGreaterThan(first.seq);
    expect(first).toEqual({ ...entry(1, { snapshot, objectType: "Article" }), seq: first.seq, federatedAt: null });
    expect(log.pending(10).map((p) => p.seq)).toEqual([first.seq, second.seq]);
    expect(log.pending(1).map((p) => p.seq)).toEqual([first.seq]);

    log.markFederated(first.seq, "2030-01-01T11:00:00.000Z");
    log.markFederated(first.seq, "2030-01-02T11:00:00.000Z"); // the first mark stands
    expect(log.pending(10).map((p) => p.seq)).toEqual([second.seq]);
    expect(log.page(null, 10).find((p) => p.seq === first.seq)?.federatedAt).toBe("2030-01-01T11:00:00.000Z");
  });

  it("refuses a second entry with the same activity id", () => {
    log.append(entry(1));
    expect(() => log.append(entry(1, { objectId: "other" }))).toThrow(/UNIQUE/);
    expect(log.count()).toBe(1);
  });

  it("pages newest first with a seq cursor, all audiences or one, and counts them", () => {
    const seqs = [1, 2, 3, 4, 5].map((n) => log.append(entry(n, { audience: n % 2 ? "followers" : "instances" })).seq);
    expect(log.page(null, 2).map((p) => p.seq)).toEqual([seqs[4], seqs[3]]);
    expect(log.page(seqs[3]!, 2).map((p) => p.seq)).toEqual([seqs[2], seqs[1]]);
    expect(log.page(seqs[0]!, 2)).toEqual([]);
    expect(log.page(null, 10, "followers").map((p) => p.seq)).toEqual([seqs[4], seqs[2], seqs[0]]);
    expect(log.page(seqs[4]!, 10, "instances").map((p) => p.seq)).toEqual([seqs[3], seqs[1]]);
    expect([log.count(), log.count("followers"), log.count("instances")]).toEqual([5, 3, 2]);
  });

  it("compacts only delivered snapshots whose object has a later delivered entry", () => {
    const snapshot = (title: string) => ({ type: "Event" as const, value: { id: "e", title } as never });
    const same = { objectId: "e", objectApId: `${origin}/events/e` };
    const create = log.append(entry(1, { ...same, snapshot: snapshot("v1") }));
    const announce = log.append(entry(2, { ...same, type: "Announce", audience: "instances", snapshot: snapshot("v1") }));
    const update = log.append(entry(3, { ...same, type: "Update", snapshot: snapshot("v2") }));
    const pending = log.append(entry(4, { ...same, type: "Update", snapshot: snapshot("v3") }));
    const other = log.append(entry(5, { snapshot: snapshot("other") }));
    for (const { seq } of [create, announce, update, other]) log.markFederated(seq, "2030-01-01T12:00:00.000Z");

    expect(log.compactSnapshots()).toBe(2);
    const titles = new Map(log.page(null, 10).map((p) => [p.seq, (p.snapshot?.value as { title?: string } | undefined)?.title ?? null]));
    // the latest delivered entry keeps its snapshot, and so does the one still pending
    expect([create, announce, update, pending, other].map((p) => titles.get(p.seq))).toEqual([null, null, "v2", "v3", "other"]);
    expect(log.compactSnapshots()).toBe(0);

    log.markFederated(pending.seq, "2030-01-01T12:05:00.000Z");
    expect(log.compactSnapshots()).toBe(1);
    expect(log.pending(10)).toEqual([]);
  });
});
