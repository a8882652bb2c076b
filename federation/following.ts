import type { Context } from "@fedify/fedify";
import type { Actor } from "@fedify/vocab";
import { Follow, isActor, Undo } from "@fedify/vocab";
import type { FollowedActor } from "../node/domain/network/cantines.ts";
import type { FederationDeps } from "./context.ts";
import { readNodeInfoIndex } from "./nodeinfo-discovery.ts";
import { profileOf } from "./profiles.ts";
import { isRecord } from "./remote-json.ts";
import { newActivityId } from "./uris.ts";

/** Why a follow could not be made, in words an operator can act on. */
export class FollowError extends Error {}

function looksLikeHost(input: string): boolean {
  return /^[a-z0-9.-]+(:\d+)?$/i.test(input) && !input.includes("@");
}

/**
 * An instance's own actor (Gancio, Mobilizon) from its NodeInfo index (FEP-2677), else
 * `relay@host`, the name both use for it.
 */
async function instanceActor(ctx: Context<void>, host: string, allowHttp: boolean): Promise<Actor | null> {
  for (const scheme of allowHttp ? ["https", "http"] : ["https"]) {
    try {
      const { application } = await readNodeInfoIndex(`${scheme}://${host}`);
      if (application) {
        const actor = await ctx.lookupObject(application);
        if (actor && isActor(actor)) return actor;
      }
    } catch {
      // not there over this scheme; try the next, then relay@host
    }
  }
  const relay = await ctx.lookupObject(`acct:relay@${host}`);
  return relay && isActor(relay) ? relay : null;
}

/**
 * WebFinger over plain HTTP, for loopback networks (dev, demo, tests) whose nodes have http
 * origins: Fedify, like Mastodon, always asks https://HOST for an acct: handle.
 */
async function webFingerOverHttp(ctx: Context<void>, handle: string): Promise<unknown> {
  const host = handle.slice(handle.lastIndexOf("@") + 1);
  const response = await fetch(`http://${host}/.well-known/webfinger?resource=${encodeURIComponent(`acct:${handle}`)}`, {
    headers: { Accept: "application/jrd+json, application/json" },
  });
  if (!response.ok) return null;
  const jrd: unknown = await response.json();
  const links = isRecord(jrd) && Array.isArray(jrd.links) ? jrd.links : [];
  const self = links.find((l) => isRecord(l) && l.rel === "self" && typeof l.href === "string" && /activity\+json|ld\+json/.test(String(l.type)));
  return self ? ctx.lookupObject(String((self as { href: string }).href)) : null;
}

/** Resolves what an operator typed: `@sf@sf.cantine.example`, `sf@host`, an actor URL, or an instance's host. */
async function resolveActor(deps: FederationDeps, ctx: Context<void>, input: string): Promise<Actor> {
  const text = input.trim();
  if (!text) throw new FollowError("nothing to follow: give a handle (@sf@sf.cantine.example), an actor URL or a host");
  let actor: unknown;
  try {
    if (looksLikeHost(text)) actor = await instanceActor(ctx, text, deps.venue.origin.startsWith("http:"));
    else if (/^https?:\/\//.test(text)) actor = await ctx.lookupObject(text);
    else {
      const handle = text.replace(/^acct:/, "").replace(/^@/, "");
      actor = await ctx.lookupObject(`acct:${handle}`).catch(() => null);
      if (!actor && deps.venue.origin.startsWith("http:")) actor = await webFingerOverHttp(ctx, handle);
    }
  } catch (error) {
    throw new FollowError(`could not look up ${text}: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (!actor || !isActor(actor) || !actor.id || !actor.inboxId) throw new FollowError(`no ActivityPub actor found for ${text}`);
  return actor;
}

/** A follow asked for: the actor as recorded, whether a Follow left now, and whether the actor will accept it. */
export type FollowSent = { followed: FollowedActor; sentNow: boolean; acceptExpected: boolean };

/**
 * Follows a remote cantine (or instance): records its profile and sends a Follow through the
 * queue. An actor that does not approve its followers by hand (`manuallyApprovesFollowers`
 * absent or false, as cantines, Gancio and most accounts are) is expected to accept.
 */
export async function followActor(deps: FederationDeps, ctx: Context<void>, input: string): Promise<FollowSent> {
  const actor = await resolveActor(deps, ctx, input);
  const me = ctx.getActorUri(deps.venue.slug);
  if (actor.id!.href === me.href) throw new FollowError("a cantine cannot follow itself");
  await deps.checkPublicUrl(actor.inboxId!);
  deps.cantines.upsertProfile(await profileOf(actor, ctx));
  const known = deps.cantines.get(actor.id!.href)!;
  if (known.followState === "accepted" || known.followState === "pending") return { followed: known, sentNow: false, acceptExpected: false };
  const follow = new Follow({ id: newActivityId(deps.venue.origin, deps.venue.slug, "follows"), actor: me, object: actor.id });
  deps.cantines.setFollow(actor.id!.href, "pending", follow.id!.href, deps.now().toISOString());
  await ctx.sendActivity({ identifier: deps.venue.slug }, actor, follow);
  deps.log.info("Sent Follow to {actor}", { actor: actor.id!.href });
  return { followed: deps.cantines.get(actor.id!.href)!, sentNow: true, acceptExpected: actor.manuallyApprovesFollowers !== true };
}

/** Unfollows: Undo(Follow) to the actor; its events and projects leave our calendar. */
export async function unfollowActor(deps: FederationDeps, ctx: Context<void>, actorId: string): Promise<void> {
  const known = deps.cantines.get(actorId);
  if (!known || known.local) throw new FollowError(`not following ${actorId}`);
  const me = ctx.getActorUri(deps.venue.slug);
  if (known.followId && known.followState !== "none") {
    const follow = new Follow({ id: new URL(known.followId), actor: me, object: new URL(actorId) });
    const undo = new Undo({ id: newActivityId(deps.venue.origin, deps.venue.slug, "undos"), actor: me, object: follow });
    await ctx.sendActivity({ identifier: deps.venue.slug }, { id: new URL(actorId), inboxId: new URL(known.inbox) }, undo);
  }
  deps.transaction(() => {
    deps.cantines.setFollow(actorId, "none", null, null);
    deps.cantines.purgeContent(actorId);
  });
  deps.log.info("Unfollowed {actor}", { actor: actorId });
}
