import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir, startNodeProcess } from "../helpers/node-process.ts";
import type { Peer } from "../helpers/peer.ts";
import { startPeer } from "../helpers/peer.ts";
import { startTogether } from "../helpers/start.ts";

/** The advisories' attacks played against a running node: each is refused and stores nothing. */
describe("inbox guards on a running node", () => {
  let node: NodeProcess;
  let honest: Peer;
  let attacker: Peer;
  let actorId: string;

  beforeAll(async () => {
    [node, honest, attacker] = await startTogether(startNodeProcess(), startPeer(), startPeer({ users: ["mallory"] }));
    actorId = `${node.origin}/users/paris`;
  });
  afterAll(async () => {
    await Promise.all([node?.stop(), honest?.close(), attacker?.close()]);
    if (node) removeWorkDir(dirname(node.configFile));
  });

  async function followers(): Promise<number> {
    const response = await fetch(`${actorId}/followers`, { headers: { Accept: "application/activity+json" } });
    return ((await response.json()) as { totalItems: number }).totalItems;
  }

  function followBy(actor: string, id: string) {
    return { "@context": "https://www.w3.org/ns/activitystreams", id, type: "Follow", actor, object: actorId };
  }

  it("GHSA-q9f8-5hc7-898f: a Follow in alice's name signed with a key on another origin gets 401", async () => {
    const forged = followBy(honest.actorId("alice"), `${honest.origin}/forged-1`);
    const response = await attacker.signedPost("mallory", `${actorId}/inbox`, forged);
    expect(response.status).toBe(401);
    expect(JSON.parse(response.body).error).toMatch(/not on the actor's origin/);
    expect(await followers()).toBe(0);
  });

  it("GHSA-4qhx-hhwf-8685: an activity whose id is on another origin than its actor gets 401", async () => {
    const activity = followBy(attacker.actorId("mallory"), `${honest.origin}/not-mine`);
    const response = await attacker.signedPost("mallory", `${actorId}/inbox`, activity);
    expect(response.status).toBe(401);
    expect(await followers()).toBe(0);
  });

  it("GHSA-r388-57j3-5fgp: an activity without an id gets 401", async () => {
    const { id: _id, ...activity } = followBy(attacker.actorId("mallory"), "unused");
    const response = await attacker.signedPost("mallory", `${node.origin}/inbox`, activity);
    expect(response.status).toBe(401);
    expect(await followers()).toBe(0);
  });

  it("GHSA-mc44-6cfg-2v6w: an inbox body over 1 MB gets 413", async () => {
    const activity = { ...followBy(attacker.actorId("mallory"), `${attacker.origin}/big`), padding: "x".repeat(1_100_000) };
    const response = await attacker.signedPost("mallory", `${actorId}/inbox`, activity);
    expect(response.status).toBe(413);
    expect(await followers()).toBe(0);
  });

  it("still accepts an honest Follow", async () => {
    const response = await honest.signedPost("alice", `${actorId}/inbox`, followBy(honest.actorId("alice"), `${honest.origin}/honest-1`));
    expect(response.status).toBe(202);
    await honest.waitFor((r) => r.body?.type === "Accept");
    expect(await followers()).toBe(1);
  });
});
