import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { runCantine } from "../helpers/cli.ts";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir, startNodeProcess } from "../helpers/node-process.ts";
import type { Peer } from "../helpers/peer.ts";
import { startPeer } from "../helpers/peer.ts";
import { startTogether } from "../helpers/start.ts";
import { waitForQueuesDrained } from "../helpers/wait.ts";

async function totalFollowers(node: NodeProcess): Promise<number> {
  const response = await fetch(`${node.origin}/users/paris/followers`, { headers: { Accept: "application/activity+json" } });
  return ((await response.json()) as { totalItems: number }).totalItems;
}

describe("a cantine that approves its followers by hand", () => {
  let node: NodeProcess;
  let peer: Peer;
  beforeAll(async () => {
    [node, peer] = await startTogether(startNodeProcess({ config: { manuallyApprovesFollowers: true } }), startPeer({ users: ["alice", "bob"] }));
  });
  afterAll(async () => {
    await Promise.all([node?.stop(), peer?.close()]);
    if (node) removeWorkDir(dirname(node.configFile));
  });

  it("says so in its actor document", async () => {
    const { json } = await peer.fetchActor(`${node.origin}/users/paris`);
    expect(json.manuallyApprovesFollowers).toBe(true);
  });

  it("keeps a follow pending until the operator approves it, then sends the Accept", async () => {
    const actorId = `${node.origin}/users/paris`;
    const { activity: follow } = await peer.follow("alice", actorId, `${actorId}/inbox`);
    await waitForQueuesDrained(node.origin);
    expect(peer.received.filter((r) => r.body?.type === "Accept")).toEqual([]);
    expect(await totalFollowers(node)).toBe(0);

    const listed = await runCantine(["followers", "list", "--pending", "--config", node.configFile]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`pending  ${peer.actorId("alice")}`);

    const approved = await runCantine(["followers", "approve", peer.actorId("alice"), "--config", node.configFile]);
    expect(approved.code).toBe(0);
    const accept = await peer.waitFor((r) => r.body?.type === "Accept", 15_000);
    expect(accept.verified).toBe(true);
    expect(accept.body!.object.id ?? accept.body!.object).toBe(follow.id);
    expect(await totalFollowers(node)).toBe(1);
  });

  it("sends a Reject when the operator refuses, and stores nothing", async () => {
    const actorId = `${node.origin}/users/paris`;
    await peer.follow("bob", actorId, `${actorId}/inbox`);
    await waitForQueuesDrained(node.origin); // the request is recorded as pending
    const rejected = await runCantine(["followers", "reject", peer.actorId("bob"), "--config", node.configFile]);
    expect(rejected.code).toBe(0);
    const reject = await peer.waitFor((r) => r.body?.type === "Reject", 15_000);
    expect(reject.verified).toBe(true);
    expect(reject.path).toBe("/users/bob/inbox");
    expect(await totalFollowers(node)).toBe(1);
  });

  it("answers a wrong CLI call with a clear message and a non-zero exit", async () => {
    const unknown = await runCantine(["followers", "approve", "https://nobody.example/users/x", "--config", node.configFile]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("No follow request from https://nobody.example/users/x");
    const missing = await runCantine(["followers", "approve", "--config", node.configFile]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("Missing ACTOR_URL");
  });
});
