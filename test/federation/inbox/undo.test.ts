import type { InboxContext } from "@fedify/fedify";
import { Undo } from "@fedify/vocab";
import type { DocumentLoader } from "@fedify/vocab-runtime";
import { preloadedContexts } from "@fedify/vocab-runtime";
import jsonld from "@fedify/vocab-runtime/jsonld";
import { describe, expect, it } from "@jest/globals";
import { getLogger } from "@logtape/logtape";
import type { FederationDeps } from "../../../federation/context.ts";
import { onUndo, undoneOf, undoRefusal } from "../../../federation/inbox/follow.ts";
import type { Follower } from "../../../node/domain/network/followers.ts";

const OURS = "https://paris.example/users/paris";
const ALICE = "https://social.example/users/alice";
const FOLLOW_ID = "https://social.example/3f0c2b8e-follow";
const AS = "https://www.w3.org/ns/activitystreams";

const follower: Follower = {
  actorId: ALICE,
  inbox: `${ALICE}/inbox`,
  sharedInbox: null,
  followId: FOLLOW_ID,
  actorType: "Person",
  handle: "alice@social.example",
  state: "accepted",
  createdAt: "2020-01-01T00:00:00Z",
  acceptedAt: "2020-01-01T00:00:00Z",
};

describe("which Undo ends a follow", () => {
  const refusal = (object: unknown) => undoRefusal(follower, undoneOf(object), OURS);

  it("accepts the Follow named by the id we stored, embedded or as a bare URI", () => {
    expect(refusal(FOLLOW_ID)).toBeNull();
    expect(refusal({ id: FOLLOW_ID, type: "Follow", actor: ALICE, object: OURS })).toBeNull();
    expect(refusal({ id: FOLLOW_ID, object: OURS })).toBeNull();
  });

  it("accepts an embedded Follow of us by the follower, or without actor, whatever its id", () => {
    expect(refusal({ id: "https://social.example/older-follow", type: "Follow", actor: ALICE, object: OURS })).toBeNull();
    expect(refusal({ id: "https://social.example/older-follow", type: "Follow", object: OURS })).toBeNull();
    expect(refusal({ id: "https://social.example/older-follow", object: OURS })).toBeNull();
    expect(refusal({ type: "Follow", actor: { id: ALICE }, object: { id: OURS } })).toBeNull();
    expect(refusal({ type: "Follow", actor: ALICE })).toBeNull();
  });

  it("refuses a bare URI that is not the Follow we hold (it is never fetched)", () => {
    expect(refusal("https://social.example/something-else")).toMatch(/not the Follow we hold/);
    expect(refusal(undefined)).toMatch(/undoes nothing/);
  });

  it("refuses someone else's Follow, a Follow of someone else, and other activities", () => {
    expect(refusal({ id: "https://social.example/f2", type: "Follow", actor: "https://social.example/users/bob", object: OURS })).toMatch(/bob's/);
    expect(refusal({ id: "https://social.example/f2", type: "Follow", actor: ALICE, object: "https://other.example/users/x" })).toMatch(/not a Follow of us/);
    expect(refusal({ id: "https://social.example/like/1", type: "Like", actor: ALICE, object: OURS })).toMatch(/undoes a Like/);
    expect(refusal({ id: "https://social.example/f2", actor: ALICE })).toMatch(/not a Follow of us/);
  });
});

/** A context whose loaders serve the preloaded JSON-LD contexts and throw on anything else. */
function offlineContext(): InboxContext<void> & { fetched: string[] } {
  const fetched: string[] = [];
  const loader: DocumentLoader = async (url) => {
    if (url in preloadedContexts) return { contextUrl: null, document: preloadedContexts[url], documentUrl: url };
    fetched.push(url);
    throw new Error(`unexpected fetch of ${url}`);
  };
  return { fetched, documentLoader: loader, contextLoader: loader, getActorUri: () => new URL(OURS) } as unknown as InboxContext<void> & { fetched: string[] };
}

function fakeDeps(): FederationDeps & { removed: string[] } {
  const removed: string[] = [];
  const followers = {
    get: (actorId: string) => (actorId === ALICE && !removed.includes(ALICE) ? follower : undefined),
    remove: (actorId: string) => (removed.push(actorId), true),
  };
  return { removed, followers, venue: { slug: "paris" }, log: getLogger(["cantine", "test"]) } as unknown as FederationDeps & { removed: string[] };
}

describe("onUndo", () => {
  const undo = (object: unknown, actor = ALICE) => Undo.fromJsonLd({ "@context": AS, id: `${actor}#follows/1/undo`, type: "Undo", actor, object });

  it.each([
    ["Mastodon's full embedded Follow", { id: FOLLOW_ID, type: "Follow", actor: ALICE, object: OURS }],
    ["Gancio's Follow with only id and object", { id: FOLLOW_ID, object: OURS }],
    ["the Follow's URI alone", FOLLOW_ID],
  ])("removes the follower for %s, without fetching anything", async (_form, object) => {
    const deps = fakeDeps();
    const ctx = offlineContext();
    await onUndo(deps, ctx, await undo(object));
    expect(deps.removed).toEqual([ALICE]);
    expect(ctx.fetched).toEqual([]);
  });

  it("reads the normalised form Fedify hands over for an LD-signed Undo (another cantine's)", async () => {
    const ctx = offlineContext();
    const sent = { "@context": AS, id: `${ALICE}/undos/1`, type: "Undo", actor: ALICE, object: { id: FOLLOW_ID, type: "Follow", actor: ALICE, object: OURS } };
    const normalised = await jsonld.compact(
      sent as never,
      ["https://w3id.org/identity/v1", AS, "https://w3id.org/security/v1", "https://w3id.org/security/data-integrity/v1"] as never,
      { documentLoader: ctx.contextLoader as never },
    );
    const deps = fakeDeps();
    await onUndo(deps, ctx, await Undo.fromJsonLd(normalised, { contextLoader: ctx.contextLoader, documentLoader: ctx.documentLoader }));
    expect(deps.removed).toEqual([ALICE]);
    expect(ctx.fetched).toEqual([]);
  });

  it("leaves the follower in place when another actor undoes their Follow", async () => {
    const deps = fakeDeps();
    const ctx = offlineContext();
    await onUndo(deps, ctx, await undo({ id: FOLLOW_ID, type: "Follow", actor: ALICE, object: OURS }, "https://social.example/users/mallory"));
    await onUndo(deps, ctx, await undo(FOLLOW_ID, "https://social.example/users/mallory"));
    expect(deps.removed).toEqual([]);
    expect(ctx.fetched).toEqual([]);
  });
});
