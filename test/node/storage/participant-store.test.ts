import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import type { Participant, ParticipantState } from "../../../node/domain/participation/participant.ts";
import type { Db } from "../../../node/storage/db.ts";
import { openDatabase } from "../../../node/storage/db.ts";
import { migrate } from "../../../node/storage/migrate.ts";
import { SqliteParticipantStore } from "../../../node/storage/participant-store.ts";

let minute = 0;
function participant(eventId: string, actorId: string, state: ParticipantState, overrides: Partial<Participant> = {}): Participant {
  const at = new Date(Date.UTC(2030, 0, 1, 10, minute++)).toISOString();
  return {
    eventId,
    actorId,
    state,
    activityId: `${actorId}/join/${minute}`,
    activityType: "Join",
    inbox: `${actorId}/inbox`,
    sharedInbox: null,
    handle: null,
    name: null,
    message: null,
    requestedAt: at,
    since: at,
    updatedAt: at,
    ...overrides,
  };
}

describe("the participant store", () => {
  let dir: string;
  let file: string;
  let db: Db;
  let store: SqliteParticipantStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "cantine-participants-"));
    file = join(dir, "cantine.db");
    db = openDatabase(file);
    migrate(db);
    store = new SqliteParticipantStore(db);
  });
  afterEach(() => {
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("keeps one answer per (event, actor): a new one replaces it, and the counts move with it", () => {
    const ana = "https://m.example/@ana";
    store.save(participant("e1", ana, "waiting"));
    store.save(participant("e1", ana, "going", { message: "à ce soir" }));
    store.save(participant("e2", ana, "maybe"));
    expect(store.counts("e1")).toEqual({ going: 1, pending: 0, waiting: 0, maybe: 0, declined: 0, refused: 0 });
    expect(store.get("e1", ana)).toMatchObject({ state: "going", message: "à ce soir" });
    expect(store.counts("e2").maybe).toBe(1);
    expect(store.remove("e1", ana)).toBe(true);
    expect(store.remove("e1", ana)).toBe(false);
    expect(store.counts("e1").going).toBe(0);
  });

  it("lists going first, then the waiting list in order of arrival, then the rest; finds an answer by its activity", () => {
    const ids = ["going-1", "wait-1", "pending-1", "wait-2", "declined-1", "going-2"].map((n) => `https://m.example/@${n}`);
    const states: ParticipantState[] = ["going", "waiting", "pending", "waiting", "declined", "going"];
    ids.forEach((id, i) => store.save(participant("e1", id, states[i]!)));
    expect(store.list("e1").map((p) => p.actorId.split("@")[1])).toEqual(["going-1", "going-2", "wait-1", "wait-2", "pending-1", "declined-1"]);
    expect(store.waiting("e1").map((p) => p.actorId.split("@")[1])).toEqual(["wait-1", "wait-2"]);
    const one = store.get("e1", ids[3]!)!;
    expect(store.byActivity(one.activityId)).toEqual(one);
    expect(store.byActivity("https://m.example/unknown")).toBeUndefined();
  });

  it("forgets an actor, or every actor of a domain as a domain block covers them, and nobody else", () => {
    const actors = [
      "https://bad.example/@a",
      "http://bad.example/users/b",
      "https://social.bad.example/@s",
      "https://bad.example:8443/@p",
      "https://bad.example.org/@c",
      "https://notbad.example/@n",
      "https://badxexample/@d",
      "https://m.example/@bad.example",
    ];
    for (const actor of actors) {
      store.save(participant("e1", actor, "going"));
      store.save(participant("e2", actor, "waiting"));
    }
    expect(
      store
        .removeByActor("https://m.example/@bad.example")
        .map((p) => p.eventId)
        .sort(),
    ).toEqual(["e1", "e2"]);
    // A port named in the block covers that port only.
    expect(store.removeByDomain("bad.example:8443").map((p) => p.actorId)).toEqual(["https://bad.example:8443/@p", "https://bad.example:8443/@p"]);
    const removed = store.removeByDomain("Bad.Example");
    expect([...new Set(removed.map((p) => p.actorId))].sort()).toEqual([
      "http://bad.example/users/b",
      "https://bad.example/@a",
      "https://social.bad.example/@s",
    ]);
    expect(removed).toHaveLength(6);
    expect(
      store
        .list("e1")
        .map((p) => p.actorId)
        .sort(),
    ).toEqual(["https://bad.example.org/@c", "https://badxexample/@d", "https://notbad.example/@n"]);
    expect(store.removeByDomain("")).toEqual([]);
  });

  it("reads every field back, and forgets the activity an answer stood for once it is replaced or withdrawn", () => {
    const ana = "https://m.example/@ana";
    const first = participant("e1", ana, "pending", { sharedInbox: "https://m.example/inbox", handle: "@ana@m.example", name: "Ana", message: "hello" });
    store.save(first);
    expect(store.get("e1", ana)).toEqual(first);
    const second = participant("e1", ana, "going", { activityId: "https://m.example/join/again" });
    store.save(second);
    expect(store.byActivity(first.activityId)).toBeUndefined();
    expect(store.byActivity(second.activityId)).toEqual(second);
    store.remove("e1", ana);
    expect(store.byActivity(second.activityId)).toBeUndefined();
    expect(store.list("e1")).toEqual([]);
  });

  it("keeps everything across a restart", () => {
    store.save(participant("e1", "https://m.example/@ana", "going"));
    db.close();
    db = openDatabase(file);
    migrate(db);
    expect(new SqliteParticipantStore(db).counts("e1").going).toBe(1);
  });
});
