import { dirname } from "node:path";
import { afterAll, describe, expect, it } from "@jest/globals";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir, startNodeProcess } from "../helpers/node-process.ts";
import type { Peer } from "../helpers/peer.ts";
import { startPeer } from "../helpers/peer.ts";

async function actorDocument(node: NodeProcess): Promise<Record<string, unknown>> {
  const response = await fetch(`${node.origin}/users/paris`, { headers: { Accept: "application/activity+json" } });
  return (await response.json()) as Record<string, unknown>;
}

describe("a node restarted after accepting a follower", () => {
  const nodes: NodeProcess[] = [];
  let peer: Peer | undefined;
  afterAll(async () => {
    await Promise.all([...nodes.map((node) => node.stop()), peer?.close()]);
    if (nodes[0]) removeWorkDir(dirname(nodes[0].configFile));
  });

  it("keeps its keys, its follower and its actor document", async () => {
    const first = await startNodeProcess();
    nodes.push(first);
    peer = await startPeer();
    const actorId = `${first.origin}/users/paris`;
    await peer.follow("alice", actorId, `${actorId}/inbox`);
    await peer.waitFor((r) => r.body?.type === "Accept" && r.verified);
    const before = await actorDocument(first);

    await first.stop();
    expect(first.process.exitCode).toBe(0);
    const second = await first.restart();
    nodes.push(second);

    expect(await actorDocument(second)).toEqual(before);
    const followers = await (await fetch(`${actorId}/followers`, { headers: { Accept: "application/activity+json" } })).json();
    expect(followers.totalItems).toBe(1);

    // The restarted node still signs with the same key: a second follower's Accept verifies
    // against the key document the peer fetches afresh.
    await peer.follow("alice", actorId, `${actorId}/inbox`);
    const accepts = () => peer!.received.filter((r) => r.body?.type === "Accept");
    await peer.waitFor(() => accepts().length === 2);
    expect(accepts().every((r) => r.verified && r.keyId === `${actorId}#main-key`)).toBe(true);
  });
});
