// What the federation layer reports for the node's metrics. A port, passed in FederationDeps:
// the composition root plugs in the node's own registry (node/observability/), tests and the CLI
// a no-op. Label values are small closed sets (or a remote host name), never free text.
import type { DeliveryAttempt } from "./signature-knocks.ts";

/** What became of one inbound activity once Fedify had verified it. */
export type InboxActivityOutcome = "handled" | "ignored" | "dropped" | "failed";

/** A delivery POST's answer as the fetch layer saw it: an HTTP status, or "error" (no answer). */
export type DeliveryAnswer = number | "error";

export type FederationMetrics = Readonly<{
  /** One activity handed to an inbox listener; `reason` is a short code ("not_followed", "remote_fault"…). */
  inboxActivity(type: string, outcome: InboxActivityOutcome, reason: string): void;
  /** One delivery POST to `host` answered (or not): the success signal and the status class. */
  deliveryAnswered(host: string, answer: DeliveryAnswer): void;
  /** One delivery attempt Fedify counts as failed (it retries, or gives up on a final 4xx). */
  deliveryFailed(host: string): void;
  /** An outbox walk (back-fill, reconcile) starts; the returned function ends it. */
  syncStarted(): (outcome: "ok" | "failed") => void;
}>;

/**
 * The delivery observer of one node: the process's fetch wrapper hears every signed POST of
 * every node it runs, and a node counts those signed with its own keys (ids on its origin).
 */
export function deliveriesOf(origin: string, metrics: FederationMetrics): (attempt: DeliveryAttempt) => void {
  const prefix = `${new URL(origin).origin}/`;
  return (attempt) => {
    if (!attempt.keyId?.startsWith(prefix)) return;
    metrics.deliveryAnswered(hostOf(attempt.url), attempt.answer);
  };
}

/** The host (and port) of a URL, for a label; "unknown" when there is none. */
export function hostOf(url: string | URL | undefined | null): string {
  if (url == null) return "unknown";
  try {
    return new URL(url).host || "unknown";
  } catch {
    return "unknown";
  }
}
