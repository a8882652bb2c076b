import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import type { Reply } from "../../../node/domain/conversation/replies.ts";
import type { Block } from "../../../node/domain/moderation/blocks.ts";
import { createModerationPolicy } from "../../../node/domain/moderation/policy.ts";
import { SqliteAuditLog } from "../../../node/storage/audit-log.ts";
import { SqliteBlockStore } from "../../../node/storage/block-store.ts";
import { SqliteCalendarStore } from "../../../node/storage/calendar-store.ts";
import type { Db } from "../../../node/storage/db.ts";
import { openDatabase } from "../../../node/storage/db.ts";
import { SqliteHiddenStore } from "../../../node/storage/hidden-store.ts";
import { migrate } from "../../../node/storage/migrate.ts";
import { SqliteReactionStore } from "../../../node/storage/reaction-store.ts";
import { SqliteReplyStore } from "../../../node/storage/reply-store.ts";
import { SqliteReportStore } from "../../../node/storage/report-store.ts";

const DAY = 86_400_000;

/** A remote event row, written as the stores write it (only the columns the calendar reads). */
function insertEvent(db: Db, id: string, startMs: number, actorId = "https://sf.example/users/sf"): string {
  const apId = `${new URL(actorId).origin}/events/${id}`;
  db.prepare(
    `INSERT INTO events (id, ap_id, url, local, actor_id, title, description_html, start_ms, end_ms, timezone, all_day, tags, status, published_at, updated_at)
     VALUES (?, ?, ?, 0, ?, ?, '', ?, ?, 'UTC', 0, '[]', 'scheduled', ?, ?)`,
  ).run(id, apId, apId, actorId, `Event ${id}`, startMs, startMs + 3_600_000, new Date().toISOString(), new Date().toISOString());
  return apId;
}

function insertProject(db: Db, id: string, actorId = "https://sf.example/users/sf"): string {
  const apId = `${new URL(actorId).origin}/projects/${id}`;
  db.prepare(
    `INSERT INTO projects (id, ap_id, url, local, actor_id, title, summary, description_html, stage, looking_for, cities, tags, links, published_at, updated_at)
     VALUES (?, ?, ?, 0, ?, ?, 's', '', 'idea', '[]', '[]', '[]', '[]', ?, ?)`,
  ).run(id, apId, apId, actorId, `Project ${id}`, new Date().toISOString(), new Date().toISOString());
  return apId;
}

function reply(apId: string, overrides: Partial<Reply> = {}): Reply {
  return {
    id: crypto.randomUUID(),
    apId,
    url: null,
    target: { type: "Event", apId: "https://paris.example/events/1" },
    author: { actorId: "https://mastodon.example/users/alice", name: "Alice", handle: "alice@mastodon.example", url: null, icon: null },
    contentHtml: "<p>Hello</p>",
    mentionsUs: false,
    publishedAt: "2026-01-01T10:00:00Z",
    updatedAt: "2026-01-01T10:00:00Z",
    receivedAt: "2026-01-01T10:00:01Z",
    hidden: false,
    ...overrides,
  };
}

function block(target: string, overrides: Partial<Block> = {}): Block {
  return {
    kind: target.startsWith("http") ? "actor" : "domain",
    target,
    severity: "suspend",
    rejectMedia: false,
    rejectReports: false,
    publicComment: null,
    reason: null,
    obfuscate: false,
    createdAt: "2026-01-01T00:00:00Z",
    createdBy: "test",
    ...overrides,
  };
}

