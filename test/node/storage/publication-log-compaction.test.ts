// Compaction of the publication log on a whole node (its real stores, announcer and outbox
// collection, its daily prune job): superseded snapshots go once delivered, and the outbox
// serves the same pages.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import type { BuiltNode } from "../../../node/app.ts";
import { buildNode, jobDeps } from "../../../node/app.ts";
import { parseConfig } from "../../../node/config.ts";
import type { CantineEvent } from "../../../node/domain/events/event.ts";
import type { PublicationType } from "../../../node/domain/publishing/publication.ts";
import { findJob } from "../../../node/scheduler/jobs.ts";

const origin = "https://paris.cantine.example";

describe("compacting the publication log of a node", () => {
  let dir: string;
  let node: BuiltNode;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "cantine-compaction-"));
    const config = { slug: "paris", name: "La Cantine", city: "Paris", country: "FR", timezone: "Europe/Paris", origin, dataDir: "data" };
    node = await buildNode(parseConfig(config, { baseDir: dir }));
  });
  afterEach(async () => {
    await node.announcer.idle();
    node.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function getJson(url: string): Promise<Record<string, unknown>> {
    const response = await node.federation.fetch(new Request(url, { headers: { Accept: "application/activity+json" } }), { contextData: undefined });
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, unknown>;
  }

  /** Every page of the outbox, as a peer walking it reads them. */
  async function outbox(): Promise<Record<string, unknown>[]> {
    const collection = await getJson(`${origin}/users/paris/outbox`);
    const pages = [collection];
    for (let next = collection.first as string | undefined; next; next = pages.at(-1)!.next as string | undefined) pages.push(await getJson(next));
    return pages;
  }

  const logBytes = () => (node.db.prepare("SELECT sum(length(snapshot)) AS n FROM publications").get() as { n: number }).n;

  /** Writes a change and its log entry as the publishing use cases do, in one transaction. */
  function publish(type: PublicationType, value: CantineEvent) {
    return node.db.transaction(() => {
      if (type === "Create") node.publishing.events.insert(value);
      else if (type === "Update") node.publishing.events.update(value);
      else node.publishing.events.markDeleted(value.id, value.updatedAt);
      n += 1;
      return node.publishing.publications.append({
        activityId: `${origin}/activities/${n}`,
        type,
        objectType: "Event",
        objectId: value.id,
        objectApId: value.apId,
        snapshot: type === "Delete" ? null : { type: "Event", value },
        audience: "followers",
        publishedAt: value.updatedAt,
      });
    })();
  }
  let n = 0;

  function event(id: string, title: string, sequence: number): CantineEvent {
    const start = Temporal.Now.instant()
      .add({ hours: 24 * 10 })
      .round({ smallestUnit: "second" })
      .toString();
    const at = new Date(Date.UTC(2030, 0, 1, 0, sequence)).toISOString();
    return {
      id,
      apId: `${origin}/events/${id}`,
      url: `${origin}/events/${id}`,
      local: true,
      actorId: `${origin}/users/paris`,
      title,
      description: null,
      descriptionHtml: `<p>${"Une longue description. ".repeat(200)}</p>`,
      startsAt: start,
      endsAt: null,
      timezone: "Europe/Paris",
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
      publishedAt: "2030-01-01T00:00:00.000Z",
      updatedAt: at,
      sequence,
    };
  }

  it("drops superseded snapshots, serves the same outbox after, and keeps what is pending", async () => {
    for (let i = 0; i < 12; i++) {
      publish("Create", event(`e${i}`, `Soirée ${i}`, 0));
      publish("Update", event(`e${i}`, `Soirée ${i} (lieu changé)`, 1));
      if (i % 3 === 0) publish("Delete", event(`e${i}`, `Soirée ${i}`, 2));
    }
    expect(await node.announcer.flushPending()).toBe(12 * 2 + 4);
    // A last edit whose announcement the process never handed over (a crash right after commit)
    publish("Create", event("kept", "Apéro", 0));
    await node.announcer.flushPending();
    publish("Update", event("kept", "Apéro (pending)", 1));
    const pendingBefore = node.publishing.publications.pending(100);
    expect(pendingBefore.map((p) => [p.type, p.snapshot?.value.title])).toEqual([["Update", "Apéro (pending)"]]);

    const served = await outbox();
    const fileSize = () => (node.db.pragma("wal_checkpoint(TRUNCATE)"), statSync(join(dir, "data", "cantine.db")).size);
    const [bytes, fileBefore] = [logBytes(), fileSize()];

    // Each of the 12 events loses its Create's snapshot; the 4 deleted ones their Update's too.
    // The entry still pending keeps its snapshot, and so does the Create it supersedes, until it is sent.
    expect(await findJob("prune")!.run(jobDeps(node))).toMatch(/; 16 superseded snapshot\(s\) dropped$/);
    expect(await outbox()).toEqual(served);
    expect(logBytes()).toBeLessThan(bytes / 2);
    expect(node.publishing.publications.pending(100)).toEqual(pendingBefore);
    // the space freed is reused by later writes; VACUUM (or a backup) gives it back to the disk
    node.db.exec("VACUUM");
    expect(fileSize()).toBeLessThan(fileBefore);

    // the pending Update still goes out with its own version; then the Create before it is compacted too
    expect(await node.announcer.flushPending()).toBe(1);
    expect(node.publishing.publications.pending(100)).toEqual([]);
    expect(node.publishing.publications.compactSnapshots()).toBe(1);
    expect(await outbox()).toEqual(served);
  });
});
