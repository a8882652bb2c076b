import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { readJsonFixture } from "../helpers/fixtures.ts";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir, startNodeProcess } from "../helpers/node-process.ts";
import type { Peer } from "../helpers/peer.ts";
import { startPeer } from "../helpers/peer.ts";
import { startTogether } from "../helpers/start.ts";
import { waitForQueuesDrained, waitUntil } from "../helpers/wait.ts";

const AP = "application/activity+json";

async function getJson(url: string, accept = AP): Promise<{ status: number; type: string | null; json: any }> {
  const response = await fetch(url, { headers: { Accept: accept } });
  return { status: response.status, type: response.headers.get("content-type"), json: await response.json() };
}

async function followerCount(node: NodeProcess): Promise<number> {
  return (await getJson(`${node.origin}/users/paris/followers`)).json.totalItems;
}

describe("a Mastodon account finds, follows and unfollows the cantine", () => {
  let node: NodeProcess;
  let peer: Peer;

  beforeAll(async () => {
    [node, peer] = await startTogether(startNodeProcess(), startPeer({ users: ["alice", "bob"] }));
  });
  afterAll(async () => {
    await Promise.all([node?.stop(), peer?.close()]);
    if (node) removeWorkDir(node.configFile.replace(/\/[^/]+$/, ""));
  });

  it("resolves the handle by WebFinger to the actor id", async () => {
    const host = new URL(node.origin).host;
    const { status, json } = await getJson(`${node.origin}/.well-known/webfinger?resource=acct:paris@${host}`, "application/jrd+json");
    expect(status).toBe(200);
    expect(json.subject).toBe(`acct:paris@${host}`);
    const self = json.links.find((link: any) => link.rel === "self");
    expect(self).toMatchObject({ type: AP, href: `${node.origin}/users/paris` });
    expect(await peer.lookup(`@paris@${host}`)).toBe(`${node.origin}/users/paris`);
  });

  it("serves the actor as an Organization with everything Mastodon reads", async () => {
    const { contentType, json: actor } = await peer.fetchActor(`${node.origin}/users/paris`);
    expect(contentType).toMatch(/^application\/activity\+json/);
    expect(actor["@context"]).toContain("https://www.w3.org/ns/activitystreams");
    expect(actor).toMatchObject({
      id: `${node.origin}/users/paris`,
      type: "Organization",
      preferredUsername: "paris",
      name: "La Cantine paris",
      url: `${node.origin}/users/paris`,
      inbox: `${node.origin}/users/paris/inbox`,
      outbox: `${node.origin}/users/paris/outbox`,
      followers: `${node.origin}/users/paris/followers`,
      following: `${node.origin}/users/paris/following`,
      endpoints: { sharedInbox: `${node.origin}/inbox` },
      discoverable: true,
      manuallyApprovesFollowers: false,
      icon: { type: "Image", url: `${node.origin}/icon.png`, mediaType: "image/png" },
      publicKey: { id: `${node.origin}/users/paris#main-key`, owner: `${node.origin}/users/paris` },
    });
    expect(actor.summary).toContain("coworking");
    expect(actor.publicKey.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    const fields = Object.fromEntries(actor.attachment.map((field: any) => [field.name, field.value]));
    expect(fields).toMatchObject({ Address: "151 rue Montmartre, 75002 Paris", City: "Paris, FR", "Time zone": "Europe/Paris" });
    expect(fields.Website).toContain('href="https://lacantine.example"');
    expect(actor.attachment.every((field: any) => field.type === "PropertyValue")).toBe(true);
    const multikeys = [actor.assertionMethod].flat();
    expect(multikeys.some((key: any) => key.publicKeyMultibase?.startsWith("z6Mk"))).toBe(true);
  });

  it("answers the ld+json profile media type as ActivityStreams too, and HTML to browsers", async () => {
    const ld = await fetch(`${node.origin}/users/paris`, { headers: { Accept: 'application/ld+json; profile="https://www.w3.org/ns/activitystreams"' } });
    expect(ld.status).toBe(200);
    expect(ld.headers.get("content-type")).toMatch(/^application\/activity\+json/);
    expect((await ld.json()).type).toBe("Organization");

    const html = await fetch(`${node.origin}/users/paris`, { headers: { Accept: "text/html" } });
    expect(html.status).toBe(200);
    expect(html.headers.get("content-type")).toMatch(/^text\/html/);
    const page = await html.text();
    expect(page).toContain("<h1>La Cantine paris</h1>");
    expect(page).toContain(`@paris@${new URL(node.origin).host}`);
    expect((await fetch(`${node.origin}/users/nobody`, { headers: { Accept: "text/html" } })).status).toBe(404);
  });

  it("accepts a Follow with a signed Accept, lists the follower, and forgets it on Undo", async () => {
    const actorId = `${node.origin}/users/paris`;
    const { activity: follow, status } = await peer.follow("alice", actorId, `${actorId}/inbox`);
    expect(status).toBe(202);

    const accept = await peer.waitFor((r) => r.body?.type === "Accept");
    expect(accept.verified).toBe(true);
    expect(accept.signerMatchesActor).toBe(true);
    expect(accept.keyId).toBe(`${actorId}#main-key`);
    expect(accept.path).toBe("/users/alice/inbox");
    expect(accept.body!.actor).toBe(actorId);
    const object = accept.body!.object;
    expect(typeof object === "string" ? object : object.id).toBe(follow.id);
    if (typeof object !== "string") expect(object).toMatchObject({ type: "Follow", actor: peer.actorId("alice"), object: actorId });

    expect(await followerCount(node)).toBe(1);
    const collection = (await getJson(`${actorId}/followers`)).json;
    const firstPage = (await getJson(collection.first)).json;
    expect(firstPage.orderedItems ?? firstPage.items).toEqual([peer.actorId("alice")]);

    const undo = await peer.undoFollow("alice", follow, `${actorId}/inbox`);
    expect(undo.status).toBe(202);
    await waitUntil(async () => (await followerCount(node)) === 0);
    expect(await followerCount(node)).toBe(0);
  });

  it("accepts a Follow and an Undo shaped exactly like Mastodon's own payloads", async () => {
    const actorId = `${node.origin}/users/paris`;
    const fixtureFollow = readJsonFixture<Record<string, unknown>>("mastodon", "follow.json");
    const fixtureUndo = readJsonFixture<Record<string, any>>("mastodon", "undo-follow.json");
    const follow = { ...fixtureFollow, id: `${peer.origin}/7f1d4bd0-3c62-4b1c-b1bd-fixture`, actor: peer.actorId("bob"), object: actorId };
    expect((await peer.signedPost("bob", `${actorId}/inbox`, follow)).status).toBe(202);
    await peer.waitFor((r) => r.body?.type === "Accept" && r.path === "/users/bob/inbox");
    expect(await followerCount(node)).toBe(1);

    const undo = { ...fixtureUndo, id: `${peer.actorId("bob")}#follows/1/undo`, actor: peer.actorId("bob"), object: { ...fixtureUndo.object, ...follow } };
    delete undo.object["@context"];
    expect((await peer.signedPost("bob", `${actorId}/inbox`, undo)).status).toBe(202);
    await waitUntil(async () => (await followerCount(node)) === 0);
  });

  it("rejects unsigned and badly signed POSTs with 401 and stores nothing", async () => {
    const actorId = `${node.origin}/users/paris`;
    const follow = {
      "@context": "https://www.w3.org/ns/activitystreams",
      id: `${peer.origin}/bad-1`,
      type: "Follow",
      actor: peer.actorId("alice"),
      object: actorId,
    };
    for (const [inbox, options] of [
      [`${actorId}/inbox`, { omitSignature: true }],
      [`${node.origin}/inbox`, { omitSignature: true }],
      [`${actorId}/inbox`, { tamper: "body" as const }],
      [`${actorId}/inbox`, { tamper: "signature" as const }],
    ] as const) {
      const response = await peer.signedPost("alice", inbox, follow, options);
      expect(response.status).toBe(401);
    }
    await waitForQueuesDrained(node.origin);
    expect(await followerCount(node)).toBe(0);
    expect(peer.received.filter((r) => r.body?.type === "Accept" && r.body?.object?.id === follow.id)).toEqual([]);
  });

  it("publishes NodeInfo 2.1", async () => {
    const index = (await getJson(`${node.origin}/.well-known/nodeinfo`, "application/json")).json;
    const link = index.links.find((l: any) => l.rel === "http://nodeinfo.diaspora.software/ns/schema/2.1");
    const info = (await getJson(link.href, "application/json")).json;
    expect(info).toMatchObject({ version: "2.1", software: { name: "cantine" }, protocols: ["activitypub"] });
    expect(info.software.version).toMatch(/^\d+\.\d+\.\d+/);
    // FEP-2677: the application actor Gancio and Mobilizon follow is the cantine itself.
    const application = index.links.find((l: any) => l.rel === "https://www.w3.org/ns/activitystreams#Application");
    expect(application.href).toBe(`${node.origin}/users/paris`);
  });

  it("reports health", async () => {
    const health = await getJson(`${node.origin}/healthz`, "application/json");
    expect(health.status).toBe(200);
    expect(health.json).toMatchObject({ status: "ok", node: "paris" });
  });
});
