import type { Federation } from "@fedify/fedify";
import type { Announcer, Publication, PublicationLog } from "../node/domain/publication.ts";
import type { FederationDeps } from "./context.ts";
import { activityUris, objectRenderer } from "./render.ts";
import { toOutgoingActivity } from "./vocab/activities.ts";
import type { ActivityUris, ObjectRenderer } from "./vocab/activities.ts";

/**
 * Followers that are whole servers (Mobilizon and Gancio relays): Mobilizon lists a remote event
 * only once an actor it follows has Announced it, so they also get an Announce of each new event.
 */
const INSTANCE_TYPES = new Set(["Application", "Service"]);

/**
 * The Announcer: turns publications into activities and hands them to Fedify, which signs them
 * and writes one fan-out message to the durable queue. A publication is marked federated only
 * once that is done; anything left pending (a crash, an error) is sent again by `flushPending`.
 */
export class FederationAnnouncer implements Announcer {
  readonly #federation: Federation<void>;
  readonly #deps: FederationDeps;
  readonly #publications: PublicationLog;
  readonly #inFlight = new Map<number, Promise<void>>();
  readonly #render: ObjectRenderer;
  readonly #uris: ActivityUris;

  constructor(federation: Federation<void>, deps: FederationDeps) {
    this.#federation = federation;
    this.#deps = deps;
    this.#publications = deps.publications;
    this.#render = objectRenderer(deps.venue);
    this.#uris = activityUris(deps.venue);
  }

  announce(publications: readonly Publication[]): void {
    for (const publication of publications) void this.#send(publication);
  }

  /** Sends every publication still pending (at start-up and from the reconcile job). */
  async flushPending(): Promise<number> {
    let sent = 0;
    for (;;) {
      const batch = this.#publications.pending(100).filter((p) => !this.#inFlight.has(p.seq));
      if (batch.length === 0) return sent;
      await Promise.all(batch.map((p) => this.#send(p)));
      sent += batch.length;
      // A batch that could not be queued stays pending: try again at the next flush, not now.
      const stillPending = new Set(this.#publications.pending(100).map((p) => p.seq));
      if (batch.some((p) => stillPending.has(p.seq))) return sent;
    }
  }

  /** Waits for sends already started, so a node can close without cutting one in half. */
  async idle(): Promise<void> {
    await Promise.allSettled([...this.#inFlight.values()]);
  }

  #send(publication: Publication): Promise<void> {
    const existing = this.#inFlight.get(publication.seq);
    if (existing) return existing;
    const task = this.#deliver(publication).finally(() => this.#inFlight.delete(publication.seq));
    this.#inFlight.set(publication.seq, task);
    return task;
  }

  async #deliver(publication: Publication): Promise<void> {
    const { venue, log } = this.#deps;
    try {
      const ctx = this.#federation.createContext(new URL(venue.origin), undefined);
      const activity = toOutgoingActivity(publication, this.#render, this.#uris);
      // Create, Update and Delete of one object never overtake each other towards a server.
      const options = { preferSharedInbox: true, orderingKey: publication.objectApId };
      if (publication.audience === "followers") {
        await ctx.sendActivity({ identifier: venue.slug }, "followers", activity, options);
      } else {
        const instances = this.#deps.followers.listAccepted().filter((f) => INSTANCE_TYPES.has(f.actorType ?? ""));
        const recipients = instances.map((f) => ({ id: new URL(f.actorId), inboxId: new URL(f.inbox), endpoints: f.sharedInbox ? { sharedInbox: new URL(f.sharedInbox) } : null }));
        if (recipients.length > 0) await ctx.sendActivity({ identifier: venue.slug }, recipients, activity, options);
      }
      this.#publications.markFederated(publication.seq, this.#deps.now().toISOString());
      log.debug("Queued {type} {activity} for followers", { type: publication.type, activity: publication.activityId });
    } catch (error) {
      log.error("Could not queue {type} {activity}; it stays pending: {error}", { type: publication.type, activity: publication.activityId, error });
    }
  }
}
