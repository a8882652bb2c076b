import { preloadedContexts } from "@fedify/vocab-runtime";

/**
 * LitePub's context, which Pleroma, Akkoma and Mobilizon name in every document. Fedify does not
 * preload it, and a node never fetches a remote context while processing a request (see
 * jsonld-budget.ts): it is served from here. The terms are LitePub's published vocabulary.
 */
const LITEPUB = "https://litepub.social/litepub/context.jsonld";
const litepubContext = {
  "@context": [
    "https://www.w3.org/ns/activitystreams",
    "https://w3id.org/security/v1",
    {
      Emoji: "toot:Emoji",
      Hashtag: "as:Hashtag",
      PropertyValue: "schema:PropertyValue",
      atomUri: "ostatus:atomUri",
      conversation: { "@id": "ostatus:conversation", "@type": "@id" },
      discoverable: "toot:discoverable",
      manuallyApprovesFollowers: "as:manuallyApprovesFollowers",
      capabilities: "litepub:capabilities",
      ostatus: "http://ostatus.org#",
      schema: "http://schema.org#",
      toot: "http://joinmastodon.org/ns#",
      misskey: "https://misskey-hub.net/ns#",
      fedibird: "http://fedibird.com/ns#",
      value: "schema:value",
      sensitive: "as:sensitive",
      litepub: "http://litepub.social/ns#",
      invisible: "litepub:invisible",
      directMessage: "litepub:directMessage",
      listMessage: { "@id": "litepub:listMessage", "@type": "@id" },
      quoteUrl: "as:quoteUrl",
      oauthRegistrationEndpoint: { "@id": "litepub:oauthRegistrationEndpoint", "@type": "@id" },
      EmojiReact: "litepub:EmojiReact",
      ChatMessage: "litepub:ChatMessage",
      alsoKnownAs: { "@id": "as:alsoKnownAs", "@type": "@id" },
      vcard: "http://www.w3.org/2006/vcard/ns#",
      formerRepresentations: "litepub:formerRepresentations",
    },
  ],
};

/**
 * Adds the contexts our peers use to the set Fedify resolves without a request. Fedify's loaders
 * read its exported `preloadedContexts` table; adding to it is idempotent and the same for every
 * node in the process.
 */
export function preloadPeerContexts(): void {
  (preloadedContexts as Record<string, unknown>)[LITEPUB] ??= litepubContext;
}
