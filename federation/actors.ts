import type { Federation } from "@fedify/fedify";
import { Organization } from "@fedify/vocab";
import { routes } from "../node/domain/local-urls.ts";
import { actorReader } from "./authorize.ts";
import type { FederationDeps } from "./context.ts";
import { toActor } from "./vocab/actor.ts";

/** Serves the cantine's actor document and key pairs; WebFinger maps `acct:SLUG@HOST` to it. */
export function registerActor(federation: Federation<void>, deps: FederationDeps): void {
  const { venue } = deps;
  federation
    .setActorDispatcher(routes.actor, async (ctx, identifier) => {
      if (identifier !== venue.slug) return null;
      const keys = await ctx.getActorKeyPairs(identifier);
      const actor = toActor(
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
      // FEP-8a8e's upcomingEvents is not in Fedify's vocabulary: add it to the JSON, which
      // fromJsonLd keeps verbatim for the reply.
      const json = (await actor.toJsonLd({ contextLoader: ctx.contextLoader })) as Record<string, unknown>;
      const context = Array.isArray(json["@context"]) ? json["@context"] : [json["@context"]];
      return Organization.fromJsonLd(
        {
          ...json,
          "@context": [...context, { upcomingEvents: { "@id": "https://w3id.org/fep/8a8e/upcomingEvents", "@type": "@id" } }],
          upcomingEvents: ctx.getCollectionUri("upcomingEvents", { identifier }).href,
        },
        { contextLoader: ctx.contextLoader, documentLoader: ctx.documentLoader },
      );
    })
    .setKeyPairsDispatcher((_ctx, identifier) => (identifier === venue.slug ? [...deps.keyPairs] : []))
    .mapHandle((_ctx, username) => (username.toLowerCase() === venue.slug ? venue.slug : null))
    // Stays readable unsigned even with authorized fetch: servers fetch it to verify our signatures.
    .authorize(actorReader(deps));
}
