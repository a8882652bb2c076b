import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { ConflictError, NotFoundError, ValidationError } from "../../../../node/domain/errors.ts";
import { Moderation } from "../../../../node/domain/moderation/moderation.ts";
import type { OutgoingFlag } from "../../../../node/domain/moderation/reports.ts";
import { SqliteAuditLog } from "../../../../node/storage/audit-log.ts";
import { SqliteBlockStore } from "../../../../node/storage/block-store.ts";
import { SqliteCantineStore } from "../../../../node/storage/cantine-store.ts";
import type { Db } from "../../../../node/storage/db.ts";
import { openDatabase } from "../../../../node/storage/db.ts";
import { SqliteEventStore } from "../../../../node/storage/event-store.ts";
import { SqliteFollowerStore } from "../../../../node/storage/follower-store.ts";
import { SqliteHiddenStore } from "../../../../node/storage/hidden-store.ts";
import { migrate } from "../../../../node/storage/migrate.ts";
import { SqliteProjectStore } from "../../../../node/storage/project-store.ts";
import { SqliteReactionStore } from "../../../../node/storage/reaction-store.ts";
import { SqliteReplyStore } from "../../../../node/storage/reply-store.ts";
import { SqliteReportStore } from "../../../../node/storage/report-store.ts";

const ORIGIN = "https://paris.example";
const SPAM = "https://spam.example/users/bot";
const FRIEND = "https://friend.example/users/ana";

function follower(actorId: string) {
  return {
    actorId,
    inbox: `${actorId}/inbox`,
    sharedInbox: null,
    followId: `${actorId}#follow`,
    actorType: "Person",
    handle: null,
    state: "accepted" as const,
    createdAt: "2026-01-01T00:00:00Z",
    acceptedAt: "2026-01-01T00:00:00Z",
  };
}

function remoteEvent(db: Db, id: string, actorId: string): string {
  const apId = `${new URL(actorId).origin}/events/${id}`;
  db.prepare(
    `INSERT INTO events (id, ap_id, url, local, actor_id, title, description_html, start_ms, timezone, all_day, tags, status, published_at, updated_at)
     VALUES (?, ?, ?, 0, ?, ?, '', ?, 'UTC', 0, '[]', 'scheduled', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')`,
  ).run(id, apId, apId, actorId, `Event ${id}`, Date.now() + 86_400_000);
  return apId;
}

