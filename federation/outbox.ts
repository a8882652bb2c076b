import type { Context, Federation } from "@fedify/fedify";
import type { Follower } from "../node/domain/network/followers.ts";
import { fillPlaces } from "../node/domain/participation/manage-participants.ts";
import type { Announcer, Publication, PublicationLog } from "../node/domain/publishing/publication.ts";
import type { FederationDeps } from "./context.ts";
import { FollowerSoftware } from "./instance-software.ts";
import { FederationParticipationAnswers } from "./participation.ts";
import { activityUris, objectRenderer, participationCounts } from "./render.ts";
import type { ActivityUris, ObjectRenderer } from "./vocab/activities.ts";
import { toOutgoingActivity } from "./vocab/activities.ts";

/**
 * Followers that are whole servers (Mobilizon and Gancio relays). Mobilizon lists a remote event
 * only once an actor it follows has Announced it, so Mobilizon relays also get an Announce of
 * each new event. No one else: Gancio answers an Announce of what is not its own with 404, and
 * people would see the event twice.
 */
const INSTANCE_TYPES = new Set(["Application", "Service"]);
const ANNOUNCE_READERS = new Set(["mobilizon"]);

/** Create, Update and Delete of one object never overtake each other towards a server. */
const ORDERED_TYPES = new Set(["Create", "Update", "Delete"]);

/** Who answered an event and still cares about it: they get its Update, cancellation and Delete. */
const CONCERNED_STATES = new Set(["going", "waiting", "pending", "maybe"]);

type Recipient = { id: URL; inboxId: URL; endpoints: { sharedInbox: URL } | null };

/**
 * The Announcer: turns publications into activities and hands them to Fedify, which signs them
 * and writes one delivery per inbox to the durable queue. A publication is marked federated only
 * once that is done; anything left pending (a crash, an error) is sent again by `flushPending`.
 */
export class FederationAnnouncer implements Announcer {
  readonly #federation: Federation<void>;
  readonly #deps: FederationDeps;
  readonly #publications: PublicationLog;
  readonly #inFlight = new Map<number, Promise<void>>();
  readonly #render: ObjectRenderer;
  readonly #uris: ActivityUris;
  readonly #software: FollowerSoftware;

  constructor(federation: Federation<void>, deps: FederationDeps) {
    this.#federation = federation;
    this.#deps = deps;
    this.#publications = deps.publications;
    this.#render = objectRenderer(deps.venue, participationCounts(deps.participants));
    this.#uris = activityUris(deps.venue);
    this.#software = new FollowerSoftware(deps.followers, deps.log);
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
      // An edit may have made room (a larger capacity): the waiting list moves before the Update shows the counts.
      if (publication.objectType === "Event" && publication.type === "Update") await this.#fillPlaces(ctx, publication.objectId);
      const activity = toOutgoingActivity(publication, this.#render, this.#uris);
      // An Announce has no ordering key: one that fails must not hold up the Update or Delete.
      const orderingKey = ORDERED_TYPES.has(publication.type) ? publication.objectApId : undefined;
      // No fan-out queue: Fedify would write the activity and every recipient into one message,
      // then read it back, parse and compact the activity again before queueing the deliveries.
      // Queued here, the activity is rendered and signed once; the durability is the same, as the
      // publication stays pending until its deliveries are in the outbox queue.
      const options = { preferSharedInbox: true, orderingKey, fanout: "skip" as const };
      if (publication.audience === "followers") {
        await ctx.sendActivity({ identifier: venue.slug }, "followers", activity, options);
        const participants = this.#participantsBeyondFollowers(publication);
        if (participants.length > 0) await ctx.sendActivity({ identifier: venue.slug }, participants, activity, options);
      } else {
        const recipients = (await this.#announceReaders()).map((f) => ({
          id: new URL(f.actorId),
          inboxId: new URL(f.inbox),
          endpoints: f.sharedInbox ? { sharedInbox: new URL(f.sharedInbox) } : null,
        }));
        if (recipients.length > 0) await ctx.sendActivity({ identifier: venue.slug }, recipients, activity, options);
      }
      this.#publications.markFederated(publication.seq, this.#deps.now().toISOString());
      log.debug("Queued {type} {activity} for followers", { type: publication.type, activity: publication.activityId });
    } catch (error) {
      log.error("Could not queue {type} {activity}; it stays pending: {error}", { type: publication.type, activity: publication.activityId, error });
    }
  }

  /**
   * People who answered an event (going, waiting, pending, maybe) get its Update and Delete even
   * when they do not follow us, through their shared inbox, except where a follower's delivery
   * already brings it to that inbox.
   */
  #participantsBeyondFollowers(publication: Publication): Recipient[] {
    if (publication.objectType !== "Event" || (publication.type !== "Update" && publication.type !== "Delete")) return [];
    const reached = new Set(this.#deps.followers.listAccepted().map((f) => f.sharedInbox ?? f.inbox));
    return this.#deps.participants
      .list(publication.objectId)
      .filter((p) => CONCERNED_STATES.has(p.state) && !reached.has(p.sharedInbox ?? p.inbox))
      .map((p) => ({ id: new URL(p.actorId), inboxId: new URL(p.inbox), endpoints: p.sharedInbox ? { sharedInbox: new URL(p.sharedInbox) } : null }));
  }

  async #fillPlaces(ctx: Context<void>, eventId: string): Promise<void> {
    const { events, participants, transaction, now, venue } = this.#deps;
    await fillPlaces({ events, participants, transaction, now, answers: new FederationParticipationAnswers(() => ctx, venue) }, eventId);
  }

  /** Instance followers whose software reads our Announces (Mobilizon relays). */
  async #announceReaders(): Promise<Follower[]> {
    const instances = this.#deps.followers.listAccepted().filter((f) => INSTANCE_TYPES.has(f.actorType ?? ""));
    const software = await Promise.all(instances.map((f) => this.#software.of(f)));
    return instances.filter((_, i) => ANNOUNCE_READERS.has(software[i] ?? ""));
  }
}
