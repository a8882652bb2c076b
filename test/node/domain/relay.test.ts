import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import type { CantineEvent } from "../../../node/domain/events/event.ts";
import { localUrls } from "../../../node/domain/local-urls.ts";
import { NetworkError } from "../../../node/domain/network/network.ts";
import { relayObject } from "../../../node/domain/network/relay.ts";
import type { Publication } from "../../../node/domain/publishing/publication.ts";
import type { PublishingDeps } from "../../../node/domain/publishing/publishing.ts";
import type { Db } from "../../../node/storage/db.ts";
import { openDatabase } from "../../../node/storage/db.ts";
import { migrate } from "../../../node/storage/migrate.ts";
import { sqlitePublishingDeps, TEST_ORIGIN } from "../../helpers/publishing-deps.ts";

const origin = TEST_ORIGIN;
const urls = localUrls({ origin, slug: "paris" });

function event(id: string, apId: string, local: boolean): CantineEvent {
  const at = "2026-12-08T18:00:00Z";
  return {
    id,
    apId,
    url: apId,
    local,
    actorId: local ? urls.actor : "https://rome.cantine.example/users/rome",
    title: `Event ${id}`,
    description: null,
    descriptionHtml: "",
    startsAt: at,
    endsAt: null,
    timezone: "Europe/Rome",
    allDay: false,
    location: null,
    organizer: null,
    tags: [],
    image: null,
    language: null,
    status: "scheduled",
    capacity: null,
    registrationUrl: null,
    category: null,
    seriesId: null,
    detached: false,
    publishedAt: at,
    updatedAt: at,
    sequence: 0,
  };
}

describe("relaying another cantine's event on a real SQLite database", () => {
  let dir: string;
  let db: Db;
  let deps: PublishingDeps;
  let announced: Publication[];
  let fetched: string[];
  let ids = 0;
  // What the network does for an object we do not hold: fetch it and store it (here, a Roman event).
  const network = {
    fetchObject: async (url: string) => {
      fetched.push(url);
      if (!url.startsWith("https://rome.cantine.example/")) throw new NetworkError(`nothing to relay at ${url}`);
      deps.events.insert(event(`r${++ids}`, url, false));
    },
  };

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "cantine-relay-"));
    db = openDatabase(join(dir, "cantine.db"));
    migrate(db);
    announced = [];
    fetched = [];
    deps = sqlitePublishingDeps(db, {
      announcer: { announce: (p) => void announced.push(...p), flushPending: async () => 0 },
      uris: urls,
      now: () => new Date("2026-11-28T10:00:00Z"),
      newId: () => `id-${++ids}`,
    });
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("commits an Announce of what we hold to the publication log and hands it to the announcer", async () => {
    deps.events.insert(event("e1", "https://rome.cantine.example/events/e1", false));
    const result = await relayObject(deps, network, "https://rome.cantine.example/events/e1");
    expect(fetched).toEqual([]);
    expect(result.objectId).toBe("https://rome.cantine.example/events/e1");
    expect(result.activityId).toMatch(/^https:\/\/paris\.cantine\.example\/users\/paris\/announces\/id-\d+$/);
    expect(deps.publications.pending(10)).toEqual([
      expect.objectContaining({ type: "Announce", objectType: "Event", objectId: "e1", snapshot: null, audience: "followers", activityId: result.activityId }),
    ]);
    expect(announced.map((p) => p.activityId)).toEqual([result.activityId]);
  });

  it("fetches what it does not hold yet, then relays it", async () => {
    const result = await relayObject(deps, network, "https://rome.cantine.example/events/new");
    expect(fetched).toEqual(["https://rome.cantine.example/events/new"]);
    expect(announced).toHaveLength(1);
    expect(result.objectId).toBe("https://rome.cantine.example/events/new");
  });

  it("refuses our own events, named by id or by page, and writes nothing", async () => {
    deps.events.insert(event("mine", urls.event("mine"), true));
    await expect(relayObject(deps, network, urls.event("mine"))).rejects.toThrow(/our own/);
    await expect(relayObject(deps, network, "https://paris.cantine.example/events/mine")).rejects.toThrow(NetworkError);
    await expect(relayObject(deps, network, "https://nowhere.example/x")).rejects.toThrow(/nothing to relay/);
    expect(deps.publications.pending(10)).toEqual([]);
    expect(announced).toEqual([]);
  });
});
