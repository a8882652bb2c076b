import type { Federation } from "@fedify/fedify";
import { isActor } from "@fedify/vocab";
import type { FollowedActor } from "../node/domain/network/cantines.ts";
import type { Network, SyncProgress } from "../node/domain/network/network.ts";
import { NetworkError } from "../node/domain/network/network.ts";
import type { BackgroundTasks } from "./background.ts";
import type { FederationDeps } from "./context.ts";
import { FollowError, followActor, unfollowActor } from "./following.ts";
import { storeObject } from "./ingest.ts";
import { profileOf } from "./profiles.ts";
import { fetchDocument, idOf, originOf } from "./remote-json.ts";
import { syncActor } from "./sync.ts";

const RETRY_MS = [2_000, 5_000, 10_000, 30_000, 60_000, 300_000];

/** The Network port on Fedify: follows, back-fills, reconciles, and fetches what is relayed. */
export class FederationNetwork implements Network {
  readonly #federation: Federation<void>;
  readonly #deps: FederationDeps;
  readonly #tasks: BackgroundTasks;
  readonly #stop = new AbortController();
  /** Actors whose outbox is being read, or was read in full, while our Follow awaits their Accept. */
  readonly #readEarly = new Map<string, "reading" | "read">();

  readonly #readBeforeAccept: boolean;

  constructor(federation: Federation<void>, deps: FederationDeps, tasks: BackgroundTasks, options: { readBeforeAccept: boolean }) {
    this.#federation = federation;
    this.#deps = deps;
    this.#tasks = tasks;
    this.#readBeforeAccept = options.readBeforeAccept;
  }

