import type { Follower, FollowerStore } from "../node/domain/network/followers.ts";

/** The NodeInfo software name of a cantine node. */
const CANTINE_SOFTWARE = "cantine";
/** A cantine's actor is an Organization: only such followers are asked what software they run. */
const CANTINE_ACTOR_TYPE = "Organization";
/** The followers are read again after this long, so that a follower gone or come shows. */
const RELOAD_MS = 60_000;
/** An inbox on an origin none of them has makes them read again, at most this often. */
const RELOAD_ON_MISS_MS = 2_000;

export type CantineInboxesOptions = {
  /** The follower's software, looked up and stored when unknown (instance-software.ts), or null. */
  softwareOf: (follower: Follower) => Promise<string | null>;
  now?: () => number;
};

/**
 * Which inboxes belong to other cantine nodes: the origins of followers whose server says (in its
 * NodeInfo) that it runs cantine. Answered from memory for every delivery; the followers are read
 * once a minute, or sooner when a delivery goes to an origin not seen among them (a new
 * follower). A follower that looks like a cantine (an Organization) of unknown software is looked
 * up in the background: until then its deliveries carry the full signed body, which is correct,
 * only dearer to receive.
 */
export class CantineInboxes {
  readonly #followers: FollowerStore;
  readonly #softwareOf: CantineInboxesOptions["softwareOf"];
  readonly #now: () => number;
  /** Origin → whether a cantine runs there; only origins of followers. */
  #origins = new Map<string, boolean>();
  #loadedAt = Number.NEGATIVE_INFINITY;

  constructor(followers: FollowerStore, options: CantineInboxesOptions) {
    this.#followers = followers;
    this.#softwareOf = options.softwareOf;
    this.#now = options.now ?? Date.now;
  }

  /** True when the inbox is on a server known to run cantine. */
  isCantine(inbox: URL): boolean {
    const age = this.#now() - this.#loadedAt;
    if (age >= RELOAD_MS || (age >= RELOAD_ON_MISS_MS && !this.#origins.has(inbox.origin))) this.#load();
    return this.#origins.get(inbox.origin) === true;
  }

  /** Forgets what was read, so that the next delivery reads the followers again. */
  invalidate(): void {
    this.#loadedAt = Number.NEGATIVE_INFINITY;
  }

  #load(): void {
    const origins = new Map<string, boolean>();
    for (const follower of this.#followers.listAccepted()) {
      const cantine = follower.software === CANTINE_SOFTWARE;
      for (const inbox of [follower.inbox, follower.sharedInbox]) {
        const origin = originOf(inbox);
        // One server, one software: an origin is a cantine's only if every follower there says so.
        if (origin !== null) origins.set(origin, (origins.get(origin) ?? true) && cantine);
      }
      if (follower.software === null && follower.actorType === CANTINE_ACTOR_TYPE) {
        void this.#softwareOf(follower).then((software) => {
          if (software === CANTINE_SOFTWARE) this.invalidate();
        });
      }
    }
    this.#origins = origins;
    this.#loadedAt = this.#now();
  }
}

function originOf(url: string | null): string | null {
  if (url === null) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
