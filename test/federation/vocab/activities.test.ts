import { createFederation, generateCryptoKeyPair, MemoryKvStore, verifyJsonLd, verifyObject } from "@fedify/fedify";
import { CryptographicKey, Delete, Event, Multikey, Organization, Tombstone } from "@fedify/vocab";
import { preloadedContexts } from "@fedify/vocab-runtime";
import { afterEach, describe, expect, it } from "@jest/globals";
import { toActivityJson, toOutgoingActivity } from "../../../federation/vocab/activities.ts";
import type { Publication } from "../../../node/domain/publishing/publication.ts";

const origin = "https://paris.cantine.example";
const actorId = `${origin}/users/paris`;
const uris = { actorId, followersUrl: `${actorId}/followers` };
const inbox = "https://gancio.example/federation/u/relay/inbox";

function deletion(objectType: "Event" | "Article"): Publication {
  const id = crypto.randomUUID();
  return {
    seq: 7,
    activityId: `${actorId}/deletes/${crypto.randomUUID()}`,
    type: "Delete",
    objectType,
    objectId: id,
    objectApId: `${origin}/${objectType === "Event" ? "events" : "projects"}/${id}`,
    snapshot: null,
    audience: "followers",
    publishedAt: new Date().toISOString(),
    federatedAt: null,
  };
}

/** The node's actor with both keys, as a peer would fetch it to check the signatures. */
async function actorKeys() {
  const rsa = await generateCryptoKeyPair("RSASSA-PKCS1-v1_5");
  const ed = await generateCryptoKeyPair("Ed25519");
  const rsaKeyId = new URL(`${actorId}#main-key`);
  const edKeyId = new URL(`${actorId}#ed25519-key`);
  const actor = new Organization({
    id: new URL(actorId),
    inbox: new URL(`${actorId}/inbox`),
    publicKey: new CryptographicKey({ id: rsaKeyId, owner: new URL(actorId), publicKey: rsa.publicKey }),
    assertionMethods: [new Multikey({ id: edKeyId, controller: new URL(actorId), publicKey: ed.publicKey })],
  });
  const actorJson = await actor.toJsonLd();
  // Only the actor and the contexts Fedify ships: nothing else may be fetched.
  const documentLoader = async (url: string) => {
    if (url in preloadedContexts) return { contextUrl: null, documentUrl: url, document: preloadedContexts[url] };
    if (new URL(url).href.replace(/#.*$/, "") !== actorId) throw new Error(`unexpected fetch of ${url}`);
    return { contextUrl: null, documentUrl: actorId, document: actorJson };
  };
  return {
    senders: [
      { keyId: rsaKeyId, privateKey: rsa.privateKey },
      { keyId: edKeyId, privateKey: ed.privateKey },
    ],
    documentLoader,
  };
}

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

/** Sends the activity through Fedify as the node does (proof, LD signature, HTTP signature) and returns the body the peer got. */
async function sentBody(publication: Publication, senders: Awaited<ReturnType<typeof actorKeys>>["senders"]): Promise<any> {
  const bodies: string[] = [];
  globalThis.fetch = async (input, init) => {
    bodies.push(await new Request(input, init).text());
    return new Response(null, { status: 202 });
  };
  const federation = createFederation<void>({ kv: new MemoryKvStore(), allowPrivateAddress: true, firstKnock: "draft-cavage-http-signatures-12" });
  const ctx = federation.createContext(new URL(origin), undefined);
  const activity = toOutgoingActivity(publication, () => null, uris);
  await ctx.sendActivity(senders, { id: new URL("https://gancio.example/federation/u/relay"), inboxId: new URL(inbox) }, activity, { immediate: true });
  expect(bodies).toHaveLength(1);
  return JSON.parse(bodies[0]!);
}

describe("the Delete we send", () => {
  it('carries a plain Tombstone with formerType "Event", as Gancio and Misskey read it', async () => {
    const { senders } = await actorKeys();
    const publication = deletion("Event");
    const body = await sentBody(publication, senders);
    expect(body).toMatchObject({ id: publication.activityId, type: "Delete", actor: actorId });
    expect(body.object).toEqual({ id: publication.objectApId, type: "Tombstone", formerType: "Event", deleted: publication.publishedAt });
    expect(JSON.stringify(body)).not.toContain("as:Event");
  });

  it("names a deleted project's former type Article", async () => {
    const { senders } = await actorKeys();
    const body = await sentBody(deletion("Article"), senders);
    expect(body.object).toMatchObject({ type: "Tombstone", formerType: "Article" });
  });

  it("keeps a Linked Data signature and an integrity proof that verify over the plain Tombstone", async () => {
    const { senders, documentLoader } = await actorKeys();
    const body = await sentBody(deletion("Event"), senders);
    expect(body.signature).toMatchObject({ type: "RsaSignature2017", creator: `${actorId}#main-key` });
    expect(body.proof).toMatchObject({ type: "DataIntegrityProof", verificationMethod: `${actorId}#ed25519-key` });
    expect(await verifyJsonLd(body, { documentLoader, contextLoader: documentLoader })).toBe(true);
    const { signature: _, ...unsigned } = body;
    expect(await verifyObject(Delete, unsigned, { documentLoader })).toBeInstanceOf(Delete);

    // A tampered formerType breaks both: the signatures cover what the peers read.
    const tampered = { ...body, object: { ...body.object, formerType: "Article" } };
    expect(await verifyJsonLd(tampered, { documentLoader, contextLoader: documentLoader })).toBe(false);
    const { signature: __, ...tamperedUnsigned } = tampered;
    expect(await verifyObject(Delete, tamperedUnsigned, { documentLoader })).toBeNull();
  });

  it("still means as:Event to a JSON-LD reader", async () => {
    const { senders } = await actorKeys();
    const body = await sentBody(deletion("Event"), senders);
    const read = await Delete.fromJsonLd(body);
    const object = await read.getObject();
    expect(object).toBeInstanceOf(Tombstone);
    expect((object as Tombstone).formerType).toBe(Event);
  });

  it("matches the outbox's copy of the same Delete", async () => {
    const { senders } = await actorKeys();
    const publication = deletion("Event");
    const body = await sentBody(publication, senders);
    expect(body.object).toEqual(toActivityJson(publication, () => null, uris).object);
  });
});
