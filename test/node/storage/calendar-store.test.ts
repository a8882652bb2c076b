import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { SqliteKvStore } from "../../../federation/kv.ts";
import { SqliteMessageQueue } from "../../../federation/queue.ts";
import { SqliteCalendarStore } from "../../../node/storage/calendar-store.ts";
import { SqliteCantineStore } from "../../../node/storage/cantine-store.ts";
import type { Db } from "../../../node/storage/db.ts";
import { openDatabase } from "../../../node/storage/db.ts";
import { migrate } from "../../../node/storage/migrate.ts";

describe("the calendar store's version (the key of cached calendar answers)", () => {
  let dir: string;
  let db: Db;
  let other: Db;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "cantine-calendar-"));
    db = openDatabase(join(dir, "cantine.db"));
    migrate(db);
    other = openDatabase(join(dir, "cantine.db"));
  });
  afterEach(() => {
    other.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const paris = {
    actorId: "https://paris.example/users/paris",
    local: true,
    handle: "paris@paris.example",
    name: "Paris",
    city: "Paris",
    country: "FR",
    timezone: "Europe/Paris",
    url: null,
    icon: null,
    actorType: "Organization",
  };

  it("stays put while nothing is written, and moves on a write by this connection or another", () => {
    const calendar = new SqliteCalendarStore(db);
    const first = calendar.version();
    calendar.calendar({ limit: 10, offset: 0 });
    expect(calendar.version()).toBe(first);

    new SqliteCantineStore(db).upsertLocal(paris);
    const second = calendar.version();
    expect(second).not.toBe(first);

    new SqliteCantineStore(other).upsertLocal({ ...paris, name: "Paris (renamed by the CLI)" });
    expect(calendar.version()).not.toBe(second);
  });

  it("does not move when the node federates: key-value and queue writes leave cached answers valid", async () => {
    const calendar = new SqliteCalendarStore(db);
    new SqliteCantineStore(db).upsertLocal(paris);
    const before = calendar.version();
    const kv = new SqliteKvStore(db);
    await kv.set(["fedify", "remote-document", "https://example.org/actor"], { cached: true });
    await new SqliteMessageQueue(db, { name: "outbox" }).enqueue({ type: "delivery" });
    kv.close();
    expect(calendar.version()).toBe(before);
  });
});
