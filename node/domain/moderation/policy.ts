import type { ActorPolicy, BlockStore } from "./blocks.ts";
import { hostOf, matcherOf, matchOf, policyOf, withoutFragment } from "./blocks.ts";

/**
 * What the blocks say about whoever talks to us or whom we would talk to; read from the store
 * each time, so that a block made by the CLI applies to the running node at once.
 */
export interface ModerationPolicy {
  /** The policy for an actor id or any URL on a server. */
  policyFor(url: string): ActorPolicy;
  /** Why the node must not fetch from or deliver to a URL, or null. */
  refusesUrl(url: string): string | null;
  /** A test for many actors at once (delivery lists): true for a suspended one. */
  suspendedMatcher(): (actorId: string) => boolean;
}

export function createModerationPolicy(blocks: BlockStore): ModerationPolicy {
  return {
    policyFor: (url) => policyOf(blocks.matching(url)),
    refusesUrl(url) {
      const suspended = blocks.matching(url).find((b) => b.severity === "suspend");
      if (!suspended) return null;
      return suspended.kind === "domain" ? `${hostOf(url) ?? url} is blocked` : `${withoutFragment(url)} is blocked`;
    },
    suspendedMatcher() {
      const suspended = blocks.list().filter((b) => b.severity === "suspend");
      return suspended.length === 0 ? () => false : matcherOf(matchOf(suspended));
    },
  };
}
