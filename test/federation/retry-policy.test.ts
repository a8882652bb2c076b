import { describe, expect, it } from "@jest/globals";
import { mastodonLikeRetryPolicy } from "../../federation/retry-policy.ts";

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
