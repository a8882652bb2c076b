// Who may say what: unsigned and badly signed requests, broken Date and Digest headers, keys and
// ids on other servers, and activities from actors the node does not follow or that touch what
// is not theirs. Every row is a Create the node would store, were it accepted.

import { HUNG_UP } from "../raw-http.ts";
import type { InboxCase } from "./inbox-world.ts";
import { AS, activity, article, createEvent, event, row, strangerCreate } from "./inbox-world.ts";

const NOT_VERIFIED = /Failed to verify the request signature/;
const NOT_ORIGIN = /not on the actor's origin/;
const HOUR = 3_600_000;

export const signatures: InboxCase[] = [
  row("no Signature header", createEvent, 401, { error: /not signed/, post: () => ({ unsigned: true }) }),
  row("a Signature header that is not one", createEvent, 401, { error: /has no keyId/, post: () => ({ headers: { Signature: "abc" } }) }),
  row("an empty keyId", createEvent, 401, { error: NOT_ORIGIN, post: () => ({ keyId: "" }) }),
  row("the stranger's keyId", createEvent, 401, { error: NOT_ORIGIN, post: (w) => ({ keyId: w.stranger.keyId("mallory") }) }),
  row("a javascript: keyId", createEvent, 401, { error: NOT_ORIGIN, post: () => ({ keyId: "javascript:alert(1)" }) }),
  row("the node's own key as keyId", createEvent, 401, { error: NOT_ORIGIN, post: (w) => ({ keyId: `${w.actor}#main-key` }) }),
  row("a keyId on the right server that does not exist", createEvent, 401, {
    error: NOT_VERIFIED,
    post: (w) => ({ keyId: `${w.friend.origin}/keys/none#main-key` }),
  }),
  row("a keyId of 10,000 characters", createEvent, [400, 401, 431, HUNG_UP], { post: (w) => ({ keyId: `${w.friend.origin}/${"k".repeat(10_000)}#main-key` }) }),
  row("bob's key signing alice's activity", createEvent, 401, { error: /signer and the actor do not match/, post: () => ({ user: "bob" }) }),
  row("a corrupted signature", createEvent, 401, { error: NOT_VERIFIED, post: () => ({ tamper: "signature" }) }),
  row("a body changed after signing", createEvent, 401, { error: NOT_VERIFIED, post: () => ({ tamper: "body" }) }),
  row("no Digest header, digest not signed", createEvent, [400, 401], {
    post: () => ({ signedHeaders: ["(request-target)", "host", "date", "content-type"], headers: { Digest: null } }),
  }),
  row("a Digest of another algorithm only", createEvent, [400, 401], { post: () => ({ headers: { Digest: "MD5=AAAAAAAAAAAAAAAAAAAAAA==" } }) }),
  row("a Digest that is garbage", createEvent, [400, 401], { post: () => ({ headers: { Digest: "SHA-256=!!!not base64!!!" } }) }),
  row("a signature covering only the request target", createEvent, [400, 401], { post: () => ({ signedHeaders: ["(request-target)"] }) }),
  row("a signature covering no header at all", createEvent, [400, 401], { post: () => ({ signedHeaders: [] }) }),
  row("a Date that is not a date", createEvent, 400, { error: /is not an HTTP date/, post: () => ({ headers: { Date: "not a date" } }) }),
  row("an empty Date", createEvent, 400, { error: /is not an HTTP date/, post: () => ({ headers: { Date: "" } }) }),
  row("a Date of 100 characters", createEvent, 400, {
    error: /is not an HTTP date/,
    post: () => ({ headers: { Date: `Sun, 06 Nov 1994 08:49:37 GMT${"x".repeat(71)}` } }),
  }),
  row("a Date two hours old", createEvent, 401, { error: NOT_VERIFIED, post: () => ({ date: new Date(Date.now() - 2 * HOUR) }) }),
  row("a Date a day ahead", createEvent, 401, { error: NOT_VERIFIED, post: () => ({ date: new Date(Date.now() + 24 * HOUR) }) }),
  row("a Date in year 275760", createEvent, [400, 401], { post: () => ({ headers: { Date: "Sat, 13 Sep 275760 00:00:00 GMT" } }) }),
  row("a Signature-Input with a foreign keyid", createEvent, 401, {
    error: NOT_ORIGIN,
    post: (w) => ({ headers: { "Signature-Input": `sig1=("@method");created=1;keyid="${w.stranger.keyId("mallory")}"` } }),
  }),
  row("a Signature-Input without keyid, and no Signature", createEvent, 401, {
    error: /has no keyid/,
    post: () => ({ unsigned: true, headers: { "Signature-Input": 'sig1=("@method");created=1' } }),
  }),
  row("an RFC 9421 signature that is garbage", createEvent, [400, 401], {
    post: (w) => ({
      unsigned: true,
      headers: {
        "Signature-Input": `sig1=("@method" "@target-uri");created=${Math.floor(Date.now() / 1000)};keyid="${w.friend.keyId()}";alg="rsa-v1_5-sha256"`,
        Signature: "sig1=:AAAA:",
      },
    }),
  }),
  row(
    "an LD signature by a key on another server",
    (w, n) =>
      createEvent(
        w,
        n,
        {},
        { signature: { type: "RsaSignature2017", creator: w.stranger.keyId("mallory"), created: new Date().toISOString(), signatureValue: "AAAA" } },
      ),
    401,
    { error: /LD signature creator/ },
  ),
  row(
    "an integrity proof by a key on another server",
    (w, n) =>
      createEvent(
        w,
        n,
        {},
        {
          proof: {
            type: "DataIntegrityProof",
            cryptosuite: "eddsa-jcs-2022",
            verificationMethod: w.stranger.keyId("mallory"),
            proofPurpose: "assertionMethod",
            proofValue: "z1",
          },
        },
      ),
    401,
    { error: /proof verificationMethod/ },
  ),
  row(
    "an LD signature that is garbage, by the right key",
    (w, n) => createEvent(w, n, {}, { signature: { type: "RsaSignature2017", creator: w.friend.keyId(), created: "yesterday", signatureValue: 42 } }),
    [202, 400, 401],
    { mayStore: true },
  ),
];

