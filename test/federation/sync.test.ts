// Back-fill and reconcile of a long outbox: pages read ahead and written in batches still give
// the newest state of every object, keep what was read when a later page cannot be fetched, and
// a second walk changes nothing. An actor that takes every follower is read before its Accept
// arrives, and a Reject takes back what was read; a locked one is read only once it accepts.

import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { dateFromToday, wallTime } from "../helpers/dates.ts";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir, startNodeProcess } from "../helpers/node-process.ts";
import { api, issueToken } from "../helpers/operator.ts";
import type { JsonObject, Peer } from "../helpers/peer.ts";
import { startPeer } from "../helpers/peer.ts";
import { startTogether } from "../helpers/start.ts";
import { waitUntil } from "../helpers/wait.ts";

const AS = "https://www.w3.org/ns/activitystreams";
const ZONE = "Europe/Paris";
const PAGE_SIZE = 20;
/** More pages than are read ahead, more events than one write batch holds. */
const PAGES = 26;

type Follow = { handle: string; state: string; upcomingEvents: number; lastSyncAt: string | null; lastError: string | null };

describe("back-filling a long outbox", () => {
  let node: NodeProcess;
  let peer: Peer;
  let token: string;

  const eventJson = (user: string, n: number, title: string, updated: string): JsonObject => ({
    id: `${peer.origin}/users/${user}/events/${n}`,
    type: "Event",
    name: title,
    content: `<p>Event ${n} of ${user}, <b>bold</b> &amp; plain.</p>`,
    summary: `<p>${title}</p>`,
    // The first event is the soonest: the calendar lists it first.
    startTime: wallTime(2 + Math.floor(n / 10), `${10 + (n % 10)}:00`, ZONE).replace("Z", "+00:00"),
    endTime: wallTime(2 + Math.floor(n / 10), `${10 + (n % 10)}:30`, ZONE),
    timezone: ZONE,
    attributedTo: `${peer.origin}/users/${user}`,
    published: "2026-01-01T10:00:00Z",
    updated,
    to: [`${AS}#Public`],
  });
  const activity = (user: string, type: string, n: number, object: JsonObject | string): JsonObject => ({
    id: `${peer.origin}/users/${user}/activities/${type.toLowerCase()}-${n}`,
    type,
    actor: `${peer.origin}/users/${user}`,
    object,
  });

  /**
   * `user`'s outbox, newest first: event 0 was updated after it was created (the Update comes
   * first, the Create pages later), event 1 was deleted (the Delete first); the others are new.
   * Page `missing` (1-based) is not served.
   */
  function serveOutbox(user: string, missing?: number): void {
    const items: JsonObject[] = [
      activity(user, "Update", 0, eventJson(user, 0, `${user} event 0, edited`, "2026-02-01T10:00:00Z")),
      activity(user, "Delete", 1, `${peer.origin}/users/${user}/events/1`),
    ];
    for (let n = 2; items.length < PAGES * PAGE_SIZE - 2; n++)
      items.push(activity(user, "Create", n, eventJson(user, n, `${user} event ${n}`, "2026-01-01T10:00:00Z")));
    items.push(activity(user, "Create", 1, eventJson(user, 1, `${user} event 1`, "2026-01-01T10:00:00Z")));
    items.push(activity(user, "Create", 0, eventJson(user, 0, `${user} event 0`, "2026-01-01T10:00:00Z")));
    const outbox = `${peer.origin}/users/${user}/outbox`;
    const pageUrl = (page: number) => `${outbox}/page/${page}`;
    peer.serve({ "@context": AS, id: outbox, type: "OrderedCollection", totalItems: items.length, first: pageUrl(1) });
    for (let page = 1; page <= PAGES; page++) {
      if (page === missing) continue;
      peer.serve({
        "@context": AS,
        id: pageUrl(page),
        type: "OrderedCollectionPage",
        partOf: outbox,
        orderedItems: items.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
        ...(page < PAGES ? { next: pageUrl(page + 1) } : {}),
      });
    }
  }

  async function followOf(user: string): Promise<Follow | undefined> {
    const items = (await api(node, "GET", "/api/admin/follows", token)).body.items as Follow[];
    return items.find((f) => f.handle?.startsWith(`${user}@`));
  }

  /** Asks to follow `user` on the peer; the Follow as the peer received it. */
  async function askToFollow(user: string): Promise<JsonObject> {
    expect((await api(node, "POST", "/api/admin/follows", token, { handle: `${user}@${peer.host}` })).status).toBe(202);
    return (await peer.waitFor((r) => r.body?.type === "Follow" && r.body.object === peer.actorId(user))).body!;
  }

  /** `user`'s answer to the node's Follow. */
  async function answer(user: string, type: "Accept" | "Reject", follow: JsonObject): Promise<void> {
    const id = `${peer.origin}/users/${user}/${type.toLowerCase()}s/1`;
    const response = await peer.signedPost(user, `${node.origin}/users/paris/inbox`, { "@context": AS, id, type, actor: peer.actorId(user), object: follow });
    expect(response.status).toBeLessThan(300);
  }

  /** Follows `user` on the peer, which accepts; the node then back-fills from its outbox. */
  async function follow(user: string): Promise<void> {
    await answer(user, "Accept", await askToFollow(user));
  }

  const calendarTitles = async (q: string): Promise<string[]> =>
    (await api(node, "GET", `/api/calendar?q=${q}&limit=100`, null)).body.items.map((item: { title: string }) => item.title);

  beforeAll(async () => {
    [node, peer] = await startTogether(startNodeProcess(), startPeer({ users: ["alice", "bob", "carol", "dave"], locked: ["dave"] }));
    token = await issueToken(node, "admin");
  }, 60_000);

  afterAll(async () => {
    await Promise.all([node?.stop(), peer?.close()]);
    if (node) removeWorkDir(dirname(node.configFile));
  });

  it("holds every event as it is now, not the deleted one, after walking all the pages", async () => {
    serveOutbox("alice");
    await follow("alice");
    // The walk may end before the Accept is handled: both are waited for.
    await waitUntil(async () => Boolean((await followOf("alice"))?.lastSyncAt && (await followOf("alice"))?.state === "accepted"), "alice's back-fill", 60_000);
    const alice = await followOf("alice");
    expect(alice).toMatchObject({ state: "accepted", lastError: null, upcomingEvents: PAGES * PAGE_SIZE - 3 });
    const soonest = (await api(node, "GET", "/api/calendar?limit=2", null)).body.items.map((item: { title: string }) => item.title);
    expect(soonest).toEqual(["alice event 0, edited", "alice event 2"]);
    // Read once: from the Follow on, while the Accept travelled; the Accept started no second walk.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(peer.requests.filter((r) => r.method === "GET" && r.path === "/users/alice/outbox/page/26")).toHaveLength(1);
    const [first] = (await api(node, "GET", "/api/calendar?limit=1", null)).body.items;
    expect(first.descriptionHtml).toBe("<p>Event 0 of alice, <b>bold</b> &amp; plain.</p>");
  }, 90_000);

  it("changes nothing when it walks the same outbox again", async () => {
    const response = await api(node, "POST", `/api/admin/follows/${encodeURIComponent(`${peer.origin}/users/alice`)}/sync`, token);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      pages: PAGES,
      activities: PAGES * PAGE_SIZE - 2,
      created: 0,
      updated: 0,
      deleted: 0,
      unchanged: PAGES * PAGE_SIZE - 2,
    });
    expect((await followOf("alice"))?.upcomingEvents).toBe(PAGES * PAGE_SIZE - 3);
  }, 60_000);

  it("keeps what it read before a page it could not fetch, and says the walk failed", async () => {
    serveOutbox("bob", 12);
    await follow("bob");
    await waitUntil(async () => Boolean((await followOf("bob"))?.lastError), "bob's back-fill to fail", 60_000);
    // Pages 1 to 11: the Update of event 0, the Delete of event 1 and 218 new events.
    expect((await followOf("bob"))?.upcomingEvents).toBe(11 * PAGE_SIZE - 1);
  }, 90_000);

  it("reads an actor that takes every follower before its Accept arrives, and drops it all on a Reject", async () => {
    serveOutbox("carol");
    const sent = await askToFollow("carol");
    await waitUntil(async () => (await followOf("carol"))?.upcomingEvents === PAGES * PAGE_SIZE - 3, "carol's events before any answer", 60_000);
    expect(await followOf("carol")).toMatchObject({ state: "pending", lastError: null });
    expect(await calendarTitles("carol")).toContain("carol event 0, edited");

    await answer("carol", "Reject", sent);
    await waitUntil(async () => (await followOf("carol"))?.state === "rejected", "the Reject to be handled", 30_000);
    expect((await followOf("carol"))?.upcomingEvents).toBe(0);
    expect(await calendarTitles("carol")).toEqual([]);
  }, 90_000);

  it("reads a locked actor (manuallyApprovesFollowers) only once it accepts", async () => {
    serveOutbox("dave");
    const sent = await askToFollow("dave");
    await waitUntil(async () => (await followOf("dave"))?.state === "pending", "the follow request", 30_000);
    // The Follow left (the peer holds it) and nothing is asked of dave's outbox while it waits.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(peer.requests.filter((r) => r.path.startsWith("/users/dave/outbox"))).toEqual([]);
    expect((await followOf("dave"))?.upcomingEvents).toBe(0);

    await answer("dave", "Accept", sent);
    await waitUntil(async () => (await followOf("dave"))?.upcomingEvents === PAGES * PAGE_SIZE - 3, "dave's back-fill after the Accept", 60_000);
    expect(await calendarTitles("dave")).toContain("dave event 0, edited");
  }, 90_000);
});

