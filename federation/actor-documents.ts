// Fedify 2.3.8 confirms, for every activity an inbox accepts, that the key which signed it is
// listed by its owner: it fetches the owner's actor document (`verifyKeyOwnership`, its answer
// to GHSA-8863-8468-7hq7) through the authenticated document loader, which never caches. Between
// cantines that made one signed GET per delivery, answered by the sender, for a document that
// changes only with a profile or a key. Here the authenticated loader keeps what it was answered
// for an actor document, per signing key, for a minute (Fedify's public loader keeps any
// document five). The answer is handed out as it came (document, final URL, context), a fresh
// copy each time, so every check Fedify makes on it is made as on a new fetch.
import type { Federation } from "@fedify/fedify";
import type { DocumentLoader, RemoteDocument } from "@fedify/vocab-runtime";
import { LRUCache } from "lru-cache";

export const ACTOR_DOCUMENT_TTL_MS = 60_000;
const KEPT_DOCUMENTS = 2_000;

type Identity = { keyId: URL; privateKey: CryptoKey };
type LoaderFactory = (identity: Identity, options?: unknown) => DocumentLoader;
/** A document as the loader answered it, the JSON kept as text so that each reader gets its own copy. */
type Kept = { contextUrl: string | null; documentUrl: string; json: string; until: number };

/** Whether a fetched document is an actor: it names an inbox, compacted or expanded. */
function isActorDocument(document: unknown): boolean {
  if (typeof document !== "object" || document === null || Array.isArray(document)) return false;
  return "inbox" in document || "http://www.w3.org/ns/ldp#inbox" in document;
}

/**
 * Makes the federation's authenticated loaders keep actor documents for `ttlMs`. Relies on the
 * federation's `authenticatedDocumentLoaderFactory` field, through which Fedify makes every
 * authenticated loader (pinned by test/federation/fedify-internals.test.ts).
 */
export function rememberActorDocuments(federation: Federation<void>, options: { ttlMs?: number; now?: () => number } = {}): void {
  const internals = federation as unknown as { authenticatedDocumentLoaderFactory?: LoaderFactory };
  const original = internals.authenticatedDocumentLoaderFactory;
  if (typeof original !== "function") throw new Error("Fedify makes authenticated loaders some other way: see federation/actor-documents.ts");
  const ttlMs = options.ttlMs ?? ACTOR_DOCUMENT_TTL_MS;
  const now = options.now ?? Date.now;
  const kept = new LRUCache<string, Kept>({ max: KEPT_DOCUMENTS });
  internals.authenticatedDocumentLoaderFactory = (identity, factoryOptions) => {
    const load = original.call(federation, identity, factoryOptions);
    return async (url, loadOptions) => {
      // A key id names a fragment of its owner's document (…/users/alice#main-key): one fetch, one entry.
      const key = `${identity.keyId.href} ${url.replace(/#.*$/, "")}`;
      const known = kept.get(key);
      if (known && known.until > now())
        return { contextUrl: known.contextUrl, documentUrl: known.documentUrl, document: JSON.parse(known.json) } satisfies RemoteDocument;
      const answer = await load(url, loadOptions);
      if (isActorDocument(answer.document))
        kept.set(key, { contextUrl: answer.contextUrl, documentUrl: answer.documentUrl, json: JSON.stringify(answer.document), until: now() + ttlMs });
      return answer;
    };
  };
}
