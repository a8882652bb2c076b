import { setImmediate as nextTurn } from "node:timers/promises";
import type { Context } from "@fedify/fedify";
import type { DocumentLoader } from "@fedify/vocab-runtime";
import type { FollowedActor } from "../node/domain/network/cantines.ts";
import type { SyncProgress } from "../node/domain/network/network.ts";
import type { FederationDeps } from "./context.ts";
import type { Application } from "./ingest.ts";
import { prepareActivity } from "./ingest.ts";
import type { Json } from "./remote-json.ts";
import { fetchDocument, idOf, isRecord, typesOf } from "./remote-json.ts";
import { jsonOf } from "./safe-fetch.ts";

export type SyncOptions = { maxPages?: number; onProgress?: (progress: SyncProgress) => void };

const DAY_MS = 86_400_000;

function itemsOf(page: Json): unknown[] {
  const items = page.orderedItems ?? page.items ?? [];
  return Array.isArray(items) ? items : [items];
}

/**
 * Objects read before they are written, in one transaction: a commit writes again every page of
 * the tables and indexes it touched, so a few large ones cost less than one per outbox page (ten
 * thousand events: about 1.2 s of writing in batches of 200, 2 s in batches of 20). The writes of
 * a batch hold the process for about 50 ms.
 */
const WRITE_BATCH = 200;

/** Pages asked for ahead of the one being applied: the origin serves them while we store. */
const READ_AHEAD = 2;

/**
 * Pages of a collection, first to last, fetched from the collection's origin by `loader`, which
 * bypasses Fedify's five-minute document cache: a reconcile must see the outbox as it is now.
 * Up to READ_AHEAD pages are asked for before they are wanted, each as soon as the link to it
 * arrives, so that the origin is not left waiting while we apply a page.
 */
async function* pages(ctx: Context<void>, loader: DocumentLoader, collectionUrl: string, maxPages: number): AsyncGenerator<Json> {
  const collection = await fetchDocument(ctx, collectionUrl, loader);
  if (!collection) throw new Error(`could not fetch ${collectionUrl}`);
  if (itemsOf(collection).length > 0) yield collection;
  const ahead: Promise<Json | null>[] = [];
  let asked = 0;
  /** The link to the next page, when it arrived while READ_AHEAD pages were waiting. */
  let parked: unknown = null;
  const ask = (next: unknown): void => {
    if (!next || asked >= maxPages) return;
    asked++;
    const pending = isRecord(next) && (next.orderedItems || next.items) ? Promise.resolve(next) : fetchDocument(ctx, String(idOf(next)), loader);
    const page = pending.then((page) => {
      if (page && ahead.length < READ_AHEAD) ask(page.next);
      else if (page) parked = page.next;
      return page;
    });
    page.catch(() => {}); // awaited below; a walk that stops early must not leave it unhandled
    ahead.push(page);
  };
  ask(collection.first);
  for (let pending = ahead.shift(); pending; pending = ahead.shift()) {
    const page = await pending;
    if (!page) break;
    if (parked) {
      const next = parked;
      parked = null;
      ask(next);
    }
    yield page;
  }
}

const AP_ACCEPT = 'application/activity+json, application/ld+json; profile="https://www.w3.org/ns/activitystreams"';
const JSON_TYPES = /^application\/(activity\+json|ld\+json|json)\b/i;

/**
 * The pages of an outbox are public (a cantine's, Gancio's, Mobilizon's): they are asked for
 * without a signature, which costs an RSA signature and a few milliseconds before every request
 * of a walk that must wait for each page to learn the next. A server that answers 401 or 403
 * (authorized fetch) gets signed requests (`signed`), from then on for the rest of the walk.
 * Both go through the node's guarded fetch (addresses, size, JSON-LD budget).
 */
function pageLoader(signed: DocumentLoader, software: { name: string; version: string }): DocumentLoader {
  let sign = false;
  const headers = { Accept: AP_ACCEPT, "User-Agent": `${software.name}/${software.version}` };
  return async (url, options) => {
    if (sign) return signed(url, options);
    const response = await fetch(url, { headers, signal: options?.signal ?? null });
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      sign = true;
      return signed(url, options);
    }
    if (!response.ok || !JSON_TYPES.test(response.headers.get("content-type") ?? "")) {
      await response.body?.cancel();
      throw new Error(`GET ${url} answered ${response.status} ${response.headers.get("content-type") ?? ""}`.trim());
    }
    return { contextUrl: null, documentUrl: response.url || url, document: await jsonOf(response) };
  };
}

