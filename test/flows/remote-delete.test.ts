import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir, startNodeProcess } from "../helpers/node-process.ts";
import { api, issueToken } from "../helpers/operator.ts";
import type { Peer } from "../helpers/peer.ts";
import { startPeer } from "../helpers/peer.ts";
import { startTogether } from "../helpers/start.ts";
import { waitUntil } from "../helpers/wait.ts";

const AS = "https://www.w3.org/ns/activitystreams";
/** What the node logs when an inbox activity will be tried again. */
const RETRY_LOG = /Inbox listener failed|Failed to process the incoming activity/;

/** An instant a few days from now at 19:00 UTC, so that the event is always upcoming. */
const daysAhead = (days: number, hour = 19) => `${new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)}T${hour}:00:00Z`;

/** Two accounts of one server, both followed: neither may delete what the other published. */
describe("a remote Delete is accepted only from the object's owner", () => {
  let node: NodeProcess;
  let peer: Peer;
  let token: string;
  let sharedInbox: string;

  const titles = async () => (await api(node, "GET", "/api/calendar?limit=200", null)).body.items.map((item: any) => item.title) as string[];
  const queues = async () => (await api(node, "GET", "/healthz", null)).body.queue as { inbox: number; outbox: number; fanout: number };
  const send = async (name: string, activity: object) => {
    expect((await peer.signedPost(name, sharedInbox, activity)).status).toBe(202);
  };
  /** The node has logged a line naming the activity `id` (its debug log explains every ignore). */
  const logged = (text: string) => waitUntil(() => node.output().includes(text), `the node to log "${text}"`);

  /** The node follows `name` on the peer; the test plays the peer's Accept. */
  async function followPeerAccount(name: string): Promise<void> {
    const actor = peer.actorId(name);
    expect((await api(node, "POST", "/api/admin/follows", token, { handle: `${name}@${peer.host}` })).status).toBe(202);
    // The node may knock with RFC 9421 first, which the peer refuses; the retry is draft-cavage.
    const follow = await peer.waitFor((r) => r.body?.type === "Follow" && r.body.object === actor && r.verified);
    await send(name, { "@context": AS, id: `${actor}#accepts/1`, type: "Accept", actor, object: follow.body });
    await waitUntil(async () => {
      const items = (await api(node, "GET", "/api/admin/follows", token)).body.items as any[];
      return items.some((item) => item.actorId === actor && item.state === "accepted");
    }, `${name} accepted`);
  }

  beforeAll(async () => {
    [node, peer] = await startTogether(startNodeProcess({ config: { logLevel: "debug" } }), startPeer({ users: ["alice", "bob"] }));
    sharedInbox = `${node.origin}/inbox`;
    token = await issueToken(node, "admin");
    await followPeerAccount("alice");
    await followPeerAccount("bob");
  }, 60_000);
  afterAll(async () => {
    await Promise.all([node?.stop(), peer?.close()]);
    if (node) removeWorkDir(dirname(node.configFile));
  });

  it("refuses bob's Delete of alice's event, then applies alice's own", async () => {
    const alice = peer.actorId("alice");
    const bob = peer.actorId("bob");
    const event = {
      "@context": AS,
      id: `${peer.origin}/events/alice-1`,
      type: "Event",
      name: "Atelier d'Alice",
      attributedTo: alice,
      startTime: daysAhead(4),
      endTime: daysAhead(4, 21),
      published: new Date().toISOString(),
    };
    peer.serve(event);
    await send("alice", { "@context": AS, id: `${alice}#creates/1`, type: "Create", actor: alice, object: event });
    await waitUntil(async () => (await titles()).includes("Atelier d'Alice"), "alice's event in the calendar");

    const forged = { "@context": AS, id: `${bob}#deletes/1`, type: "Delete", actor: bob, object: event.id };
    await send("bob", forged);
    await logged(`Ignoring Delete ${forged.id} from ${bob}: it belongs to ${alice}`);
    expect(await titles()).toContain("Atelier d'Alice");

    const own = { "@context": AS, id: `${alice}#deletes/1`, type: "Delete", actor: alice, object: { id: event.id, type: "Tombstone" } };
    await send("alice", own);
    await waitUntil(async () => !(await titles()).includes("Atelier d'Alice"), "alice's event gone");
  });

  it("drops a Create whose object answers 404, without retrying it", async () => {
    const alice = peer.actorId("alice");
    const missing = `${peer.origin}/events/never-there`;
    const create = { "@context": AS, id: `${alice}#creates/2`, type: "Create", actor: alice, object: missing };
    await send("alice", create);
    await logged(`Dropping Create ${create.id}`);
    await waitUntil(async () => (await queues()).inbox === 0, "an empty inbox queue", 5_000);
    // One signed fetch, knocked with both signature specs at most; no retry of the activity.
    expect(peer.requests.filter((r) => r.method === "GET" && missing.endsWith(r.path)).length).toBeLessThanOrEqual(2);
    expect(node.output()).not.toMatch(RETRY_LOG);
  });
});
