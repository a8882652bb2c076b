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

/**
 * Answers that ask for another try: 401 (the server could not check our signature: it may want
 * the other scheme, or not have fetched our key yet), 408 and 429 ("later"). Every other 4xx is
 * the recipient refusing what it understood — Gancio's 404 to an Announce, 410 for a gone
 * actor, 422 — and sending the same activity again would get the same answer.
 */
const RETRYABLE_CLIENT_ERRORS: ReadonlySet<number> = new Set([401, 408, 429]);

/** True when a recipient's status ends a delivery: no retry, no other signature scheme. */
export function isFinalDeliveryStatus(status: number): boolean {
  return status >= 400 && status < 500 && !RETRYABLE_CLIENT_ERRORS.has(status);
}

/** For Fedify's `permanentFailureStatusCodes`: every final status. */
export const FINAL_DELIVERY_STATUSES: readonly number[] = Array.from({ length: 100 }, (_, i) => 400 + i).filter(isFinalDeliveryStatus);
