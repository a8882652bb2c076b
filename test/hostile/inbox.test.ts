import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { wallTime } from "../helpers/dates.ts";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir, startNodeProcess } from "../helpers/node-process.ts";
import { api, issueToken } from "../helpers/operator.ts";
import type { JsonObject, Peer } from "../helpers/peer.ts";
import { startPeer } from "../helpers/peer.ts";
import { startTogether } from "../helpers/start.ts";
import { waitForQueuesDrained, waitUntil } from "../helpers/wait.ts";
import { malformed, oversize } from "./corpus/inbox-bodies.ts";
import { content } from "./corpus/inbox-content.ts";
import { activityFields, objectFields } from "./corpus/inbox-fields.ts";
import { forged, signatures } from "./corpus/inbox-senders.ts";
import type { InboxCase, InboxWorld } from "./corpus/inbox-world.ts";
import { AS, activity, createEvent } from "./corpus/inbox-world.ts";
import type { Snapshot } from "./harness.ts";
import { CORPUS_LIMITS, expectHealthy, expectNamedProblem, expectStatus, idleRss, jsonOf, snapshot } from "./harness.ts";
import { postToInbox } from "./inbox-post.ts";
import { isSafeUrl, unsafeMarkup } from "./markup.ts";
import type { RawResponse } from "./raw-http.ts";
import { rawRequest } from "./raw-http.ts";

// The inbox corpus: every row is one POST to a running node, then the node's queues are drained
// (the positive signal that it has done all it will do) and what it holds is compared.

const GROUPS: [string, InboxCase[]][] = [
  ["bodies that are not a JSON object", malformed],
  ["bodies too large, too deep or too costly", oversize],
  ["activity fields of the wrong type", activityFields],
  ["Event fields of the wrong type or value", objectFields],
  ["signatures, keys, Date and Digest", signatures],
  ["forged origins and actors the node does not follow", forged],
  ["hostile content from a followed cantine", content],
];

