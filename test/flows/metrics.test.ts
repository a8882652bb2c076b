import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { dateFromToday } from "../helpers/dates.ts";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir, startNodeProcess } from "../helpers/node-process.ts";
import { api, issueToken } from "../helpers/operator.ts";
import type { Peer } from "../helpers/peer.ts";
import { startPeer } from "../helpers/peer.ts";
import { startTogether } from "../helpers/start.ts";
import { waitUntil } from "../helpers/wait.ts";

const TOKEN = "scrape-secret-for-the-metrics-flow";
const AS = "https://www.w3.org/ns/activitystreams";

/** The value of one sample of the exposition text (labels in prom-client's order), or 0 when absent. */
function sample(text: string, line: string): number {
  const found = text.split("\n").find((l) => l.startsWith(`${line} `));
  return found === undefined ? 0 : Number(found.slice(line.length + 1));
}

describe("an operator watches a running node", () => {
  let node: NodeProcess;
  let follower: Peer;
  let gone: Peer;
  let token: string;
  let actorId: string;
  const metrics = async (authorization = `Bearer ${TOKEN}`) => {
    const response = await fetch(`${node.origin}/metrics`, { headers: { Authorization: authorization } });
    return { status: response.status, type: response.headers.get("content-type"), text: await response.text() };
  };

  beforeAll(async () => {
    // 127.0.0.1 is not on the allow list: only the token lets the test in.
    [node, follower, gone] = await startTogether(
      startNodeProcess({ config: { metrics: { allow: ["10.9.8.7"], token: TOKEN } } }),
      startPeer({ users: ["alice"] }),
      startPeer({ users: ["bob"] }),
    );
    token = await issueToken(node, "events:write");
    actorId = `${node.origin}/users/paris`;
  }, 60_000);
  afterAll(async () => {
    await Promise.all([node?.stop(), follower?.close(), gone?.close().catch(() => {})]);
    if (node) removeWorkDir(node.configFile.replace(/\/[^/]+$/, ""));
  });

  it("serves /metrics only to allowed addresses or with the token", async () => {
    const anonymous = await fetch(`${node.origin}/metrics`);
    expect(anonymous.status).toBe(403);
    expect((await anonymous.json()).error).toMatch(/metrics\.allow/);
    expect((await metrics("Bearer not-the-right-secret-at-all")).status).toBe(403);
    const allowed = await metrics();
    expect(allowed.status).toBe(200);
    expect(allowed.type).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(allowed.text).toContain("# TYPE cantine_deliveries_total counter");
    expect(allowed.text).toMatch(/^process_cpu_user_seconds_total /m);
  });

  it("counts deliveries per host, inbox outcomes by reason, latencies and cache hits", async () => {
    // Two Mastodon accounts follow the cantine; the second server then goes away.
    for (const [peer, name] of [
      [follower, "alice"],
      [gone, "bob"],
    ] as const) {
      expect((await peer.follow(name, actorId, `${actorId}/inbox`)).status).toBe(202);
      await peer.waitFor((r) => r.body?.type === "Accept");
    }
    await gone.close();

    // Refused at the door: not JSON, no signature, a broken signature.
    const create = {
      "@context": AS,
      id: `${follower.origin}/c/1`,
      type: "Create",
      actor: follower.actorId("alice"),
      object: { id: `${follower.origin}/n/1`, type: "Note", content: "hi" },
    };
    expect((await fetch(`${actorId}/inbox`, { method: "POST", headers: { "Content-Type": "application/activity+json" }, body: "not json" })).status).toBe(400);
    expect((await follower.signedPost("alice", `${actorId}/inbox`, create, { omitSignature: true })).status).toBe(401);
    expect((await follower.signedPost("alice", `${actorId}/inbox`, create, { tamper: "signature" })).status).toBe(401);
    // Let in, then ignored: alice is a follower, not a cantine we follow.
    expect((await follower.signedPost("alice", `${actorId}/inbox`, create)).status).toBe(202);

    const day = dateFromToday(9);
    const published = await api(node, "POST", "/api/admin/events", token, { title: "Apéro métriques", startsAt: `${day}T19:00` });
    expect(published.status).toBe(201);
    await follower.waitFor((r) => r.body?.type === "Create" && r.body?.object?.name === "Apéro métriques");

    const goneHost = new URL(gone.origin).host;
    const host = new URL(follower.origin).host;
    await waitUntil(
      async () => sample((await metrics()).text, `cantine_deliveries_total{host="${goneHost}",outcome="failed"}`) >= 1,
      "the failed delivery to be counted",
    );

    // The calendar read twice with the same query: the second answer comes from the cache.
    for (let i = 0; i < 2; i++) expect((await fetch(`${node.origin}/api/calendar?from=${day}`)).status).toBe(200);

    const { text } = await metrics();
    expect(sample(text, `cantine_deliveries_total{host="${host}",outcome="sent"}`)).toBeGreaterThanOrEqual(2); // Accept, Create
    expect(sample(text, `cantine_delivery_responses_total{host="${host}",status_class="2xx"}`)).toBeGreaterThanOrEqual(2);
    expect(sample(text, `cantine_delivery_responses_total{host="${goneHost}",status_class="error"}`)).toBeGreaterThanOrEqual(1);
    expect(sample(text, `cantine_inbox_requests_total{outcome="accepted",reason="ok"}`)).toBeGreaterThanOrEqual(3);
    expect(sample(text, `cantine_inbox_requests_total{outcome="refused",reason="not_json"}`)).toBe(1);
    expect(sample(text, `cantine_inbox_requests_total{outcome="refused",reason="origin_mismatch"}`)).toBe(1);
    expect(sample(text, `cantine_inbox_requests_total{outcome="refused",reason="signature"}`)).toBe(1);
    expect(sample(text, `cantine_inbox_activities_total{type="Follow",outcome="handled",reason="ok"}`)).toBe(2);
    expect(sample(text, `cantine_inbox_activities_total{type="Create",outcome="ignored",reason="not_followed"}`)).toBe(1);
    expect(sample(text, `cantine_http_request_duration_seconds_count{method="POST",route="/api/admin/events",status_class="2xx"}`)).toBe(1);
    expect(sample(text, `cantine_http_request_duration_seconds_count{method="POST",route="/users/:slug/inbox",status_class="4xx"}`)).toBe(3);
    expect(text).toMatch(/^cantine_http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/api\/calendar",status_class="2xx"\} \d+$/m);
    expect(text).not.toContain(`route="/api/calendar?`);
    expect(sample(text, `cantine_cache_lookups_total{cache="calendar",result="miss"}`)).toBeGreaterThanOrEqual(1);
    expect(sample(text, `cantine_cache_lookups_total{cache="calendar",result="hit"}`)).toBeGreaterThanOrEqual(1);
    // The delivery to the server that went away waits for its retry.
    expect(sample(text, `cantine_queue_messages{queue="outbox",state="delayed"}`)).toBeGreaterThanOrEqual(1);
    expect(text).toMatch(/^cantine_queue_oldest_message_age_seconds\{queue="outbox"\} [\d.]+$/m);
    expect(text).toMatch(/^cantine_sync_running 0$/m);
  });

  it("reports queue depths and the oldest undelivered message in /healthz", async () => {
    const health = await (await fetch(`${node.origin}/healthz`)).json();
    expect(health).toMatchObject({ status: "ok", node: "paris" });
    for (const name of ["inbox", "outbox", "fanout"]) {
      expect(health.queues[name]).toEqual({
        ready: expect.any(Number),
        delayed: expect.any(Number),
        leased: expect.any(Number),
        oldestEnqueuedAt: health.queues[name].oldestEnqueuedAt === null ? null : expect.stringMatching(/Z$/),
        oldestAgeSeconds: health.queues[name].oldestEnqueuedAt === null ? null : expect.any(Number),
      });
    }
    expect(health.queues.outbox.delayed).toBeGreaterThanOrEqual(1);
    expect(health.queue.outbox).toBe(health.queues.outbox.ready + health.queues.outbox.delayed + health.queues.outbox.leased);
    const oldest = health.oldestUndelivered;
    expect(oldest).toMatchObject({ queue: "outbox", ageSeconds: expect.any(Number) });
    expect(Date.parse(oldest.enqueuedAt)).toBeLessThanOrEqual(Date.now());
    expect(oldest.ageSeconds).toBeGreaterThanOrEqual(0);
  });

  it("echoes a request id, and logs with it", async () => {
    const response = await fetch(`${node.origin}/api/events/no-such-event`, { headers: { "X-Request-Id": "flow-trace-7" } });
    expect(response.status).toBe(404);
    expect(response.headers.get("x-request-id")).toBe("flow-trace-7");
    await waitUntil(() => node.output().includes("[flow-trace-7]"), "the 404 to be logged with its request id");
  });
});
