import { readFileSync } from "node:fs";
import { describe, expect, it } from "@jest/globals";
import { checkInboundOrigin } from "../../../node/http/activitypub/origin-guard.ts";

// The shared fixtures folder is a sibling of the repository root.
const follow = JSON.parse(readFileSync(new URL("../../../../shared/fixtures/mastodon/follow.json", import.meta.url), "utf8")) as Record<string, unknown>;

const ORIGIN = "https://mastodon.example";
const ACTOR = `${ORIGIN}/users/alice`;
const KEY = `${ACTOR}#main-key`;
const EVIL_KEY = "https://evil.example/users/alice#main-key";

const bytes = (json: unknown) => new TextEncoder().encode(JSON.stringify(json));

/** Draft-cavage headers as Node's IncomingMessage gives them (lower-case keys). */
const cavage = (keyId: string) => ({
  signature: `keyId="${keyId}",algorithm="rsa-sha256",headers="(request-target) host date digest",signature="c2ln"`,
});

/** RFC 9421 headers with one label per key id. */
function rfc9421(...keyIds: string[]): Headers {
  const labels = keyIds.map((_, i) => `sig${i + 1}`);
  return new Headers({
    "Signature-Input": keyIds
      .map((keyId, i) => `${labels[i]}=("@method" "@target-uri" "content-digest");created=1767225600;keyid="${keyId}";alg="rsa-v1_5-sha256"`)
      .join(", "),
    Signature: labels.map((label) => `${label}=:c2ln:`).join(", "),
  });
}

const create = (extra: Record<string, unknown> = {}) => ({
  "@context": "https://www.w3.org/ns/activitystreams",
  id: `${ACTOR}/statuses/1/activity`,
  type: "Create",
  actor: ACTOR,
  object: { id: `${ACTOR}/statuses/1`, type: "Note", attributedTo: ACTOR, content: "hi" },
  ...extra,
});

