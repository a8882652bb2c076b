import type { DocumentLoader } from "@fedify/vocab-runtime";
import { getDocumentLoader, preloadedContexts } from "@fedify/vocab-runtime";
import jsonld from "@fedify/vocab-runtime/jsonld";

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

/**
 * The node's JSON-LD context loader: the preloaded contexts answered from memory and tagged
 * `static`. jsonld.js keeps a resolved context (and every active context built from it) across
 * operations only when its loader tags it so; Fedify's own loader does not, and every document
 * then paid for processing its contexts again — the ActivityStreams, identity and data-integrity
 * contexts and the inline terms behind them, several times per received activity (profiles
 * showed jsonld.js `clone`, `_buildIriMap` and `_createInverseContext` on top). Once tagged, a
 * context is processed once per process. Other URLs go to `fallback` (the inbox and the fetch
 * guard refuse documents that name them, jsonld-budget.ts).
 */
export function staticContextLoader(fallback: DocumentLoader): DocumentLoader {
  return async (url, options) => {
    const document = (preloadedContexts as Record<string, unknown>)[url];
    if (document === undefined) return fallback(url, options);
    return { contextUrl: null, documentUrl: url, document, tag: "static" } as Awaited<ReturnType<DocumentLoader>>;
  };
}

// The contexts of what our peers send (Fedify's own serialisation starts with the first four).
const HOT_CONTEXTS = [
  "https://w3id.org/identity/v1",
  "https://www.w3.org/ns/activitystreams",
  "https://w3id.org/security/v1",
  "https://w3id.org/security/data-integrity/v1",
  "https://gotosocial.org/ns",
  LITEPUB,
];
let warming: Promise<void> | undefined;

/**
 * Puts the contexts our peers name into jsonld.js's shared cache as `static`, once per process.
 * Fedify cannot be given a context loader of ours while it is configured with
 * `allowPrivateAddress` and `userAgent`, and its loaders tag nothing; but jsonld.js looks in its
 * shared cache before it asks any loader, so contexts cached here serve Fedify's own parsing and
 * signature checks too. A context pushed out of that cache (it holds 100) is tagged again the
 * next time we compact with `staticContextLoader` (readable-json.ts).
 */
export function warmContexts(): Promise<void> {
  warming ??= (async () => {
    const loader = staticContextLoader(getDocumentLoader());
    for (const url of HOT_CONTEXTS) await jsonld.expand({ "@context": url } as never, { documentLoader: loader as never });
  })().catch(() => {
    warming = undefined;
  });
  return warming;
}
