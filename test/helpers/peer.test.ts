// Self-test of the fake Mastodon peer: two peers talk to each other on loopback, and Fedify's
// own signature code is used as an outside oracle (the peer itself never imports Fedify).

import { signRequest as fedifySignRequest, verifyRequest as fedifyVerifyRequest } from "@fedify/fedify/sig";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { readJsonFixture } from "./fixtures.ts";
import { buildSigningString, digestHeader, parseSignatureHeader, signRequest, verifyCavageRequest, verifyDigest } from "./http-signatures.ts";
import type { JsonObject, Peer } from "./peer.ts";
import { AP_CONTENT_TYPE, startPeer } from "./peer.ts";
import { startTogether } from "./start.ts";

const followFixture = readJsonFixture<JsonObject>("mastodon", "follow.json");
const undoFixture = readJsonFixture<JsonObject>("mastodon", "undo-follow.json");
const actorFixture = readJsonFixture<JsonObject>("mastodon", "actor.json");
const webfingerFixture = readJsonFixture<JsonObject>("mastodon", "webfinger.json");

const UUID = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";

describe("http-signatures (pure functions)", () => {
  it("parses a Signature header, tolerating the `Signature ` prefix and rejecting duplicates", () => {
    const value = 'keyId="https://h.example/users/a#main-key",algorithm="rsa-sha256",headers="(request-target) Host date",signature="c2ln"';
    expect(parseSignatureHeader(value)).toEqual({
      keyId: "https://h.example/users/a#main-key",
      algorithm: "rsa-sha256",
      headers: ["(request-target)", "host", "date"],
      signature: "c2ln",
    });
    expect(parseSignatureHeader(`Signature ${value}`).keyId).toBe("https://h.example/users/a#main-key");
    expect(() => parseSignatureHeader(`${value},keyId="x"`)).toThrow(/duplicate/);
    expect(() => parseSignatureHeader('algorithm="rsa-sha256",signature="c2ln"')).toThrow(/keyId/);
  });

  it("builds the signing string in the order of the headers list", () => {
    const request = {
      method: "POST",
      target: "/users/bob/inbox",
      headers: { host: "h.example", date: "Tue, 01 Sep 2026 10:00:00 GMT", digest: "SHA-256=x" },
    };
    expect(buildSigningString(["host", "date", "digest", "(request-target)"], request)).toBe(
      "host: h.example\ndate: Tue, 01 Sep 2026 10:00:00 GMT\ndigest: SHA-256=x\n(request-target): post /users/bob/inbox",
    );
    expect(() => buildSigningString(["content-type"], request)).toThrow(/content-type is missing/);
  });

  it("checks the SHA-256 entry of a Digest header", () => {
    const body = '{"type":"Follow"}';
    expect(verifyDigest(digestHeader(body), body)).toBe(true);
    expect(verifyDigest(`MD5=abc,${digestHeader(body).replace("SHA-256", "sha-256")}`, body)).toBe(true);
    expect(verifyDigest(digestHeader(body), `${body} `)).toBe(false);
    expect(verifyDigest(undefined, body)).toBe(false);
  });
});

