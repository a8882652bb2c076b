import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir, startNodeProcess } from "../helpers/node-process.ts";
import { api, issueToken } from "../helpers/operator.ts";
import type { FollowActivity, Peer } from "../helpers/peer.ts";
import { startPeer } from "../helpers/peer.ts";
import { startTogether } from "../helpers/start.ts";
import { waitUntil } from "../helpers/wait.ts";

const AS = "https://www.w3.org/ns/activitystreams";
/** What the node logs when an inbox activity will be tried again. */
const RETRY_LOG = /Inbox listener failed|Failed to process the incoming activity/;

/** A local date a few days from now, so that the events published here are always upcoming. */
const daysAhead = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/**
 * Servers unfollow in several shapes: Mastodon embeds the whole Follow, Gancio a Follow with
 * only its id and object, others name the Follow by its URI (which their server may not serve).
 * Each unfollowing account lives on its own peer, so that a delivery to its shared inbox can
 * only be meant for it.
 */
describe("a follower leaves, whatever the shape of its Undo", () => {
  let node: NodeProcess;
  let mastodon: Peer, gancio: Peer, bareUri: Peer, staying: Peer;
  let token: string;
  let ours: string;
  const follows = new Map<Peer, FollowActivity>();

  const followerCount = async () => (await api(node, "GET", "/users/paris/followers", null)).body.totalItems as number;
  const queues = async () => (await api(node, "GET", "/healthz", null)).body.queue as { inbox: number; outbox: number; fanout: number };
  const send = async (peer: Peer, name: string, activity: object) => {
    expect((await peer.signedPost(name, `${ours}/inbox`, activity)).status).toBe(202);
  };
  /** The node has explained in its debug log why it ignored the Undo `id`. */
  const ignored = (id: string) => waitUntil(() => node.output().includes(`Ignoring Undo ${id}`), `the node to ignore ${id}`);

  beforeAll(async () => {
    [node, mastodon, gancio, bareUri, staying] = await startTogether(
      startNodeProcess({ config: { logLevel: "debug" } }),
      startPeer(),
      startPeer(),
      startPeer(),
      startPeer({ users: ["alice", "mallory"] }),
    );
    ours = `${node.origin}/users/paris`;
    for (const peer of [mastodon, gancio, bareUri, staying]) {
      const { activity, status } = await peer.follow("alice", ours, `${ours}/inbox`);
      expect(status).toBe(202);
      follows.set(peer, activity);
      await peer.waitFor((r) => r.body?.type === "Accept");
    }
    // Mallory follows too: her Undo of Alice's Follow must end neither follow.
    expect((await staying.follow("mallory", ours, `${ours}/inbox`)).status).toBe(202);
    await staying.waitFor((r) => r.body?.type === "Accept" && r.path === "/users/mallory/inbox");
    expect(await followerCount()).toBe(5);
    token = await issueToken(node, "events:write");
  }, 60_000);
  afterAll(async () => {
    await Promise.all([node?.stop(), mastodon?.close(), gancio?.close(), bareUri?.close(), staying?.close()]);
    if (node) removeWorkDir(dirname(node.configFile));
  });

  /** Once the follower count has dropped, the inbox queue holds no retry of the Undo. */
  const leaves = async (expected: number) => {
    await waitUntil(async () => (await followerCount()) === expected, `${expected} follower(s) left`);
    await waitUntil(async () => (await queues()).inbox === 0, "an empty inbox queue", 5_000);
  };

  it("Mastodon: the whole Follow embedded", async () => {
    const { status } = await mastodon.undoFollow("alice", follows.get(mastodon)!, `${ours}/inbox`);
    expect(status).toBe(202);
    await leaves(4);
  });

  it("Gancio: an embedded Follow with only its id and object", async () => {
    const actor = gancio.actorId("alice");
    await send(gancio, "alice", { "@context": AS, id: `${actor}#undo-1`, type: "Undo", actor, object: { id: follows.get(gancio)!.id, object: ours } });
    await leaves(3);
  });

  it("the Follow's URI alone, which the follower's server does not serve", async () => {
    const actor = bareUri.actorId("alice");
    const followId = follows.get(bareUri)!.id;
    expect((await fetch(followId, { headers: { Accept: "application/activity+json" } })).status).toBe(404);
    const fetches = () => bareUri.requests.filter((r) => r.method === "GET" && followId.endsWith(r.path)).length;
    const fetchedBefore = fetches(); // our own check just above
    await send(bareUri, "alice", { "@context": AS, id: `${actor}#undo-1`, type: "Undo", actor, object: followId });
    await leaves(2);
    expect(fetches()).toBe(fetchedBefore); // the node never dereferenced the Follow
  });

  it("an Undo of someone else's Follow, embedded or by URI, leaves both follows in place", async () => {
    const mallory = staying.actorId("mallory");
    const followed = follows.get(staying)!;
    const embedded = {
      "@context": AS,
      id: `${mallory}#undo-1`,
      type: "Undo",
      actor: mallory,
      object: { id: followed.id, type: "Follow", actor: followed.actor, object: ours },
    };
    const byUri = { "@context": AS, id: `${mallory}#undo-2`, type: "Undo", actor: mallory, object: followed.id };
    await send(staying, "mallory", embedded);
    await send(staying, "mallory", byUri);
    await ignored(embedded.id);
    await ignored(byUri.id);
    await waitUntil(async () => (await queues()).inbox === 0, "an empty inbox queue", 5_000);
    expect(await followerCount()).toBe(2);
  });

  it("a later event reaches the remaining followers and none of those who left; no Undo was retried", async () => {
    const title = `Soirée des suiveurs ${Date.now()}`;
    const day = daysAhead(3);
    const created = await api(node, "POST", "/api/admin/events", token, { title, startsAt: `${day}T19:00`, endsAt: `${day}T21:00` });
    expect(created.status).toBe(201);
    await staying.waitFor((r) => r.body?.type === "Create" && r.body.object?.name === title);
    await waitUntil(async () => {
      const { outbox, fanout } = await queues();
      return outbox === 0 && fanout === 0;
    }, "the outbox queues to drain");
    for (const peer of [mastodon, gancio, bareUri]) {
      expect(peer.received.filter((r) => r.body?.type === "Create")).toEqual([]);
    }
    expect(node.output()).not.toMatch(RETRY_LOG);
  });
});
