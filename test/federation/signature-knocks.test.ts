import { createFederation, generateCryptoKeyPair, MemoryKvStore, SendActivityError } from "@fedify/fedify";
import { Create, Note } from "@fedify/vocab";
import { afterEach, describe, expect, it } from "@jest/globals";
import { guardSignatureKnocks } from "../../federation/signature-knocks.ts";

const origin = "https://paris.cantine.example";
const actorId = `${origin}/users/paris`;
const peerOrigin = "https://gancio.example";
const inbox = `${peerOrigin}/federation/u/relay/inbox`;
const specKey = ["_fedify", "httpMessageSignaturesSpec", peerOrigin] as const;

type Seen = { scheme: "draft-cavage" | "rfc9421" | "none"; url: string };

/** A recipient answering by signature scheme, recording what reached it. */
function recipient(answer: (scheme: Seen["scheme"]) => number) {
  const seen: Seen[] = [];
  const server: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const scheme = request.headers.has("signature-input") ? "rfc9421" : request.headers.has("signature") ? "draft-cavage" : "none";
    seen.push({ scheme, url: request.url });
    return new Response(null, { status: answer(scheme) });
  };
  return { seen, server };
}

const realFetch = globalThis.fetch;
afterEach(() => {
  globalThis.fetch = realFetch;
});

/** Delivers one activity through Fedify as the node does (draft-cavage first), through the guard. */
async function deliver(server: typeof fetch) {
  globalThis.fetch = guardSignatureKnocks(server);
  const kv = new MemoryKvStore();
  const federation = createFederation<void>({ kv, allowPrivateAddress: true, firstKnock: "draft-cavage-http-signatures-12" });
  const ctx = federation.createContext(new URL(origin), undefined);
  const { privateKey } = await generateCryptoKeyPair("RSASSA-PKCS1-v1_5");
  const activity = new Create({
    id: new URL(`${actorId}/creates/${crypto.randomUUID()}`),
    actor: new URL(actorId),
    object: new Note({ id: new URL(`${origin}/notes/1`), content: "hello" }),
  });
  const sending = ctx.sendActivity(
    { keyId: new URL(`${actorId}#main-key`), privateKey },
    { id: new URL(`${peerOrigin}/federation/u/relay`), inboxId: new URL(inbox) },
    activity,
    { immediate: true },
  );
  const error = await sending.then(
    () => null,
    (e: unknown) => e,
  );
  return { error, rememberedSpec: await kv.get(specKey) };
}

describe("signature double-knocks", () => {
  it("does not send again with RFC 9421 after a 404: Fedify gets a final status and remembers no scheme", async () => {
    const { seen, server } = recipient(() => 404);
    const { error, rememberedSpec } = await deliver(server);
    expect(seen).toEqual([{ scheme: "draft-cavage", url: inbox }]);
    expect(error).toBeInstanceOf(SendActivityError);
    expect((error as SendActivityError).statusCode).toBe(400); // in permanentFailureStatusCodes: not retried
    expect((error as SendActivityError).responseBody).toContain("404");
    expect(rememberedSpec).toBeUndefined();
  });

  it("after a 429, answers with a status Fedify retries later, still without a second knock", async () => {
    const { seen, server } = recipient(() => 429);
    const { error, rememberedSpec } = await deliver(server);
    expect(seen.map((s) => s.scheme)).toEqual(["draft-cavage"]);
    expect((error as SendActivityError).statusCode).toBe(401);
    expect(rememberedSpec).toBeUndefined();
  });

  it("lets the second knock through after a 401: the server may only read RFC 9421", async () => {
    const { seen, server } = recipient((scheme) => (scheme === "rfc9421" ? 202 : 401));
    const { error, rememberedSpec } = await deliver(server);
    expect(seen.map((s) => s.scheme)).toEqual(["draft-cavage", "rfc9421"]);
    expect(error).toBeNull();
    expect(rememberedSpec).toBe("rfc9421");
  });

  it("leaves successful deliveries alone", async () => {
    const { seen, server } = recipient(() => 202);
    const { error, rememberedSpec } = await deliver(server);
    expect(seen.map((s) => s.scheme)).toEqual(["draft-cavage"]);
    expect(error).toBeNull();
    expect(rememberedSpec).toBe("draft-cavage-http-signatures-12");
  });
});

describe("what the knock guard remembers", () => {
  const body = JSON.stringify({ type: "Announce" });
  const cavage = { Signature: 'keyId="k",signature="x"', Digest: "SHA-256=abc=" };
  const rfc9421 = { "Signature-Input": 'sig1=("@method")', Signature: "sig1=:x:", "Content-Digest": "sha-256=:abc=:" };
  const post = (headers: Record<string, string>, url = inbox) => new Request(url, { method: "POST", headers, body });

  it("answers for the server only for the same body, to the same inbox, under the other scheme, within the minute", async () => {
    let now = 0;
    let calls = 0;
    const guarded = guardSignatureKnocks(async () => (calls++, new Response(null, { status: 404 })), { ttlMs: 60_000, now: () => now });
    await guarded(post(cavage));
    expect(calls).toBe(1);
    expect((await guarded(post(rfc9421))).status).toBe(400);
    expect(calls).toBe(1);
    await guarded(post(cavage)); // the same scheme again (a retry) reaches the server
    expect(calls).toBe(2);
    await guarded(post(rfc9421, `${peerOrigin}/inbox`)); // another inbox
    expect(calls).toBe(3);
    await guarded(post({ ...rfc9421, "Content-Digest": "sha-256=:other=:" })); // another body
    expect(calls).toBe(4);
    now += 60_001;
    await guarded(post(rfc9421));
    expect(calls).toBe(5);
  });

  it("passes unsigned requests and GETs straight through", async () => {
    let calls = 0;
    const guarded = guardSignatureKnocks(async () => (calls++, new Response(null, { status: 404 })));
    await guarded(post({}));
    await guarded(post({}));
    await guarded(new Request(inbox, { headers: cavage }));
    await guarded(new Request(inbox, { headers: rfc9421 }));
    expect(calls).toBe(4);
  });
});
