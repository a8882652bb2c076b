import type { RetryPolicy } from "@fedify/fedify";

/**
 * Delivery retries shaped like Mastodon's DeliveryWorker (16 retries, (n⁴ + 15) s back-off,
 * about 2.8 days in all) instead of Fedify's default, which gives up after about half an hour:
 * a cantine whose server is down for a weekend still gets our events.
 */
export function mastodonLikeRetryPolicy(maxAttempts = 16, random: () => number = Math.random): RetryPolicy {
  return ({ attempts }) => {
    if (attempts >= maxAttempts) return null;
    const n = attempts + 1;
    const seconds = n ** 4 + 15 + Math.floor(random() * 30 * n);
    return Temporal.Duration.from({ seconds });
  };
}