const strangerSends = { from: "stranger" } as const;

export const forged: InboxCase[] = [
  row("a Create(Event) from an actor the node does not follow", strangerCreate, 202, strangerSends),
  row(
    "a Create(Article) from an actor the node does not follow",
    (w, n) => activity(w, n, "Create", article(w, n, {}, w.stranger, "mallory"), {}, w.stranger, "mallory"),
    202,
    strangerSends,
  ),
  row(
    "an Update by the stranger of the followed cantine's event",
    (w, n) =>
      activity(w, n, "Update", { ...event(w, n), id: w.friendEvent.apId, name: "Hijacked", updated: new Date().toISOString() }, {}, w.stranger, "mallory"),
    202,
    strangerSends,
  ),
  row(
    "a Delete by the stranger of the followed cantine's event",
    (w, n) => activity(w, n, "Delete", w.friendEvent.apId, {}, w.stranger, "mallory"),
    202,
    strangerSends,
  ),
  row("a Delete by the stranger of the node's own event", (w, n) => activity(w, n, "Delete", w.localEvent.apId, {}, w.stranger, "mallory"), 202, strangerSends),
  row("a Delete by the followed cantine of the node's own event", (w, n) => activity(w, n, "Delete", w.localEvent.apId), 202),
  row(
    "an Update by the followed cantine of the node's own event",
    (w, n) => activity(w, n, "Update", { ...event(w, n), id: w.localEvent.apId, name: "Hijacked", updated: new Date(Date.now() + HOUR).toISOString() }),
    202,
  ),
  row("a Delete by the followed cantine of the node's actor", (w, n) => activity(w, n, "Delete", w.actor), 202),
  row("a Delete by the followed cantine of itself (its events stay)", (w, n) => activity(w, n, "Delete", w.friend.actorId()), 202),
  row("a Create whose Event is on the stranger's server", (w, n) => activity(w, n, "Create", event(w, n, {}, w.stranger, "mallory")), 202),
  row("a Create whose Event claims an id on the node", (w, n) => createEvent(w, n, { id: `${w.origin}/events/planted-${n}` }), 202),
  row("a Create whose referenced Event answers 404", (w, n) => activity(w, n, "Create", `${w.friend.origin}/events/missing-${n}`), 202),
  row("a Create referring to an Event the stranger serves", (w, n) => activity(w, n, "Create", `${w.stranger.origin}/events/hostile-${n}`), 202, {
    serve: (w, n) => [event(w, n, {}, w.stranger, "mallory")],
  }),
  row(
    "an Announce by the stranger of the followed cantine's event",
    (w, n) => activity(w, n, "Announce", w.friendEvent.apId, {}, w.stranger, "mallory"),
    202,
    strangerSends,
  ),
  row("an Announce by the followed cantine of a javascript: URL", (w, n) => activity(w, n, "Announce", "javascript:alert(1)"), 202),
  row(
    "an Announce by the followed cantine of something that answers 404",
    (w, n) => activity(w, n, "Announce", `${w.stranger.origin}/events/missing-${n}`),
    202,
  ),
  row("an Announce by the followed cantine of the node's own event", (w, n) => activity(w, n, "Announce", w.localEvent.apId), 202),
  row("an Accept by the stranger of the node's Follow", (w, n) => activity(w, n, "Accept", w.ourFollowId, {}, w.stranger, "mallory"), 202, strangerSends),
  row(
    "a Reject by the stranger of the node's Follow",
    (w, n) => activity(w, n, "Reject", { id: w.ourFollowId, type: "Follow", actor: w.actor, object: w.friend.actorId() }, {}, w.stranger, "mallory"),
    202,
    strangerSends,
  ),
  row("a Reject by the followed cantine of a Follow that is not the node's", (w, n) => activity(w, n, "Reject", `${w.friend.origin}/follows/other-${n}`), 202),
  row(
    "an Undo by the stranger of bob's Follow",
    (w, n) => activity(w, n, "Undo", { id: w.bobFollowId, type: "Follow", actor: w.friend.actorId("bob"), object: w.actor }, {}, w.stranger, "mallory"),
    202,
    strangerSends,
  ),
  row(
    "an Undo by alice of bob's Follow",
    (w, n) => activity(w, n, "Undo", { id: w.bobFollowId, type: "Follow", actor: w.friend.actorId("bob"), object: w.actor }),
    202,
  ),
  row("a Follow by the stranger of someone else", (w, n) => activity(w, n, "Follow", w.friend.actorId(), {}, w.stranger, "mallory"), 202, strangerSends),
  row(
    "a Follow by the stranger of the node's followers collection",
    (w, n) => activity(w, n, "Follow", `${w.actor}/followers`, {}, w.stranger, "mallory"),
    202,
    strangerSends,
  ),
  row(
    "a Follow by the stranger of a javascript: URL",
    (w, n) => activity(w, n, "Follow", "javascript:alert(1)", {}, w.stranger, "mallory"),
    202,
    strangerSends,
  ),
  row(
    "a Follow in the node's own name",
    (w, n) => ({ "@context": AS, id: `${w.stranger.origin}/follows/${n}`, type: "Follow", actor: w.actor, object: w.actor }),
    401,
    { ...strangerSends, error: NOT_ORIGIN },
  ),
  row(
    "a Follow whose id is on another server than its actor",
    (w, n) => ({ ...activity(w, n, "Follow", w.actor, {}, w.stranger, "mallory"), id: `${w.friend.origin}/follows/${n}` }),
    401,
    { ...strangerSends, error: NOT_ORIGIN },
  ),
  row("a Join by the stranger of the node's event", (w, n) => activity(w, n, "Join", w.localEvent.apId, {}, w.stranger, "mallory"), 202, strangerSends),
  row(
    "a Flag by the stranger",
    (w, n) => activity(w, n, "Flag", [w.actor, w.localEvent.apId], { content: "<script>alert(1)</script>" }, w.stranger, "mallory"),
    202,
    strangerSends,
  ),
  row(
    "an Update(Person) by the followed cantine with a hostile profile",
    (w, n) => activity(w, n, "Update", { id: w.friend.actorId(), type: "Person", name: "<script>alert(1)</script>", inbox: `${w.friend.actorId()}/inbox` }),
    202,
  ),
  row(
    "a Create(Note) by the followed cantine",
    (w, n) =>
      activity(w, n, "Create", { id: `${w.friend.origin}/notes/${n}`, type: "Note", content: "<script>alert(1)</script>", attributedTo: w.friend.actorId() }),
    202,
  ),
  row("a Create sent to the cantine's own inbox by the stranger", strangerCreate, 202, { ...strangerSends, to: "actor" }),
  row("an activity of an unknown type", (w, n) => activity(w, n, "Frobnicate", event(w, n)), 202),
  row("an activity without type", (w, n) => ({ ...createEvent(w, n), type: undefined }), [202, 400]),
];