function isFollowing(deps: FederationDeps, actorId: string): boolean {
  const state = deps.cantines.get(actorId)?.followState;
  return state === "accepted" || state === "pending";
}

/** Is this Create/Update about something in the past that the calendar no longer needs? */
function isPastEvent(activity: Json, now: number): boolean {
  const object = activity.object;
  if (!isRecord(object) || !typesOf(object).includes("Event")) return false;
  const end = Date.parse(String(object.endTime ?? object.startTime ?? ""));
  return Number.isFinite(end) && end < now - DAY_MS;
}

/**
 * Back-fill and reconcile: walks a followed actor's outbox (paged, newest first) and applies,
 * page by page as they arrive, the newest activity about each object — the state it ends in:
 * older ones about the same object (the Create of an event since updated or deleted) are
 * skipped. Same rules as the inbox (idempotent, newest `updated` wins). Events we hold from that
 * actor that the walk no longer shows are checked at their origin and dropped if gone: this
 * catches deliveries and deletions we missed while down.
 */
export async function syncActor(deps: FederationDeps, ctx: Context<void>, actor: FollowedActor, options: SyncOptions = {}): Promise<SyncProgress> {
  const progress: SyncProgress = { pages: 0, activities: 0, created: 0, updated: 0, deleted: 0, unchanged: 0, ignored: 0 };
  const report = () => options.onProgress?.({ ...progress });
  const now = deps.now().getTime();
  const finished = deps.metrics.syncStarted();
  try {
    if (!actor.outbox) throw new Error("the actor has no outbox");
    let complete = true;
    const maxPages = options.maxPages ?? 1000;
    const loader = pageLoader(await ctx.getDocumentLoader({ identifier: deps.venue.slug }), deps.software);
    const seen = new Set<string>();
    let batch: Application[] = [];
    const write = () => {
      const writing = batch;
      batch = [];
      const applied = deps.transaction(() => {
        // A walk may start before the Accept (network.ts): a follow refused or undone meanwhile keeps nothing.
        if (!isFollowing(deps, actor.actorId)) throw new Error("the follow was refused or undone during the walk");
        return writing.map((apply) => apply());
      });
      for (const outcome of applied) {
        progress.activities++;
        progress[outcome.kind]++;
      }
    };
    try {
      for await (const page of pages(ctx, loader, actor.outbox, maxPages)) {
        progress.pages++;
        for (const activity of itemsOf(page)) {
          if (!isRecord(activity)) continue;
          const objectId = idOf(activity.object);
          if (objectId) {
            if (seen.has(objectId)) continue;
            seen.add(objectId);
          }
          if (isPastEvent(activity, now)) continue;
          batch.push(await prepareActivity(deps, ctx, activity, actor.actorId, { senderZone: actor.timezone }));
          // Reading an object is the dear part (sanitising, times): between two, the responses
          // and requests of the pages read ahead go on.
          await nextTurn();
        }
        if (batch.length >= WRITE_BATCH) write();
        if (progress.pages >= maxPages) complete = false;
        report();
      }
    } finally {
      write(); // what was read is kept, even when a later page could not be fetched
    }
    if (complete) progress.deleted += await dropVanished(deps, actor, seen, now);
    deps.cantines.markSynced(actor.actorId, deps.now().toISOString(), null);
    finished("ok");
    report();
    return progress;
  } catch (error) {
    finished("failed");
    deps.cantines.markSynced(actor.actorId, deps.now().toISOString(), error instanceof Error ? error.message : String(error));
    throw error;
  }
}

/** Upcoming events of the actor that its outbox no longer mentions: gone at the origin means gone here. */
async function dropVanished(deps: FederationDeps, actor: FollowedActor, seen: Set<string>, now: number): Promise<number> {
  const { items } = deps.events.query({ actorIds: [actor.actorId], local: false, from: new Date(now).toISOString(), limit: 1000, offset: 0 });
  let dropped = 0;
  for (const event of items) {
    if (seen.has(event.apId)) continue;
    const response = await fetch(event.apId, { headers: { Accept: "application/activity+json" } }).catch(() => null);
    if (response && (response.status === 404 || response.status === 410)) {
      deps.events.markDeleted(event.id, deps.now().toISOString());
      dropped++;
    }
    await response?.body?.cancel();
  }
  return dropped;
}
