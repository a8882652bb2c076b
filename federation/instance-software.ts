import { parseNodeInfo } from "@fedify/fedify";
import type { Logger } from "@logtape/logtape";
import type { Follower, FollowerStore } from "../node/domain/network/followers.ts";
import { getJson, readNodeInfoIndex } from "./nodeinfo-discovery.ts";

/**
 * The software a server runs, from its NodeInfo: `mobilizon`, `gancio`, `mastodon`… Found
 * through its index (nodeinfo-discovery.ts), parsed by Fedify's `parseNodeInfo`.
 */
export async function lookUpSoftware(origin: string): Promise<string> {
  const { nodeInfo } = await readNodeInfoIndex(origin);
  if (!nodeInfo) throw new Error(`${origin} publishes no NodeInfo 2.x`);
  const info = parseNodeInfo(await getJson(nodeInfo), { tryBestEffort: true });
  if (!info) throw new Error(`${origin} publishes an unreadable NodeInfo`);
  return info.software.name.toLowerCase();
}

/** After a failed lookup, the follower's server is asked again only after this long. */
const RETRY_LOOKUP_MS = 3_600_000;
const MAX_FAILURES_KEPT = 1_000;

/**
 * What software the servers of our followers run: read from the follower's row, else looked up
 * once (NodeInfo) and stored there. A failed lookup is tried again an hour later, not at every
 * activity; concurrent asks share one lookup. One instance per node (built by the Announcer).
 */
export class FollowerSoftware {
  readonly #followers: FollowerStore;
  readonly #log: Logger;
  readonly #lookUp: (origin: string) => Promise<string>;
  readonly #now: () => number;
  readonly #inFlight = new Map<string, Promise<string | null>>();
  readonly #failedAt = new Map<string, number>();

  constructor(followers: FollowerStore, log: Logger, lookUp: (origin: string) => Promise<string> = lookUpSoftware, now: () => number = Date.now) {
    this.#followers = followers;
    this.#log = log;
    this.#lookUp = lookUp;
    this.#now = now;
  }

  /** The follower's software name, or null while it cannot be known. */
  of(follower: Follower): Promise<string | null> {
    if (follower.software) return Promise.resolve(follower.software);
    const failedAt = this.#failedAt.get(follower.actorId);
    if (failedAt !== undefined && this.#now() - failedAt < RETRY_LOOKUP_MS) return Promise.resolve(null);
    let lookup = this.#inFlight.get(follower.actorId);
    if (!lookup) {
      lookup = this.#lookUpAndStore(follower).finally(() => this.#inFlight.delete(follower.actorId));
      this.#inFlight.set(follower.actorId, lookup);
    }
    return lookup;
  }

  async #lookUpAndStore(follower: Follower): Promise<string | null> {
    try {
      const software = await this.#lookUp(new URL(follower.actorId).origin);
      this.#followers.setSoftware(follower.actorId, software);
      this.#failedAt.delete(follower.actorId);
      return software;
    } catch (error) {
      this.#log.info("Could not tell what software {actor} runs: {error}", { actor: follower.actorId, error });
      if (this.#failedAt.size >= MAX_FAILURES_KEPT) this.#failedAt.clear();
      this.#failedAt.set(follower.actorId, this.#now());
      return null;
    }
  }
}
