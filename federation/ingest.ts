import type { Context } from "@fedify/fedify";
import { isActor } from "@fedify/vocab";
import type { Outcome, Provenance } from "../node/domain/network/receive-remote.ts";
import { receiveRemoteDelete, receiveRemoteEvent, receiveRemoteProject } from "../node/domain/network/receive-remote.ts";
import type { FederationDeps } from "./context.ts";
import { profileOf } from "./profiles.ts";
import type { Json } from "./remote-json.ts";
import { fetchDocument, idOf, originOf, trustedObject, typesOf } from "./remote-json.ts";
import { fromEventJson } from "./vocab/event.ts";
import { quickInstant } from "./vocab/instants.ts";
import { fromProjectJson } from "./vocab/project.ts";

const ignored = (reason: string): Outcome => ({ kind: "ignored", reason });

/** The store writes an activity asks for once its object is in hand and read: run in a transaction, alone or with others. */
export type Application = () => Outcome;

/** What the caller already knows of the sender: its zone (a walk of its outbox reads it once, not per object). */
export type SenderOptions = Readonly<{ senderZone?: string | null }>;

const refused =
  (reason: string): Application =>
  () =>
    ignored(reason);

/**
 * Reads an Event or Article object (the dear part: sanitising, times) and returns the writes
 * that store it under `from`; anything else is ignored with a reason.
 */
function readObject(deps: FederationDeps, object: Json, from: Provenance, sender: SenderOptions = {}): Application {
  const types = typesOf(object);
  if (types.includes("Event")) {
    if (heldAlready(deps, object, from)) return () => ({ kind: "unchanged", reason: "we already have this version or a newer one" });
    // Times sent with an offset but no zone are read in the sender's own zone when it agrees.
    const senderZone = sender.senderZone !== undefined ? sender.senderZone : deps.cantines.get(from.sourceActorId)?.timezone;
    const read = fromEventJson(object, { senderZone });
    if (!read.ok) return refused(read.reason);
    return () => receiveRemoteEvent(deps.events, deps.newId, read.event, from);
  }
  if (types.includes("Article")) {
    const read = fromProjectJson(object);
    if (!read.ok) return refused(read.reason);
    return () => receiveRemoteProject(deps.projects, deps.newId, read.project, from);
  }
  return refused(`objects of type ${types.join(",") || "unknown"} are not calendar content`);
}

/**
 * True when we hold this event, from this sender, at the version it says it is or a newer one: a
 * second walk of an outbox meets mostly these, and need not sanitise them again to learn it. Any
 * doubt (no `updated` in the usual shape, deleted, someone else's) goes the whole way.
 */
function heldAlready(deps: FederationDeps, object: Json, from: Provenance): boolean {
  const updated = typeof object.updated === "string" ? quickInstant(object.updated) : undefined;
  if (!updated || typeof object.id !== "string") return false;
  const held = deps.events.getByApId(object.id);
  if (!held || held.deletedAt || held.value.local || held.value.actorId !== from.sourceActorId) return false;
  return updated.epochMs <= Date.parse(held.value.updatedAt);
}

/** Stores an Event or Article object under `from`; anything else is ignored with a reason. */
export function storeObject(deps: FederationDeps, object: Json, from: Provenance): Outcome {
  return deps.transaction(readObject(deps, object, from));
}

/**
 * Applies one activity from a followed actor, given as the JSON it sent (the inbox) or served
 * (its outbox). Objects must come from the sender's origin, or are fetched again from theirs.
 */
export async function applyActivity(deps: FederationDeps, ctx: Context<void>, activity: Json, senderId: string): Promise<Outcome> {
  return deps.transaction(await prepareActivity(deps, ctx, activity, senderId));
}

/**
 * What `applyActivity` does, in two steps: what needs the network and the CPU now (fetching and
 * reading the object), and the store writes, to run in a transaction.
 */
export async function prepareActivity(
  deps: FederationDeps,
  ctx: Context<void>,
  activity: Json,
  senderId: string,
  sender: SenderOptions = {},
): Promise<Application> {
  const senderOrigin = originOf(senderId);
  const activityId = idOf(activity);
  if (!senderOrigin || !activityId || originOf(activityId) !== senderOrigin) return refused("the activity is not on its actor's origin");
  const now = deps.now().toISOString();
  const type = typesOf(activity)[0];
  if (type === "Create" || type === "Update") {
    const object = await trustedObject(ctx, activity, senderOrigin);
    if (!object) return refused("its object could not be fetched from its origin");
    if (originOf(String(object.id)) !== senderOrigin) return refused("its object is not on the sender's origin");
    return readObject(deps, object, { sourceActorId: senderId, viaActorId: null, receivedAt: now }, sender);
  }
  if (type === "Delete") {
    const objectId = idOf(activity.object);
    if (!objectId || originOf(objectId) !== senderOrigin) return refused("it deletes something not on the sender's origin");
    return () => receiveRemoteDelete(deps.events, deps.projects, objectId, senderId, now);
  }
  if (type === "Announce") {
    const outcome = await applyAnnounce(deps, ctx, activity, senderId, now);
    return () => outcome;
  }
  return refused(`${type ?? "untyped"} activities are not handled`);
}

/**
 * Announce (a relay): never trust an embedded copy, fetch the original from its origin; file it
 * under its author (fetched and recorded as a cantine) and remember who relayed it.
 */
async function applyAnnounce(deps: FederationDeps, ctx: Context<void>, activity: Json, senderId: string, now: string): Promise<Outcome> {
  const objectId = idOf(activity.object);
  if (!objectId || !originOf(objectId)) return ignored("it announces nothing we can fetch");
  const object = await fetchDocument(ctx, objectId);
  if (!object) return ignored("its object could not be fetched from its origin");
  const authorId = idOf(([] as unknown[]).concat(object.attributedTo ?? [])[0]);
  if (!authorId || originOf(authorId) !== originOf(objectId)) return ignored("its object is not attributed to an actor on its origin");
  const sameServer = originOf(authorId) === originOf(senderId);
  const sourceActorId = sameServer ? senderId : authorId;
  if (!sameServer && !deps.cantines.get(authorId)) {
    const author = await ctx.lookupObject(authorId);
    if (!author || !isActor(author)) return ignored("its author could not be resolved");
    deps.cantines.upsertProfile(await profileOf(author, ctx));
  }
  return storeObject(deps, object, { sourceActorId, viaActorId: sameServer ? null : senderId, receivedAt: now });
}