describe("checkInboundOrigin", () => {
  it("passes the real Mastodon Follow with a key on the actor's origin (both signature specs)", () => {
    expect(follow.actor).toBe(ACTOR);
    expect(checkInboundOrigin(bytes(follow), cavage(KEY))).toEqual({ ok: true });
    expect(checkInboundOrigin(bytes(follow), rfc9421(KEY))).toEqual({ ok: true });
  });

  it("GHSA-4qhx-hhwf-8685: refuses an activity id on another origin than the actor", () => {
    expect(checkInboundOrigin(bytes({ ...follow, id: "https://evil.example/x" }), cavage(KEY))).toEqual({
      ok: false,
      status: 401,
      reason: "activity id https://evil.example/x is not on the actor's origin https://mastodon.example",
    });
  });

  it("GHSA-r388-57j3-5fgp: refuses an activity without id (its embedded object would skip the origin check)", () => {
    const { id: _, ...anonymous } = create({ object: { id: "https://evil.example/notes/1", type: "Note" } });
    const verdict = checkInboundOrigin(bytes(anonymous), cavage(KEY));
    expect(verdict).toMatchObject({ ok: false, status: 401 });
    expect(!verdict.ok && verdict.reason).toMatch(/activity has no id/);
  });

  it("GHSA-q9f8-5hc7-898f: refuses a draft-cavage Signature keyId on another origin", () => {
    expect(checkInboundOrigin(bytes(follow), cavage(EVIL_KEY))).toEqual({
      ok: false,
      status: 401,
      reason: `HTTP signature key ${EVIL_KEY} is not on the actor's origin ${ORIGIN}`,
    });
  });

  it("GHSA-q9f8-5hc7-898f: refuses an RFC 9421 Signature-Input keyid on another origin, in any label", () => {
    expect(checkInboundOrigin(bytes(follow), rfc9421(EVIL_KEY))).toMatchObject({ ok: false, status: 401 });
    expect(checkInboundOrigin(bytes(follow), rfc9421(KEY, EVIL_KEY))).toEqual({
      ok: false,
      status: 401,
      reason: `HTTP signature key ${EVIL_KEY} is not on the actor's origin ${ORIGIN}`,
    });
  });

  it.each([
    ["draft-cavage", cavage("https://old.example/users/alice#main-key")],
    ["RFC 9421", rfc9421("https://old.example/users/alice#main-key")],
  ])("GHSA-8863-8468-7hq7: refuses a key served from an actor id that only redirects to the actor (%s)", (_, headers) => {
    // https://old.example/users/alice redirects to the real actor; its key must still not speak for it.
    expect(checkInboundOrigin(bytes(follow), headers)).toMatchObject({ ok: false, status: 401 });
  });

  it("GHSA-q9f8-5hc7-898f: refuses an LD signature creator on another origin", () => {
    const signed = create({ signature: { type: "RsaSignature2017", creator: EVIL_KEY, created: "2026-01-01T00:00:00Z", signatureValue: "c2ln" } });
    expect(checkInboundOrigin(bytes(signed), cavage(KEY))).toEqual({
      ok: false,
      status: 401,
      reason: `LD signature creator ${EVIL_KEY} is not on the actor's origin ${ORIGIN}`,
    });
    const genuine = create({ signature: { type: "RsaSignature2017", creator: KEY, created: "2026-01-01T00:00:00Z", signatureValue: "c2ln" } });
    expect(checkInboundOrigin(bytes(genuine), cavage(KEY))).toEqual({ ok: true });
  });

  it("GHSA-q9f8-5hc7-898f: refuses a proof verificationMethod on another origin (object or array)", () => {
    const proof = (verificationMethod: unknown) => ({ type: "DataIntegrityProof", cryptosuite: "eddsa-jcs-2022", verificationMethod, proofValue: "z" });
    const expected = { ok: false, status: 401, reason: `proof verificationMethod ${EVIL_KEY} is not on the actor's origin ${ORIGIN}` };
    expect(checkInboundOrigin(bytes(create({ proof: proof(EVIL_KEY) })), cavage(KEY))).toEqual(expected);
    expect(checkInboundOrigin(bytes(create({ proof: [proof(`${ACTOR}#ed25519-key`), proof({ id: EVIL_KEY })] })), cavage(KEY))).toEqual(expected);
    expect(checkInboundOrigin(bytes(create({ proof: [proof(`${ACTOR}#ed25519-key`)] })), cavage(KEY))).toEqual({ ok: true });
  });

  it("leaves embedded objects to Fedify (it refetches cross-origin ones; id-less ones have no origin)", () => {
    const crossOrigin = create({ object: { id: "https://other.example/notes/1", type: "Note" } });
    expect(checkInboundOrigin(bytes(crossOrigin), cavage(KEY))).toEqual({ ok: true });
    const idless = create({ object: { type: "Note", content: "hi" } });
    expect(checkInboundOrigin(bytes(idless), cavage(KEY))).toEqual({ ok: true });
  });

  it("refuses unsigned requests and signatures without a key id", () => {
    expect(checkInboundOrigin(bytes(follow), {})).toMatchObject({ ok: false, status: 401, reason: expect.stringMatching(/not signed/) });
    expect(checkInboundOrigin(bytes(follow), { signature: 'algorithm="rsa-sha256",signature="c2ln"' })).toMatchObject({ ok: false, status: 401 });
    const noKeyid = new Headers({ "Signature-Input": 'sig1=("@method");created=1', Signature: "sig1=:c2ln:" });
    expect(checkInboundOrigin(bytes(follow), noKeyid)).toMatchObject({ ok: false, status: 401 });
  });

  it("reads header records with any case and repeated values", () => {
    expect(checkInboundOrigin(bytes(follow), { Signature: cavage(KEY).signature })).toEqual({ ok: true });
    const repeated = { signature: [cavage(KEY).signature, cavage(EVIL_KEY).signature] };
    expect(checkInboundOrigin(bytes(follow), repeated)).toMatchObject({ ok: false, status: 401 });
  });

  it("answers 400 to bodies that are not an activity with an http(s) actor", () => {
    const bad = { ok: false, status: 400 };
    expect(checkInboundOrigin(new TextEncoder().encode("not json"), cavage(KEY))).toEqual({ ...bad, reason: "body is not a JSON object" });
    expect(checkInboundOrigin(bytes([follow]), cavage(KEY))).toEqual({ ...bad, reason: "body is not a JSON object" });
    expect(checkInboundOrigin(bytes({ ...follow, actor: undefined }), cavage(KEY))).toMatchObject(bad);
    expect(checkInboundOrigin(bytes({ ...follow, actor: "urn:x:alice" }), cavage(KEY))).toMatchObject(bad);
    expect(checkInboundOrigin(bytes({ ...follow, actor: { id: ACTOR, type: "Person" } }), cavage(KEY))).toEqual({ ok: true });
  });

  it("refuses actors on several origins", () => {
    const twoOrigins = { ...follow, actor: [ACTOR, "https://evil.example/users/bob"] };
    expect(checkInboundOrigin(bytes(twoOrigins), cavage(KEY))).toMatchObject({ ok: false, status: 401 });
  });
});
