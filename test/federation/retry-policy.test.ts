import { describe, expect, it } from "@jest/globals";
import { FINAL_DELIVERY_STATUSES, isFinalDeliveryStatus, mastodonLikeRetryPolicy } from "../../federation/retry-policy.ts";

describe("delivery retry policy", () => {
  it("keeps retrying for about as long as Mastodon (two to three days), with growing delays", () => {
    const policy = mastodonLikeRetryPolicy(16, () => 0.5);
    const delays: number[] = [];
    for (let attempts = 0; ; attempts++) {
      const delay = policy({ attempts, elapsedTime: Temporal.Duration.from({ seconds: 0 }) });
      if (delay === null) break;
      delays.push(delay.total("second"));
    }
    expect(delays).toHaveLength(16);
    for (let i = 1; i < delays.length; i++) expect(delays[i]!).toBeGreaterThan(delays[i - 1]!);
    const days = delays.reduce((sum, s) => sum + s, 0) / 86_400;
    expect(days).toBeGreaterThan(2);
    expect(days).toBeLessThan(3.5);
  });
});

describe("which answers end a delivery", () => {
  it("takes a 4xx as the recipient's final word: Gancio's 404 to an Announce, a 410, a 403, a 422", () => {
    for (const status of [400, 403, 404, 405, 406, 410, 413, 415, 422]) expect(isFinalDeliveryStatus(status)).toBe(true);
  });

  it("keeps retrying what may pass later: 401 (the signature), 408 and 429 (later), 5xx, network errors", () => {
    for (const status of [401, 408, 429, 500, 502, 503, 504]) expect(isFinalDeliveryStatus(status)).toBe(false);
  });

  it("never calls a success or a redirect final", () => {
    for (const status of [200, 202, 204, 301, 308]) expect(isFinalDeliveryStatus(status)).toBe(false);
  });

  it("gives Fedify every final status as permanent failures, and only those", () => {
    expect(FINAL_DELIVERY_STATUSES).toEqual(expect.arrayContaining([400, 403, 404, 410, 422]));
    expect(FINAL_DELIVERY_STATUSES).not.toContain(401);
    expect(FINAL_DELIVERY_STATUSES).not.toContain(429);
    expect(FINAL_DELIVERY_STATUSES.every((status) => status >= 400 && status < 500 && isFinalDeliveryStatus(status))).toBe(true);
    expect(FINAL_DELIVERY_STATUSES).toHaveLength(97);
  });
});