describe("moderation use cases", () => {
  let dir: string;
  let db: Db;
  let moderation: Moderation;
  let followers: SqliteFollowerStore;
  let cantines: SqliteCantineStore;
  let replies: SqliteReplyStore;
  let reactions: SqliteReactionStore;
  let removedParticipants: string[];
  let filled: { eventId: string; blockCommitted: boolean }[];
  let flags: OutgoingFlag[];

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "cantine-moderation-"));
    db = openDatabase(join(dir, "cantine.db"));
    migrate(db);
    followers = new SqliteFollowerStore(db);
    cantines = new SqliteCantineStore(db);
    replies = new SqliteReplyStore(db);
    reactions = new SqliteReactionStore(db);
    removedParticipants = [];
    filled = [];
    const blockStore = new SqliteBlockStore(db);
    flags = [];
    moderation = new Moderation({
      origin: ORIGIN,
      blocks: blockStore,
      hidden: new SqliteHiddenStore(db),
      reports: new SqliteReportStore(db),
      audit: new SqliteAuditLog(db),
      followers,
      cantines,
      events: new SqliteEventStore(db),
      projects: new SqliteProjectStore(db),
      replies,
      reactions,
      participants: {
        removeByActor: (actorId) => (removedParticipants.push(actorId), [{ eventId: "e1", state: "waiting" }]),
        removeByDomain: (domain) => (
          removedParticipants.push(domain),
          [
            { eventId: "e1", state: "going" },
            { eventId: "e2", state: "maybe" },
          ]
        ),
      },
      fillPlaces: async (eventId) => filled.push({ eventId, blockCommitted: blockStore.list().length > 0 && !db.inTransaction }),
      flags: {
        send: async (flag) => (
          flags.push(flag),
          { activityId: `${ORIGIN}/flags/1`, authorId: "https://far.example/users/x", objectIds: [flag.itemUrl], inbox: "https://far.example/users/x/inbox" }
        ),
      },
      transaction: (work) => db.transaction(work).immediate(),
      now: () => new Date("2026-03-01T12:00:00Z"),
    });
    for (const actorId of [SPAM, FRIEND]) {
      followers.upsert(follower(actorId));
      cantines.upsertProfile({
        actorId,
        local: false,
        handle: null,
        name: actorId,
        city: null,
        country: null,
        timezone: null,
        url: null,
        icon: null,
        actorType: "Organization",
        inbox: `${actorId}/inbox`,
        sharedInbox: null,
        outbox: null,
      });
      cantines.setFollow(actorId, "accepted", `${ORIGIN}/follows/${actorId}`, "2026-01-01T00:00:00Z");
      remoteEvent(db, actorId === SPAM ? "spam" : "friend", actorId);
      reactions.add({ activityId: `${actorId}/likes/1`, kind: "like", actorId, targetApId: `${ORIGIN}/events/1`, createdAt: "2026-01-01T00:00:00Z" });
      replies.insert({
        id: crypto.randomUUID(),
        apId: `${actorId}/replies/1`,
        url: null,
        target: { type: "Event", apId: `${ORIGIN}/events/1` },
        author: { actorId, name: null, handle: null, url: null, icon: null },
        contentHtml: "<p>hi</p>",
        mentionsUs: false,
        publishedAt: "2026-01-01T00:00:00Z",
        updatedAt: "2026-01-01T00:00:00Z",
        receivedAt: "2026-01-01T00:00:00Z",
        hidden: false,
      });
    }
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("suspending a domain drops its follows, our follows of it, its content, replies, reactions and participations", async () => {
    const { block, created, purged } = await moderation.block({ target: "spam.example", reason: "spam" }, "ops");
    expect(created).toBe(true);
    expect(block).toMatchObject({ kind: "domain", target: "spam.example", severity: "suspend", reason: "spam", createdBy: "ops" });
    expect(purged).toEqual({ followers: 1, follows: 1, cantines: 1, replies: 1, reactions: 1, participants: 2 });
    expect(followers.get(SPAM)).toBeUndefined();
    expect(followers.get(FRIEND)).toBeDefined();
    expect(cantines.get(SPAM)?.followState).toBe("none");
    expect(cantines.isFollowed(FRIEND)).toBe(true);
    expect(db.prepare("SELECT actor_id FROM events").all()).toEqual([{ actor_id: FRIEND }]);
    expect(replies.listFor(`${ORIGIN}/events/1`, 10).map((r) => r.author.actorId)).toEqual([FRIEND]);
    expect(reactions.counts(`${ORIGIN}/events/1`)).toEqual({ likes: 1, shares: 0 });
    expect(removedParticipants).toEqual(["spam.example"]);
    // The place a going participant held goes to the waiting list once the block is committed.
    expect(filled).toEqual([{ eventId: "e1", blockCommitted: true }]);
    expect(moderation.log()).toMatchObject([{ who: "ops", action: "block", target: "spam.example" }]);
  });

  it("silencing removes only replies and reactions; noop nothing; unblocking restores nothing", async () => {
    expect((await moderation.block({ target: SPAM, severity: "silence" }, "ops")).purged).toMatchObject({
      followers: 0,
      replies: 1,
      reactions: 1,
      cantines: 0,
    });
    expect(followers.get(SPAM)).toBeDefined();
    expect((await moderation.block({ target: "friend.example", severity: "noop", rejectMedia: true }, "ops")).purged).toMatchObject({
      replies: 0,
      reactions: 0,
    });
    expect(filled).toEqual([]);
    moderation.unblock(SPAM, "cli");
    expect(replies.listFor(`${ORIGIN}/events/1`, 10).map((r) => r.author.actorId)).toEqual([FRIEND]);
    expect(moderation.blocks().map((b) => b.target)).toEqual(["friend.example"]);
    expect(moderation.log().map((e) => `${e.who} ${e.action} ${e.target}`)).toEqual([`cli unblock ${SPAM}`, "ops block friend.example", `ops block ${SPAM}`]);
  });

  it("refuses to block this node, and names what is wrong with a request", async () => {
    await expect(moderation.block({ target: "paris.example" }, "ops")).rejects.toThrow(ConflictError);
    await expect(moderation.block({ target: "???", severity: "ban" as never }, "ops")).rejects.toThrow(ValidationError);
    expect(() => moderation.unblock("never.example", "ops")).toThrow(NotFoundError);
  });

  it("imports a CSV, purging what it suspends, and exports it unchanged", async () => {
    const csv =
      "#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate\nspam.example,suspend,false,true,Spam,false\nquiet.example,silence,false,false,,true\n";
    const result = await moderation.importDomainBlocks(csv, "cli");
    expect(result).toMatchObject({ created: 2, updated: 0, problems: [] });
    expect(result.purged.followers).toBe(1);
    expect(filled.map((f) => f.eventId)).toEqual(["e1"]);
    expect(moderation.exportDomainBlocks()).toBe(csv);
  });

  it("hides a remote event by its id or its page here, and not one of ours", () => {
    const apId = db.prepare("SELECT ap_id, id FROM events WHERE actor_id = ?").get(FRIEND) as { ap_id: string; id: string };
    const item = moderation.hide(`${ORIGIN}/events/${apId.id}`, "off-topic", "ops");
    expect(item).toMatchObject({ apId: apId.ap_id, kind: "event", label: "Event friend", reason: "off-topic" });
    expect(moderation.isHidden(apId.ap_id)).toBe(true);
    moderation.unhide(apId.ap_id, "ops");
    expect(moderation.hidden()).toEqual([]);
    expect(() => moderation.hide("https://nowhere.example/events/1", null, "ops")).toThrow(NotFoundError);
  });

  it("sends a report about a remote item, but never to a blocked server", async () => {
    await moderation.sendReport("https://far.example/notes/1", "illegal", "ops");
    expect(flags).toEqual([{ itemUrl: "https://far.example/notes/1", comment: "illegal" }]);
    expect(moderation.log()[0]).toMatchObject({ action: "report.send", target: "https://far.example/notes/1" });
    await moderation.block({ target: "far.example" }, "ops");
    await expect(moderation.sendReport("https://far.example/notes/2", "", "ops")).rejects.toThrow(ConflictError);
  });
});