  #context() {
    return this.#federation.createContext(new URL(this.#deps.venue.origin), undefined);
  }

  #find(actorIdOrHandle: string): FollowedActor {
    const wanted = actorIdOrHandle.replace(/^@/, "");
    const found = this.#deps.cantines.get(actorIdOrHandle) ?? this.#deps.cantines.listAll().find((c) => c.handle === wanted);
    if (!found || found.local) throw new NetworkError(`unknown cantine ${actorIdOrHandle}; follow it first`);
    return found;
  }

  async follow(input: string): Promise<FollowedActor> {
    let sent: Awaited<ReturnType<typeof followActor>>;
    try {
      sent = await followActor(this.#deps, this.#context(), input);
    } catch (error) {
      if (error instanceof FollowError) throw new NetworkError(error.message);
      throw error;
    }
    if (!sent.sentNow) return sent.followed;
    this.#readEarly.delete(sent.followed.actorId); // a new Follow: what was read for an earlier one does not count
    if (sent.acceptExpected && this.#readBeforeAccept) this.#readWhileAcceptTravels(sent.followed);
    return sent.followed;
  }

  /**
   * An actor that takes every follower will accept: its public outbox is read while the Follow
   * and the Accept travel (a round trip through two queues and two signature checks), so the
   * calendar fills that much sooner. A Reject drops what was read (onReject), and a walk stores
   * nothing once the follow is refused or undone. The Accept then starts no second walk.
   */
  #readWhileAcceptTravels(actor: FollowedActor): void {
    const early = this.#readEarly;
    early.set(actor.actorId, "reading");
    void this.#tasks.run(`sync ${actor.actorId}`, async () => {
      const progress = await syncActor(this.#deps, this.#context(), actor).catch((error: unknown) => {
        early.delete(actor.actorId); // the Accept walks it again
        throw error;
      });
      // Still awaiting the Accept: it will find the outbox read. Arrived meanwhile: nothing to remember.
      if (early.get(actor.actorId) === "reading") early.set(actor.actorId, "read");
      this.#deps.log.info("Read {actor}'s outbox while our follow awaits its answer: {created} new, {updated} updated", { actor: actor.actorId, ...progress });
    });
  }

  async unfollow(actorIdOrHandle: string): Promise<void> {
    await unfollowActor(this.#deps, this.#context(), this.#find(actorIdOrHandle).actorId);
  }

  list() {
    return this.#deps.cantines.listFollows();
  }

  sync(actorIdOrHandle: string, onProgress?: (progress: SyncProgress) => void): Promise<SyncProgress> {
    const actor = this.#find(actorIdOrHandle);
    if (actor.followState !== "accepted") throw new NetworkError(`${actor.handle ?? actor.actorId} has not accepted our follow (${actor.followState})`);
    return syncActor(this.#deps, this.#context(), actor, { onProgress });
  }

  /**
   * Back-fill after an Accept, in the background (the inbox worker must not wait for it); none
   * when the outbox was read while the Accept travelled, or is being read (one walk per actor).
   */
  backfill(actorId: string): void {
    const early = this.#readEarly.get(actorId);
    this.#readEarly.delete(actorId);
    if (early) return;
    void this.#tasks.run(`sync ${actorId}`, async () => {
      const progress = await this.sync(actorId);
      this.#deps.log.info("Back-filled {actor}: {created} new, {updated} updated, {deleted} deleted", { actor: actorId, ...progress });
    });
  }

  async syncAll() {
    const failed: string[] = [];
    let synced = 0;
    for (const actor of this.#deps.cantines.listFollowed()) {
      try {
        await this.#tasks.run(`sync ${actor.actorId}`, () => syncActor(this.#deps, this.#context(), actor));
        if (this.#deps.cantines.get(actor.actorId)?.lastError) failed.push(actor.actorId);
        else synced++;
      } catch {
        failed.push(actor.actorId);
      }
    }
    return { synced, failed };
  }

  async refreshProfiles() {
    const ctx = this.#context();
    const failed: string[] = [];
    let refreshed = 0;
    for (const actor of this.#deps.cantines.listFollowed()) {
      try {
        const fresh = await ctx.lookupObject(actor.actorId);
        if (!fresh || !isActor(fresh) || fresh.id?.href !== actor.actorId) throw new Error("not an actor any more");
        this.#deps.cantines.upsertProfile(await profileOf(fresh, ctx));
        this.#deps.cantines.markRefreshed(actor.actorId, this.#deps.now().toISOString());
        refreshed++;
      } catch (error) {
        this.#deps.log.warn("Could not refresh {actor}: {error}", { actor: actor.actorId, error });
        failed.push(actor.actorId);
      }
    }
    return { refreshed, failed };
  }

  async fetchObject(url: string): Promise<void> {
    const deps = this.#deps;
    const ctx = this.#context();
    const object = await fetchDocument(ctx, url).catch(() => null);
    const author = object ? idOf(([] as unknown[]).concat(object.attributedTo ?? [])[0]) : null;
    if (!object || !author || originOf(author) !== originOf(url)) throw new NetworkError(`nothing to relay at ${url}`);
    if (!deps.cantines.get(author)) {
      const actor = await ctx.lookupObject(author);
      if (!actor || !isActor(actor)) throw new NetworkError(`the author of ${url} cannot be resolved`);
      deps.cantines.upsertProfile(await profileOf(actor, ctx));
    }
    const outcome = storeObject(deps, object, { sourceActorId: author, viaActorId: null, receivedAt: deps.now().toISOString() });
    if (outcome.kind === "ignored") throw new NetworkError(`cannot relay ${url}: ${outcome.reason}`);
  }

  async followConfigured(handles: readonly string[]): Promise<void> {
    await Promise.all(handles.map((handle) => this.#tasks.run(`follow ${handle}`, () => this.#followWithRetries(handle))));
  }

  /** Cantines of a network start in any order: keep trying one that is not up yet. */
  async #followWithRetries(handle: string): Promise<void> {
    for (let attempt = 0; !this.#stop.signal.aborted; attempt++) {
      try {
        await this.follow(handle);
        return;
      } catch (error) {
        if (attempt >= RETRY_MS.length * 3) throw error;
        this.#deps.log.info("Could not follow {handle} yet ({error}); retrying", { handle, error: error instanceof Error ? error.message : error });
        await this.#pause(RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]!);
      }
    }
  }

  /** Ends pending retries, so that the node can close. */
  stop(): void {
    this.#stop.abort();
  }

  #pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#stop.signal.addEventListener("abort", () => (clearTimeout(timer), resolve()), { once: true });
    });
  }
}
