import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { signRequest } from "../helpers/http-signatures.ts";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir, startNodeProcess } from "../helpers/node-process.ts";
import type { Peer } from "../helpers/peer.ts";
import { startPeer } from "../helpers/peer.ts";
import { startTogether } from "../helpers/start.ts";
import { waitForQueuesDrained } from "../helpers/wait.ts";

const AS = "https://www.w3.org/ns/activitystreams";
const AP = "application/activity+json";
const BUDGET = 20;

type Answer = { user: string; status: number; retryAfter: string | null; body: string };

/** A Follow of the cantine from `user` of `peer`, signed as the peer signs (its keys, draft-cavage); the answer with its headers. */
async function follow(peer: Peer, user: string, node: NodeProcess): Promise<Answer> {
  const inbox = `${node.origin}/users/paris/inbox`;
  const body = JSON.stringify({
    "@context": AS,
    id: `${peer.actorId(user)}#follows/${crypto.randomUUID()}`,
    type: "Follow",
    actor: peer.actorId(user),
    object: `${node.origin}/users/paris`,
  });
  const headers = signRequest({ method: "POST", url: inbox, keyId: peer.keyId(user), privateKey: peer.keys(user).privateKey, body });
  const response = await fetch(inbox, { method: "POST", headers, body, signal: AbortSignal.timeout(15_000) });
  return { user, status: response.status, retryAfter: response.headers.get("retry-after"), body: await response.text() };
}

async function followers(node: NodeProcess): Promise<string[]> {
  const collection = await (await fetch(`${node.origin}/users/paris/followers`, { headers: { Accept: AP } })).json();
  const page = await (await fetch(collection.first, { headers: { Accept: AP } })).json();
  return [...(page.orderedItems ?? page.items ?? [])].sort();
}

describe("each remote host has its own inbox budget", () => {
  let node: NodeProcess;
  let flooder: Peer;
  let other: Peer;
  // The budget's worth of followers, then more: the first request past the budget must be refused.
  const first = Array.from({ length: BUDGET }, (_, i) => `early${i}`);
  const more = Array.from({ length: 10 }, (_, i) => `late${i}`);

  beforeAll(async () => {
    [node, flooder, other] = await startTogether(
      startNodeProcess({ config: { limits: { inboxRequestsPerMinute: BUDGET } } }),
      startPeer({ users: [...first, ...more] }),
      startPeer({ users: ["carol"] }),
    );
  });
  afterAll(async () => {
    await Promise.all([node?.stop(), flooder?.close(), other?.close()]);
    if (node) removeWorkDir(dirname(node.configFile));
  });

  it("a host over budget gets 429 with Retry-After and nothing of it is stored; another host is still served", async () => {
    // A fresh budget holds BUDGET requests, whatever the time they take (sent 10 at a time: one
    // host may have at most half of the 32 inbox requests in progress).
    const early: Answer[] = [];
    for (let i = 0; i < first.length; i += 10) early.push(...(await Promise.all(first.slice(i, i + 10).map((user) => follow(flooder, user, node)))));
    expect(early.map((a) => a.status)).toEqual(first.map(() => 202));

    // Past it, requests are refused until the budget refills (one every 60/BUDGET seconds).
    const late: Answer[] = [];
    for (const user of more) {
      late.push(await follow(flooder, user, node));
      if (late.at(-1)!.status === 429) break;
    }
    const refused = late.at(-1)!;
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    expect(Number.isInteger(Number(refused.retryAfter))).toBe(true);
    expect(JSON.parse(refused.body)).toMatchObject({
      error: `too many inbox requests from ${flooder.host}: at most ${BUDGET} per minute`,
      retryAfterSeconds: Number(refused.retryAfter),
    });

    // Meanwhile another server (another host: its own port) is served.
    const carol = await follow(other, "carol", node);
    expect(carol.status).toBe(202);

    // Positive signal first: every accepted Follow got its Accept, and the node has nothing left to do.
    const accepted = [...early, ...late].filter((a) => a.status === 202).map((a) => a.user);
    for (const user of accepted) await flooder.waitFor((r) => r.body?.type === "Accept" && r.path === `/users/${user}/inbox`, 20_000);
    await other.waitFor((r) => r.body?.type === "Accept" && r.path === "/users/carol/inbox", 20_000);
    await waitForQueuesDrained(node.origin, 20_000);

    expect(await followers(node)).toEqual([...accepted.map((user) => flooder.actorId(user)), other.actorId("carol")].sort());
    expect(flooder.received.filter((r) => r.path === `/users/${refused.user}/inbox`)).toEqual([]);
    // The refused request never reached signature verification: its key was not even fetched.
    expect(flooder.requests.filter((r) => r.method === "GET" && r.path.startsWith(`/users/${refused.user}`))).toEqual([]);
  });
});