describe("test peer", () => {
  let a: Peer; // hosts bob
  let b: Peer; // hosts alice and carol

  beforeAll(async () => {
    [a, b] = await startTogether(startPeer({ users: ["bob"] }), startPeer({ users: ["alice", "carol"] }));
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
  });

  it("serves an actor document shaped like Mastodon's", async () => {
    const { contentType, json } = await b.fetchActor(b.actorId("alice"));
    expect(contentType).toMatch(/^application\/activity\+json/);
    expect(Object.keys(json)).toEqual(Object.keys(actorFixture).filter((key) => key !== "icon"));
    expect(json["@context"]).toEqual(actorFixture["@context"]);
    expect(json).toMatchObject({
      id: `${b.origin}/users/alice`,
      type: "Person",
      inbox: `${b.origin}/users/alice/inbox`,
      endpoints: { sharedInbox: `${b.origin}/inbox` },
      preferredUsername: "alice",
      publicKey: { id: `${b.origin}/users/alice#main-key`, owner: `${b.origin}/users/alice` },
    });
    expect(Object.keys(json["publicKey"])).toEqual(Object.keys(actorFixture["publicKey"]));
    expect(json["publicKey"].publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    expect(json["publicKey"].publicKeyPem).not.toBe(actorFixture["publicKey"].publicKeyPem);
  });

  it("resolves its own accounts through WebFinger, and 404s unknown ones", async () => {
    expect(await b.lookup(`alice@${b.host}`)).toBe(b.actorId("alice"));
    expect(await a.lookup(`@carol@${b.host}`)).toBe(b.actorId("carol"));
    await expect(a.lookup(`nobody@${b.host}`)).rejects.toThrow(/answered 404/);

    const response = await fetch(`${b.origin}/.well-known/webfinger?resource=acct:alice@${b.host}`);
    expect(response.headers.get("content-type")).toMatch(/^application\/jrd\+json/);
    const jrd = (await response.json()) as JsonObject;
    expect(Object.keys(jrd)).toEqual(Object.keys(webfingerFixture));
    expect(jrd["links"].map((link: JsonObject) => link["rel"])).toEqual(webfingerFixture["links"].map((link: JsonObject) => link["rel"]));
  });

  it("answers 404 for anything else", async () => {
    expect((await fetch(`${b.origin}/users/nobody`)).status).toBe(404);
    expect((await fetch(`${b.origin}/users/alice/outbox`)).status).toBe(404);
    expect((await fetch(`${b.origin}/inbox`)).status).toBe(404); // GET on an inbox
  });

  it("delivers a verified Follow shaped like Mastodon's, then an Undo", async () => {
    const { activity: follow, status } = await b.follow("alice", a.actorId("bob"), a.inboxUrl("bob"));
    expect(status).toBe(202);
    expect(follow.id).toMatch(new RegExp(`^${b.origin}/${UUID}$`));

    const got = await a.waitFor((r) => r.body?.id === follow.id);
    expect(got).toMatchObject({ path: "/users/bob/inbox", verified: true, signerMatchesActor: true, keyId: b.keyId("alice") });
    expect(got.error).toBeUndefined();
    expect(got.body).toEqual(follow);
    expect(Object.keys(got.body!)).toEqual(Object.keys(followFixture));
    expect(got.body).toMatchObject({ "@context": followFixture["@context"], type: "Follow", actor: b.actorId("alice"), object: a.actorId("bob") });
    // Signed exactly as Mastodon signs a delivery.
    expect(got.headers["content-type"]).toBe(AP_CONTENT_TYPE);
    expect(got.headers["digest"]).toBe(digestHeader(got.raw));
    expect(got.headers["signature"]).toMatch(
      new RegExp(
        `^keyId="${b.keyId("alice")}",algorithm="rsa-sha256",headers="\\(request-target\\) host date digest content-type",signature="[A-Za-z0-9+/=]+"$`,
      ),
    );

    const { activity: undo, status: undoStatus } = await b.undoFollow("alice", follow, a.inboxUrl("bob"));
    expect(undoStatus).toBe(202);
    expect(undo.id).toMatch(new RegExp(`^${b.actorId("alice")}#follows/\\d+/undo$`));
    const gotUndo = await a.waitFor((r) => r.body?.id === undo.id);
    expect(gotUndo.verified).toBe(true);
    expect(Object.keys(gotUndo.body!)).toEqual(Object.keys(undoFixture));
    expect(Object.keys(gotUndo.body!["object"])).toEqual(Object.keys(undoFixture["object"]));
    expect(gotUndo.body!["object"]).toEqual({ id: follow.id, type: "Follow", actor: follow.actor, object: follow.object });
  });

  it("accepts deliveries to the shared inbox", async () => {
    const { activity } = await b.follow("carol", a.actorId("bob"), a.sharedInboxUrl);
    const got = await a.waitFor((r) => r.body?.id === activity.id);
    expect(got).toMatchObject({ path: "/inbox", verified: true, signerMatchesActor: true });
  });

  it("rejects a body changed after signing (401, recorded as unverified)", async () => {
    const activity = { ...followFixture, id: `${b.origin}/tampered-body`, actor: b.actorId("alice") };
    const result = await b.signedPost("alice", a.inboxUrl("bob"), activity, { tamper: "body" });
    expect(result.status).toBe(401);
    expect(JSON.parse(result.body).error).toMatch(/Digest/);
    const got = await a.waitFor((r) => r.body?.id === activity.id);
    expect(got).toMatchObject({ verified: false, signerMatchesActor: false, keyId: b.keyId("alice") });
    expect(got.body?.["tampered"]).toBe(true);
  });

  it("rejects a corrupted signature", async () => {
    const activity = { ...followFixture, id: `${b.origin}/tampered-signature`, actor: b.actorId("alice") };
    const result = await b.signedPost("alice", a.inboxUrl("bob"), activity, { tamper: "signature" });
    expect(result.status).toBe(401);
    const got = await a.waitFor((r) => r.body?.id === activity.id);
    expect(got.verified).toBe(false);
    expect(got.error).toMatch(/signature does not match/);
  });

  it("rejects a Date two hours old", async () => {
    const activity = { ...followFixture, id: `${b.origin}/old-date`, actor: b.actorId("alice") };
    const date = new Date(Date.now() - 2 * 60 * 60 * 1000);
    const result = await b.signedPost("alice", a.inboxUrl("bob"), activity, { date });
    expect(result.status).toBe(401);
    const got = await a.waitFor((r) => r.body?.id === activity.id);
    expect(got.verified).toBe(false);
    expect(got.headers["date"]).toBe(date.toUTCString());
    expect(got.error).toMatch(/outside the ±1 h window/);
  });

  it("rejects an unsigned POST", async () => {
    const activity = { ...followFixture, id: `${b.origin}/unsigned`, actor: b.actorId("alice") };
    const result = await b.signedPost("alice", a.inboxUrl("bob"), activity, { omitSignature: true });
    expect(result.status).toBe(401);
    const got = await a.waitFor((r) => r.body?.id === activity.id);
    expect(got).toMatchObject({ verified: false, keyId: null, error: "request is not signed" });
  });

  it("rejects a claimed foreign key", async () => {
    const activity = { ...followFixture, id: `${b.origin}/foreign-key`, actor: b.actorId("alice") };
    const result = await b.signedPost("alice", a.inboxUrl("bob"), activity, { keyId: b.keyId("carol") });
    expect(result.status).toBe(401);
    const got = await a.waitFor((r) => r.body?.id === activity.id);
    expect(got).toMatchObject({ verified: false, keyId: b.keyId("carol") });
  });

  it("verifies but flags a signer that is not the activity's actor", async () => {
    const activity = { ...followFixture, id: `${b.origin}/relayed`, actor: b.actorId("carol") };
    const result = await b.signedPost("alice", a.inboxUrl("bob"), activity);
    expect(result.status).toBe(202);
    const got = await a.waitFor((r) => r.body?.id === activity.id);
    expect(got).toMatchObject({ verified: true, signerMatchesActor: false });
  });

  it("refuses requests signed only with RFC 9421, so a double-knocking sender retries", async () => {
    const body = JSON.stringify({ ...followFixture, id: `${b.origin}/rfc9421`, actor: b.actorId("alice") });
    const response = await fetch(a.inboxUrl("bob"), {
      method: "POST",
      headers: {
        "Content-Type": AP_CONTENT_TYPE,
        "Signature-Input": `sig1=("@method" "@target-uri" "content-digest");created=${Math.floor(Date.now() / 1000)};keyid="${b.keyId("alice")}"`,
        Signature: "sig1=:AAAA:",
      },
      body,
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ error: "rfc9421 not supported by test peer" });
  });

  it("refuses bodies over 1 MB with 413", async () => {
    const result = await b.signedPost("alice", a.inboxUrl("bob"), { padding: "x".repeat(1024 * 1024) });
    expect(result.status).toBe(413);
    expect(a.received.at(-1)).toMatchObject({ verified: false, error: "body larger than 1 MB" });
  });

  it("signs GETs with (request-target) host date", async () => {
    const result = await a.signedGet("bob", b.actorId("alice"));
    expect(result.status).toBe(200);
    expect(JSON.parse(result.body).id).toBe(b.actorId("alice"));
    const logged = b.requests.findLast((r) => r.method === "GET" && r.path === "/users/alice");
    expect(parseSignatureHeader(logged!.headers["signature"]!).headers).toEqual(["(request-target)", "host", "date"]);
    const verification = await verifyCavageRequest(
      { method: "GET", target: logged!.path, headers: logged!.headers, body: new Uint8Array() },
      { now: new Date(), fetchKey: async (keyId) => ({ id: keyId, owner: a.actorId("bob"), publicKeyPem: a.keys("bob").publicKeyPem }) },
    );
    expect(verification).toEqual({ verified: true, keyId: a.keyId("bob"), owner: a.actorId("bob") });
  });

  it("waitFor resolves on a later arrival and times out with a list of what arrived", async () => {
    const pending = a.waitFor((r) => r.body?.id === `${b.origin}/later`, 5_000);
    await b.signedPost("alice", a.inboxUrl("bob"), { ...followFixture, id: `${b.origin}/later`, actor: b.actorId("alice") });
    expect((await pending).verified).toBe(true);

    const timeout = a.waitFor((r) => r.body?.type === "Create", 200);
    await expect(timeout).rejects.toThrow(/no received request matched within 200 ms; received \d+:\n {2}1\. POST \/users\/bob\/inbox Follow id=/);
    await expect(a.waitFor(() => false, 50)).rejects.toThrow(/NOT verified \(Digest/);
  });

  describe("against Fedify's signature code (outside oracle)", () => {
    const documentLoader = async (url: string) => {
      const response = await fetch(url, { headers: { Accept: AP_CONTENT_TYPE } });
      return { contextUrl: null, documentUrl: url, document: await response.json() };
    };

    it("a POST signed by the peer verifies with Fedify", async () => {
      const body = JSON.stringify({ ...followFixture, id: `${b.origin}/oracle`, actor: b.actorId("alice") });
      const url = a.inboxUrl("bob");
      const headers = signRequest({ method: "POST", url, keyId: b.keyId("alice"), privateKey: b.keys("alice").privateKey, body });
      const key = await fedifyVerifyRequest(new Request(url, { method: "POST", headers, body }), { documentLoader });
      expect(key?.id?.href).toBe(b.keyId("alice"));
      expect(key?.ownerId?.href).toBe(b.actorId("alice"));
    });

    it("a POST signed by Fedify (draft-cavage) verifies with the peer", async () => {
      const id = `${b.origin}/signed-by-fedify`;
      const pkcs8 = b.keys("alice").privateKey.export({ type: "pkcs8", format: "der" });
      const privateKey = await globalThis.crypto.subtle.importKey("pkcs8", pkcs8, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, true, ["sign"]);
      const request = new Request(a.inboxUrl("bob"), {
        method: "POST",
        headers: { "Content-Type": AP_CONTENT_TYPE },
        body: JSON.stringify({ ...followFixture, id, actor: b.actorId("alice") }),
      });
      const signed = await fedifySignRequest(request, privateKey, new URL(b.keyId("alice")), { spec: "draft-cavage-http-signatures-12" });
      expect((await fetch(signed)).status).toBe(202);
      const got = await a.waitFor((r) => r.body?.id === id);
      expect(got).toMatchObject({ verified: true, signerMatchesActor: true });
    });
  });
});