describe("moderation and conversation stores", () => {
  let dir: string;
  let db: Db;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "cantine-moderation-"));
    db = openDatabase(join(dir, "cantine.db"));
    migrate(db);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("matches blocks by domain (subdomains, any port) and by actor (its keys too)", () => {
    const blocks = new SqliteBlockStore(db);
    blocks.upsert(block("spam.example"));
    blocks.upsert(block("127.0.0.1:4000", { severity: "silence" }));
    blocks.upsert(block("https://ok.example/users/troll"));
    const policy = createModerationPolicy(blocks);
    expect(policy.policyFor("https://social.spam.example:8443/users/a").suspended).toBe(true);
    expect(policy.policyFor("https://notspam.example/users/a").suspended).toBe(false);
    expect(policy.policyFor("http://127.0.0.1:4000/users/a")).toMatchObject({ suspended: false, silenced: true });
    expect(policy.policyFor("http://127.0.0.1:4001/users/a").silenced).toBe(false);
    expect(policy.refusesUrl("https://ok.example/users/troll#main-key")).toBe("https://ok.example/users/troll is blocked");
    expect(policy.refusesUrl("https://ok.example/users/friend")).toBeNull();
    const blocked = policy.suspendedMatcher();
    expect([blocked("https://a.spam.example/u"), blocked("https://ok.example/users/troll"), blocked("http://127.0.0.1:4000/u")]).toEqual([true, true, false]);
  });

  it("keeps a block's place in the list when it is changed, so exports keep the imported order", () => {
    const blocks = new SqliteBlockStore(db);
    expect(blocks.upsert(block("a.example"))).toBe("created");
    blocks.upsert(block("b.example"));
    expect(blocks.upsert(block("a.example", { severity: "noop", publicComment: "changed" }))).toBe("updated");
    expect(blocks.list().map((b) => [b.target, b.severity])).toEqual([
      ["a.example", "noop"],
      ["b.example", "suspend"],
    ]);
    expect(blocks.remove("domain", "a.example")).toBe(true);
    expect(blocks.list().map((b) => b.target)).toEqual(["b.example"]);
  });

  it("leaves hidden events out of the calendar and hidden projects off the board, even when they arrive again", () => {
    const calendar = new SqliteCalendarStore(db);
    const hidden = new SqliteHiddenStore(db);
    const now = Date.now();
    const kept = insertEvent(db, "kept", now + DAY);
    const hiddenEvent = insertEvent(db, "hidden", now + 2 * DAY);
    const project = insertProject(db, "p");
    hidden.hide({ apId: hiddenEvent, kind: "event", label: "Event hidden", reason: null, hiddenAt: new Date().toISOString(), hiddenBy: "test" });
    hidden.hide({ apId: project, kind: "project", label: "Project p", reason: null, hiddenAt: new Date().toISOString(), hiddenBy: "test" });
    const titles = () => calendar.calendar({ from: new Date(now).toISOString(), limit: 10, offset: 0 }).entries.map((e) => e.event.apId);
    expect(titles()).toEqual([kept]);
    expect(calendar.board({ limit: 10, offset: 0 }).entries).toEqual([]);

    // Pruned or purged, then received anew: still hidden.
    db.prepare("DELETE FROM events WHERE ap_id = ?").run(hiddenEvent);
    insertEvent(db, "hidden", now + 2 * DAY);
    expect(titles()).toEqual([kept]);

    hidden.unhide(hiddenEvent);
    expect(titles()).toEqual([kept, hiddenEvent]);
    expect(hidden.list().map((h) => h.apId)).toEqual([project]);
  });

  it("lists replies to an object oldest first, without deleted or hidden ones; mentions newest first", () => {
    const replies = new SqliteReplyStore(db);
    const hidden = new SqliteHiddenStore(db);
    replies.insert(reply("https://m.example/r/2", { publishedAt: "2026-01-02T00:00:00Z", mentionsUs: true }));
    replies.insert(reply("https://m.example/r/1", { publishedAt: "2026-01-01T00:00:00Z", mentionsUs: true }));
    replies.insert(reply("https://m.example/r/3", { publishedAt: "2026-01-03T00:00:00Z" }));
    replies.markDeleted("https://m.example/r/3", "2026-01-04T00:00:00Z");
    const target = "https://paris.example/events/1";
    expect(replies.listFor(target, 10).map((r) => r.apId)).toEqual(["https://m.example/r/1", "https://m.example/r/2"]);
    expect(replies.mentions(10).map((r) => r.apId)).toEqual(["https://m.example/r/2", "https://m.example/r/1"]);
    expect(replies.getByApId("https://m.example/r/3")?.deletedAt).toBe("2026-01-04T00:00:00Z");
    hidden.hide({ apId: "https://m.example/r/1", kind: "reply", label: "r1", reason: null, hiddenAt: new Date().toISOString(), hiddenBy: "test" });
    expect(replies.countFor(target)).toBe(1);
    replies.insert(
      reply("https://other.example/r/9", { author: { actorId: "https://other.example/users/x", name: null, handle: null, url: null, icon: null } }),
    );
    expect(replies.removeByAuthors({ actorIds: [], hosts: ["mastodon.example"] })).toBe(3);
    expect(replies.listFor(target, 10).map((r) => r.apId)).toEqual(["https://other.example/r/9"]);
  });

  it("counts one like and one boost per actor and object, and undoes them by activity or by what they were", () => {
    const reactions = new SqliteReactionStore(db);
    const target = "https://paris.example/events/1";
    const like = (activityId: string, actorId: string) => ({
      activityId,
      kind: "like" as const,
      actorId,
      targetApId: target,
      createdAt: "2026-01-01T00:00:00Z",
    });
    expect(reactions.add(like("https://a.example/likes/1", "https://a.example/users/a"))).toBe(true);
    expect(reactions.add(like("https://a.example/likes/2", "https://a.example/users/a"))).toBe(false);
    reactions.add(like("https://b.example/likes/1", "https://b.example/users/b"));
    reactions.add({ ...like("https://b.example/boosts/1", "https://b.example/users/b"), kind: "announce" });
    expect(reactions.counts(target)).toEqual({ likes: 2, shares: 1 });
    expect(reactions.removeActivity("https://a.example/likes/1", "https://b.example/users/b")).toBe(false);
    expect(reactions.removeActivity("https://a.example/likes/1", "https://a.example/users/a")).toBe(true);
    expect(reactions.remove("announce", "https://b.example/users/b", target)).toBe(true);
    expect(reactions.counts(target)).toEqual({ likes: 1, shares: 0 });
  });

  it("keeps reports once by activity id, and the moderation log newest first", () => {
    const reports = new SqliteReportStore(db);
    const report = {
      id: "r1",
      activityId: "https://m.example/flags/1",
      reporterId: "https://m.example/actor",
      objectIds: ["https://paris.example/events/1"],
      comment: "spam",
      receivedAt: "2026-01-01T00:00:00Z",
      resolvedAt: null,
      resolvedBy: null,
    };
    expect(reports.insert(report)).toBe(true);
    expect(reports.insert({ ...report, id: "r2" })).toBe(false);
    expect(reports.list({ all: false, limit: 10 }).map((r) => r.id)).toEqual(["r1"]);
    expect(reports.resolve("r1", "2026-01-02T00:00:00Z", "cli")).toBe(true);
    expect(reports.resolve("r1", "2026-01-03T00:00:00Z", "cli")).toBe(false);
    expect(reports.list({ all: false, limit: 10 })).toEqual([]);
    expect(reports.list({ all: true, limit: 10 })[0]).toMatchObject({ resolvedAt: "2026-01-02T00:00:00Z", resolvedBy: "cli" });

    const log = new SqliteAuditLog(db);
    log.record({ at: "2026-01-01T00:00:00Z", who: "cli", action: "block", target: "a.example", details: { severity: "suspend" } });
    log.record({ at: "2026-01-02T00:00:00Z", who: "ops", action: "unblock", target: "a.example", details: {} });
    expect(log.list(10).map((e) => [e.who, e.action])).toEqual([
      ["ops", "unblock"],
      ["cli", "block"],
    ]);
    expect(log.list(10)[1]!.details).toEqual({ severity: "suspend" });
  });
});