describe("back-filling a cantine that answers signed requests only", () => {
  let followed: NodeProcess;
  let follower: NodeProcess;

  beforeAll(async () => {
    [followed, follower] = await startTogether(
      startNodeProcess({ slug: "sf", config: { authorizedFetch: true, city: "San Francisco", country: "US", timezone: "America/Los_Angeles" } }),
      startNodeProcess({ slug: "paris" }),
    );
  }, 60_000);

  afterAll(async () => {
    await Promise.all([followed?.stop(), follower?.stop()]);
    for (const node of [followed, follower]) if (node) removeWorkDir(dirname(node.configFile));
  });

  it("signs its requests once the outbox refuses an unsigned one, and gets every event", async () => {
    const sfToken = await issueToken(followed, "admin");
    for (const day of [3, 4, 5]) {
      const input = { title: `Signed only ${day}`, startsAt: `${dateFromToday(day, "America/Los_Angeles")}T19:00` };
      expect((await api(followed, "POST", "/api/admin/events", sfToken, input)).status).toBe(201);
    }
    expect((await fetch(`${followed.origin}/users/sf/outbox`, { headers: { Accept: "application/activity+json" } })).status).toBe(401);
    const token = await issueToken(follower, "admin");
    const handle = `sf@${new URL(followed.origin).host}`;
    expect((await api(follower, "POST", "/api/admin/follows", token, { handle })).status).toBe(202);
    const synced = async () =>
      ((await api(follower, "GET", "/api/admin/follows", token)).body.items as Follow[]).find(
        (f) => f.handle === handle && f.lastSyncAt && f.state === "accepted",
      );
    await waitUntil(async () => Boolean(await synced()), "the back-fill of the signed-only cantine", 30_000);
    expect(await synced()).toMatchObject({ state: "accepted", lastError: null, upcomingEvents: 3 });
  }, 60_000);
});
