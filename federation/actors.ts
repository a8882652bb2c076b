import type { Federation } from "@fedify/fedify";
import type { FederationDeps } from "./context.ts";
import { paths } from "./uris.ts";
import { toActor } from "./vocab/actor.ts";

/** Serves the cantine's actor document and key pairs; WebFinger maps `acct:SLUG@HOST` to it. */
export function registerActor(federation: Federation<void>, deps: FederationDeps): void {
  const { venue } = deps;
  federation
    .setActorDispatcher(paths.actor, async (ctx, identifier) => {
      if (identifier !== venue.slug) return null;
      const keys = await ctx.getActorKeyPairs(identifier);
      return toActor(
        venue,
        {
          id: ctx.getActorUri(identifier),
          inbox: ctx.getInboxUri(identifier),
          sharedInbox: ctx.getInboxUri(),
          outbox: ctx.getOutboxUri(identifier),
          followers: ctx.getFollowersUri(identifier),
          following: ctx.getFollowingUri(identifier),
          icon: new URL(venue.icon ?? "/icon.png", ctx.origin),
        },
        { publicKey: keys[0]?.cryptographicKey ?? null, assertionMethods: keys.map((key) => key.multikey) },
      );
    })
    .setKeyPairsDispatcher((_ctx, identifier) => (identifier === venue.slug ? [...deps.keyPairs] : []))
    .mapHandle((_ctx, username) => (username.toLowerCase() === venue.slug ? venue.slug : null));
}
