import { readFileSync } from "node:fs";
import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir, startNodeProcess } from "../helpers/node-process.ts";
import { api } from "../helpers/operator.ts";
import type { Peer } from "../helpers/peer.ts";
import { startPeer } from "../helpers/peer.ts";
import { startTogether } from "../helpers/start.ts";

const AS = "https://www.w3.org/ns/activitystreams";

function rssMiB(node: NodeProcess): number {
  const status = readFileSync(`/proc/${node.process.pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

function nested(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${"}".repeat(depth)}`;
}

describe("an inbox body that would cost too much to process gets a 400 and changes nothing", () => {
  let node: NodeProcess;
  let peer: Peer;
  let idleRss: number;
  let n = 0;
  const activity = (extra: Record<string, unknown>) => ({
    "@context": AS,
    id: `${peer.actorId("alice")}/activities/${++n}`,
    type: "Create",
    actor: peer.actorId("alice"),
    object: {
      id: `${peer.origin}/events/${n}`,
      type: "Event",
      name: "Bomb",
      startTime: new Date(Date.now() + 86_400_000).toISOString(),
      attributedTo: peer.actorId("alice"),
    },
    ...extra,
  });
  const stored = async () => (await api(node, "GET", "/api/calendar?limit=1", null)).body.total;

  beforeAll(async () => {
    [node, peer] = await startTogether(startNodeProcess(), startPeer());
    await fetch(`${node.origin}/healthz`);
    idleRss = rssMiB(node);
  });
  afterAll(async () => {
    await Promise.all([node?.stop(), peer?.close()]);
    if (node) removeWorkDir(dirname(node.configFile));
  });

  async function expectRefused(body: object | string, reason: RegExp | string) {
    const before = await stored();
    const text = typeof body === "string" ? body : JSON.stringify(body);
    const response =
      typeof body === "string"
        ? await fetch(`${node.origin}/inbox`, { method: "POST", headers: { "Content-Type": "application/activity+json" }, body: text })
        : await peer.signedPost("alice", `${node.origin}/inbox`, body);
    const answer = typeof response.body === "string" ? JSON.parse(response.body) : await (response as Response).json();
    expect([response.status, answer.error]).toEqual([400, expect.stringMatching(reason)]);
    expect(await stored()).toBe(before);
    expect((await fetch(`${node.origin}/healthz`)).status).toBe(200);
  }

  it("a signed activity whose @context holds thousands of inline terms", async () => {
    const terms = Object.fromEntries(Array.from({ length: 4_000 }, (_, i) => [`t${i}`, `http://x.example/${i}`]));
    await expectRefused(activity({ "@context": [AS, terms] }), /defines more than \d+ terms/);
    // Just under the 1 MB limit: as many terms as fit.
    const big = Object.fromEntries(Array.from({ length: 24_000 }, (_, i) => [`term${i}`, `http://x.example/${i}`]));
    await expectRefused(activity({ "@context": [AS, big] }), /defines more than \d+ terms/);
    expect(rssMiB(node) - idleRss).toBeLessThan(100);
  });

  it("JSON nested thousands of levels deep, signed or not", async () => {
    for (const depth of [5_000, 20_000])
      await expectRefused(`{"@context":"${AS}","type":"Create","actor":"${peer.actorId("alice")}","object":${nested(depth)}}`, /nested more than \d+ levels/);
    // Signed too (a thousand levels: deeper cannot even be serialised by JSON.stringify here).
    await expectRefused(activity({ object: JSON.parse(nested(1_000)) }), /nested more than/);
  });

  it("an @context URL that is unknown, missing, unreachable or private, and none of them is fetched", async () => {
    const urls = [`${peer.origin}/contexts/missing.jsonld`, "http://127.0.0.1:9/unreachable.jsonld", "http://10.0.0.1/private.jsonld"];
    for (const url of urls) await expectRefused(activity({ "@context": [AS, url] }), /is not a context this node knows/);
    expect(peer.requests.filter((r) => r.path.startsWith("/contexts/"))).toEqual([]);
  });

  it("an embedded object whose startTime is a number", async () => {
    const body = activity({});
    await expectRefused({ ...body, object: { ...(body.object as object), startTime: 1_800_000_000 } }, '"startTime" must be a date-time string, got a number');
  });

  it("a Date header that is not a date", async () => {
    const response = await fetch(`${node.origin}/inbox`, {
      method: "POST",
      headers: { "Content-Type": "application/activity+json", Date: "not a date", Signature: `keyId="${peer.keyId("alice")}",headers="date",signature="AAAA"` },
      body: JSON.stringify(activity({})),
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error).toMatch(/Date header "not a date" is not an HTTP date/);
  });

  it("a well-formed activity naming LitePub's context (Pleroma, Mobilizon) still goes through", async () => {
    const response = await peer.signedPost(
      "alice",
      `${node.origin}/inbox`,
      activity({ "@context": [AS, "https://litepub.social/litepub/context.jsonld", { sensitive: "as:sensitive" }] }),
    );
    expect(response.status).toBe(202);
    expect(rssMiB(node) - idleRss).toBeLessThan(100);
  });
});

describe("query parameters beyond range get a 400, not a 500", () => {
  let node: NodeProcess;
  beforeAll(async () => {
    node = await startNodeProcess();
  });
  afterAll(async () => {
    await node?.stop();
    if (node) removeWorkDir(dirname(node.configFile));
  });

  it.each(["offset=99999999999999999999", "offset=1e20", "offset=-1", "offset=1.5", "offset=0x10", "limit=1e2", "limit=0", "limit=201", "offset=&offset=2"])(
    "GET /api/calendar?%s",
    async (query) => {
      const response = await api(node, "GET", `/api/calendar?${query}`, null);
      expect(response.status).toBe(400);
      expect(response.body.error).toMatch(/query parameter "(offset|limit)" must be a whole number/);
    },
  );
});