describe("the inbox corpus", () => {
  let node: NodeProcess;
  let token: string;
  let world: InboxWorld;
  let idle: number;
  let watched: string[];
  let counter = 0;

  beforeAll(async () => {
    let friend: Peer, stranger: Peer;
    [node, friend, stranger] = await startTogether(
      startNodeProcess({ config: { limits: CORPUS_LIMITS } }),
      startPeer({ users: ["alice", "bob"] }),
      startPeer({ users: ["mallory"] }),
    );
    token = await issueToken(node, "admin");
    const actor = `${node.origin}/users/paris`;
    const zone = "Europe/Paris";
    world = {
      origin: node.origin,
      actor,
      friend,
      stranger,
      localEvent: { id: "", apId: "" },
      friendEvent: { id: "", apId: "" },
      ourFollowId: "",
      bobFollowId: "",
      soon: wallTime(12, "19:00", zone),
      later: wallTime(12, "21:00", zone),
    };
    // The node follows alice, who accepts.
    expect((await api(node, "POST", "/api/admin/follows", token, { handle: `alice@${friend.host}` })).status).toBe(202);
    const follow = await friend.waitFor((r) => r.body?.type === "Follow");
    world.ourFollowId = follow.body!.id;
    const accept = { "@context": AS, id: `${friend.origin}/accepts/1`, type: "Accept", actor: friend.actorId(), object: follow.body };
    expect((await postToInbox(friend, `${actor}/inbox`, accept)).status).toBe(202);
    await waitUntil(async () => (await api(node, "GET", "/api/admin/follows", token)).body.items[0]?.state === "accepted", "alice accepts");
    // Bob follows the node.
    const bob = await friend.follow("bob", actor, `${actor}/inbox`);
    world.bobFollowId = bob.activity.id;
    await waitUntil(
      async () =>
        ((await (await fetch(`${actor}/followers`, { headers: { Accept: "application/activity+json" } })).json()) as { totalItems: number }).totalItems === 1,
      "bob follows",
    );
    // One event of the node's own, one of alice's.
    const local = await api(node, "POST", "/api/admin/events", token, {
      title: "Local control",
      startsAt: wallTime(10, "19:00", zone).slice(0, 16),
      timezone: "UTC",
    });
    expect(local.status).toBe(201);
    world.localEvent = { id: local.body.id, apId: local.body.apId };
    const control = createEvent(world, "control", { name: "Friend control" });
    expect((await postToInbox(friend, `${node.origin}/inbox`, control)).status).toBe(202);
    await waitUntil(async () => (await api(node, "GET", "/api/calendar?from=2000-01-01&q=Friend%20control", null)).body.total === 1, "alice's control event");
    const stored = (await api(node, "GET", "/api/calendar?from=2000-01-01&q=Friend%20control", null)).body.items[0];
    world.friendEvent = { id: stored.id, apId: stored.apId };
    watched = [`/api/events/${world.localEvent.id}`, `/api/events/${world.friendEvent.id}`];
    await waitForQueuesDrained(node.origin);
    idle = await idleRss(node);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([node?.stop(), world?.friend.close(), world?.stranger.close()]);
    if (node) removeWorkDir(dirname(node.configFile));
  });

  /** Serves every document a row names (and the object it embeds) from the peer it belongs to. */
  function serveDocuments(c: InboxCase, body: unknown, n: string): void {
    const embedded = typeof body === "object" && body !== null && !Buffer.isBuffer(body) ? (body as JsonObject).object : undefined;
    const documents = [
      ...(c.serve?.(world, n) ?? []),
      ...(typeof embedded === "object" && embedded !== null && !Array.isArray(embedded) ? [embedded as JsonObject] : []),
    ];
    for (const document of documents) {
      if (typeof document.id !== "string") continue;
      const peer = [world.friend, world.stranger].find((p) => document.id.startsWith(`${p.origin}/`));
      peer?.serve({ "@context": AS, ...document });
    }
  }

  /** Everything stored whose id ends with this row's number. */
  async function storedCopies(n: string): Promise<{ events: JsonObject[]; projects: JsonObject[] }> {
    const mine = (item: JsonObject) => new RegExp(`-${n}$`).test(String(item.apId));
    const events = (await api(node, "GET", "/api/calendar?from=2000-01-01&limit=200", null)).body.items.filter(mine);
    const projects = (await api(node, "GET", "/api/board?limit=200", null)).body.items.filter(mine);
    return { events, projects };
  }

  async function expectSafePage(path: string): Promise<void> {
    const page = await rawRequest(node.origin, { path, headers: { Accept: "text/html" } });
    expect(page.status).toBe(200);
    expect(unsafeMarkup(page.text)).toEqual([]);
  }

  /** A stored copy of a hostile object: only http(s) links, sanitised HTML, and pages that render. */
  async function expectSafeCopies(n: string): Promise<void> {
    const { events, projects } = await storedCopies(n);
    expect(events.length + projects.length).toBeLessThanOrEqual(1);
    for (const e of events) {
      expect(typeof e.title).toBe("string");
      expect([e.url, e.image?.url, e.location?.url].filter((u) => !isSafeUrl(u))).toEqual([]);
      expect(isSafeUrl(e.registrationUrl, ["http:", "https:", "mailto:"])).toBe(true);
      expect(unsafeMarkup(e.descriptionHtml)).toEqual([]);
      await expectSafePage(`/events/${e.id}?lang=en`);
      expect((await rawRequest(node.origin, { path: `/events/${e.id}.ics` })).status).toBe(200);
    }
    for (const p of projects) {
      expect([p.url, ...p.links.map((l: JsonObject) => l.url)].filter((u) => !isSafeUrl(u))).toEqual([]);
      expect(isSafeUrl(p.contact?.includes(":") ? p.contact : null, ["http:", "https:", "mailto:"])).toBe(true);
      expect(unsafeMarkup(p.descriptionHtml)).toEqual([]);
      await expectSafePage(`/projects/${p.id}?lang=en`);
    }
  }

  function withoutNewContent(s: Snapshot): Snapshot {
    const { calendar: _c, board: _b, ...rest } = s;
    return rest;
  }

  async function run(c: InboxCase): Promise<RawResponse> {
    const n = String(++counter);
    const stranger = c.from === "stranger";
    const sender = stranger ? world.stranger : world.friend;
    const body = c.body(world, n);
    serveDocuments(c, body, n);
    const before = await snapshot(node, token, watched);
    const inbox = c.to === "actor" ? `${world.actor}/inbox` : `${node.origin}/inbox`;
    const response = await postToInbox(sender, inbox, body, { ...(stranger ? { user: "mallory" } : {}), ...c.post?.(world) });
    expectStatus(response.status, c.status);
    if (response.status >= 400 && response.status !== 431) {
      expectNamedProblem(response);
      if (c.error) expect(jsonOf(response)?.error ?? response.text).toMatch(c.error);
    }
    await waitForQueuesDrained(node.origin, 30_000);
    const after = await snapshot(node, token, watched);
    if (c.mayStore) {
      expect(withoutNewContent(after)).toEqual(withoutNewContent(before));
      await expectSafeCopies(n);
    } else {
      expect(after).toEqual(before);
    }
    return response;
  }

  describe.each(GROUPS)("%s", (_group, rows) => {
    it.each(rows.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
      await run(c);
    });

    it("leaves the node healthy, its memory bounded, and fetches no remote context", async () => {
      await expectHealthy(node, idle);
      expect([...world.friend.requests, ...world.stranger.requests].filter((r) => r.path.startsWith("/contexts/"))).toEqual([]);
      // Nothing polluted the node's objects: its JSON answers carry no key a row tried to plant.
      const answers = await Promise.all(
        ["/api/calendar?from=2000-01-01&limit=200", "/api/board", "/healthz", "/nodeinfo/2.1"].map((p) => rawRequest(node.origin, { path: p })),
      );
      for (const answer of answers) expect(answer.text).not.toMatch(/polluted|isAdmin/);
    }, 60_000);
  });

  it("still stores a well-formed event from the followed cantine", async () => {
    const body = activity(world, "final", "Create", { ...createEvent(world, "final").object, name: "Still welcome" });
    serveDocuments({ name: "final", body: () => body }, body, "final");
    expect((await postToInbox(world.friend, `${node.origin}/inbox`, body)).status).toBe(202);
    await waitUntil(async () => (await api(node, "GET", "/api/calendar?from=2000-01-01&q=Still%20welcome", null)).body.total === 1, "the final event");
  });
});
