// The authenticated loader keeps actor documents for a minute: an inbox that receives several
// activities from one sender confirms its key's owner with one fetch, not one per activity.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Federation } from "@fedify/fedify";
import { createFederation, generateCryptoKeyPair, MemoryKvStore, signRequest } from "@fedify/fedify";
import { Create, CryptographicKey, Note, Person } from "@fedify/vocab";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "@jest/globals";
import { ACTOR_DOCUMENT_TTL_MS, rememberActorDocuments } from "../../federation/actor-documents.ts";

const RECEIVER = "https://receiver.example";
let server: http.Server;
let origin: string;
let gets: string[];
let sender: CryptoKeyPair;
let senderName: string;

/** The sender's actor and a note, served on loopback; every GET is counted. */
async function serveSender(): Promise<void> {
  sender = await generateCryptoKeyPair("RSASSA-PKCS1-v1_5");
  server = http.createServer(async (req, res) => {
    gets.push(req.url!);
    const actorId = new URL("/users/alice", origin);
    let body: unknown;
    if (req.url === "/users/alice") {
      const key = new CryptographicKey({ id: new URL("/users/alice#main-key", origin), owner: actorId, publicKey: sender.publicKey });
      body = await new Person({ id: actorId, name: senderName, inbox: new URL("/users/alice/inbox", origin), publicKey: key }).toJsonLd();
    } else if (req.url === "/notes/1") {
      body = await new Note({ id: new URL("/notes/1", origin), attribution: actorId, content: "hello" }).toJsonLd();
    } else {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "Content-Type": "application/activity+json" }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

beforeAll(serveSender);
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  gets = [];
  senderName = "Alice";
});

/** A federation like the node's: a shared inbox whose loader is authenticated as the node. */
async function receiver(now?: () => number): Promise<{ federation: Federation<void>; received: string[] }> {
  const keys = await generateCryptoKeyPair("RSASSA-PKCS1-v1_5");
  const federation = createFederation<void>({ kv: new MemoryKvStore(), allowPrivateAddress: true });
  rememberActorDocuments(federation, { now });
  federation
    .setActorDispatcher("/users/{identifier}", async (ctx, identifier) => {
      if (identifier !== "node") return null;
      const [pair] = await ctx.getActorKeyPairs(identifier);
      return new Person({ id: ctx.getActorUri(identifier), inbox: ctx.getInboxUri(identifier), publicKey: pair?.cryptographicKey });
    })
    .setKeyPairsDispatcher((_ctx, identifier) => (identifier === "node" ? [keys] : []));
  const received: string[] = [];
  federation
    .setInboxListeners("/users/{identifier}/inbox", "/inbox")
    .setSharedKeyDispatcher(() => ({ identifier: "node" }))
    .on(Create, (_ctx, create) => {
      received.push(create.id!.href);
    });
  return { federation, received };
}

async function deliver(federation: Federation<void>, n: number): Promise<number> {
  const actor = `${origin}/users/alice`;
  const activity = {
    "@context": "https://www.w3.org/ns/activitystreams",
    id: `${origin}/activities/${n}`,
    type: "Create",
    actor,
    object: { id: `${origin}/notes/${n}`, type: "Note", attributedTo: actor, content: `note ${n}` },
  };
  const request = new Request(`${RECEIVER}/inbox`, {
    method: "POST",
    headers: { "Content-Type": "application/activity+json", Accept: "application/activity+json" },
    body: JSON.stringify(activity),
  });
  const signed = await signRequest(request, sender.privateKey, new URL(`${actor}#main-key`));
  return (await federation.fetch(signed, { contextData: undefined })).status;
}

describe("actor documents kept by the authenticated loader", () => {
  it("reads the sender's key and confirms its owner for five activities with one fetch of its actor", async () => {
    const { federation, received } = await receiver();
    const statuses = [];
    for (let n = 1; n <= 5; n++) statuses.push(await deliver(federation, n));
    expect(statuses).toEqual([202, 202, 202, 202, 202]);
    expect(received).toHaveLength(5);
    expect(gets.filter((path) => path === "/users/alice")).toHaveLength(1);
  });

  it("fetches the actor again after a minute, and hands each reader its own copy", async () => {
    let clock = 1_000_000;
    const { federation } = await receiver(() => clock);
    const load = await federation.createContext(new URL(RECEIVER), undefined).getDocumentLoader({ identifier: "node" });
    const first = await load(`${origin}/users/alice`);
    (first.document as { name: string }).name = "changed by a reader";
    senderName = "Alice, renamed";
    clock += ACTOR_DOCUMENT_TTL_MS - 1_000;
    expect((await load(`${origin}/users/alice`)).document).toMatchObject({ name: "Alice" });
    expect(gets).toEqual(["/users/alice"]);
    clock += 2_000;
    expect((await load(`${origin}/users/alice`)).document).toMatchObject({ name: "Alice, renamed" });
    expect(gets).toEqual(["/users/alice", "/users/alice"]);
  });

  it("keeps nothing but actors: other documents are fetched each time", async () => {
    const { federation } = await receiver();
    const load = await federation.createContext(new URL(RECEIVER), undefined).getDocumentLoader({ identifier: "node" });
    await load(`${origin}/notes/1`);
    await load(`${origin}/notes/1`);
    expect(gets).toEqual(["/notes/1", "/notes/1"]);
    await expect(load(`${origin}/missing`)).rejects.toThrow();
    const once = gets.length;
    await expect(load(`${origin}/missing`)).rejects.toThrow();
    expect(gets.length - once).toBe(once - 2); // asked again, as many times (a 404 is knocked twice)
  });
});
