import { describe, expect, it } from "@jest/globals";
import { register as globalRegistry } from "prom-client";
import { deliveriesOf } from "../../../federation/metrics.ts";
import { createNodeMetrics, MAX_HOST_LABELS, statusClass } from "../../../node/observability/metrics.ts";

/** The value of one sample line of the exposition text, or undefined. */
function sample(text: string, line: string): number | undefined {
  const found = text.split("\n").find((l) => l.startsWith(`${line} `));
  return found === undefined ? undefined : Number(found.slice(line.length + 1));
}

describe("a node's metrics registry", () => {
  it("counts what the ports report, in its own registry", async () => {
    const metrics = createNodeMetrics();
    metrics.federation.deliveryAnswered("mastodon.example", 202);
    metrics.federation.deliveryAnswered("mastodon.example", 503);
    metrics.federation.deliveryAnswered("gone.example", "error");
    metrics.federation.deliveryFailed("mastodon.example");
    metrics.federation.inboxActivity("Create", "ignored", "not_followed");
    metrics.http.inboxRequest("refused", "rate_limited");
    metrics.http.cacheLookup("calendar", true);
    metrics.http.cacheLookup("calendar", false);
    metrics.http.request("GET", "/events/:id", 200, 0.012);
    metrics.http.request("BREW", "unmatched", 418, 0.001);
    const done = metrics.federation.syncStarted();
    let { body } = await metrics.render();
    expect(sample(body, "cantine_sync_running")).toBe(1);
    done("failed");
    done("failed"); // ending twice counts once

    ({ body } = await metrics.render());
    expect(sample(body, 'cantine_deliveries_total{host="mastodon.example",outcome="sent"}')).toBe(1);
    expect(sample(body, 'cantine_deliveries_total{host="mastodon.example",outcome="failed"}')).toBe(1);
    expect(sample(body, 'cantine_delivery_responses_total{host="mastodon.example",status_class="5xx"}')).toBe(1);
    expect(sample(body, 'cantine_delivery_responses_total{host="gone.example",status_class="error"}')).toBe(1);
    expect(sample(body, 'cantine_inbox_activities_total{type="Create",outcome="ignored",reason="not_followed"}')).toBe(1);
    expect(sample(body, 'cantine_inbox_requests_total{outcome="refused",reason="rate_limited"}')).toBe(1);
    expect(sample(body, 'cantine_cache_lookups_total{cache="calendar",result="hit"}')).toBe(1);
    expect(sample(body, 'cantine_cache_lookups_total{cache="calendar",result="miss"}')).toBe(1);
    expect(sample(body, 'cantine_http_request_duration_seconds_count{method="GET",route="/events/:id",status_class="2xx"}')).toBe(1);
    expect(sample(body, 'cantine_http_request_duration_seconds_count{method="other",route="unmatched",status_class="4xx"}')).toBe(1);
    expect(sample(body, "cantine_sync_running")).toBe(0);
    expect(sample(body, 'cantine_syncs_total{outcome="failed"}')).toBe(1);
    // prom-client's global registry is never used: two nodes in one process keep apart.
    expect(await globalRegistry.metrics()).not.toContain("cantine_");
  });

  it("keeps two nodes' counts apart", async () => {
    const paris = createNodeMetrics();
    const sf = createNodeMetrics();
    paris.http.cacheLookup("home", true);
    expect((await sf.render()).body).not.toContain('cache="home"');
    expect(sample((await paris.render()).body, 'cantine_cache_lookups_total{cache="home",result="hit"}')).toBe(1);
  });

  it("reads queue and back-fill state when scraped", async () => {
    const now = Date.parse("2030-01-01T12:00:00Z");
    const metrics = createNodeMetrics({
      now: () => now,
      queues: () => [
        { queue: "outbox", ready: 3, delayed: 2, leased: 1, oldestEnqueuedAt: now - 90_000 },
        { queue: "inbox", ready: 0, delayed: 0, leased: 0, oldestEnqueuedAt: null },
      ],
      follows: () => [
        { cantine: "sf@sf.example", state: "accepted", lastSyncAt: new Date(now - 600_000).toISOString(), failing: false },
        { cantine: "bcn@bcn.example", state: "accepted", lastSyncAt: new Date(now - 60_000).toISOString(), failing: true },
        { cantine: "sp@sp.example", state: "pending", lastSyncAt: null, failing: false },
      ],
    });
    const { body, contentType } = await metrics.render();
    expect(contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(sample(body, 'cantine_queue_messages{queue="outbox",state="ready"}')).toBe(3);
    expect(sample(body, 'cantine_queue_messages{queue="outbox",state="delayed"}')).toBe(2);
    expect(sample(body, 'cantine_queue_messages{queue="outbox",state="leased"}')).toBe(1);
    expect(sample(body, 'cantine_queue_oldest_message_age_seconds{queue="outbox"}')).toBe(90);
    expect(sample(body, 'cantine_queue_oldest_message_age_seconds{queue="inbox"}')).toBe(0);
    expect(sample(body, 'cantine_followed_cantines{state="accepted"}')).toBe(2);
    expect(sample(body, 'cantine_followed_cantines{state="pending"}')).toBe(1);
    expect(sample(body, 'cantine_sync_last_age_seconds{cantine="sf@sf.example"}')).toBe(600);
    expect(body).not.toContain('cantine_sync_last_age_seconds{cantine="sp@sp.example"}');
    expect(sample(body, 'cantine_sync_failing{cantine="bcn@bcn.example"}')).toBe(1);
  });

  it("bounds the remote hosts it names", async () => {
    const metrics = createNodeMetrics();
    for (let i = 0; i <= MAX_HOST_LABELS; i++) metrics.federation.deliveryFailed(`h${i}.example`);
    const { body } = await metrics.render();
    expect(sample(body, `cantine_deliveries_total{host="h${MAX_HOST_LABELS - 1}.example",outcome="failed"}`)).toBe(1);
    expect(sample(body, 'cantine_deliveries_total{host="other",outcome="failed"}')).toBe(1);
  });

  it("counts only the deliveries signed with the node's own keys", async () => {
    const metrics = createNodeMetrics();
    const observe = deliveriesOf("http://127.0.0.1:8101", metrics.federation);
    observe({ url: "https://social.example/inbox", keyId: "http://127.0.0.1:8101/users/paris#main-key", answer: 202 });
    observe({ url: "https://social.example/inbox", keyId: "http://127.0.0.1:8102/users/sf#main-key", answer: 202 });
    observe({ url: "https://social.example/inbox", keyId: null, answer: 202 });
    const { body } = await metrics.render();
    expect(sample(body, 'cantine_deliveries_total{host="social.example",outcome="sent"}')).toBe(1);
    expect(statusClass(404)).toBe("4xx");
  });
});
