// A Gancio instance and a Mobilizon relay follow the cantine, as they would in the field: the
// Gancio-shaped peer (test/helpers/gancio-peer.ts) reads draft-cavage signatures only, signs
// `Host` without the port, answers 404 to what it does not take (an Announce, a project) and
// back-fills from the first outbox page. Dates count from today.

import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { InstancePeer, InstanceReceived, JsonObject } from "../helpers/gancio-peer.ts";
import { startGancioPeer, startMobilizonRelay } from "../helpers/gancio-peer.ts";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir, startNodeProcess } from "../helpers/node-process.ts";
import { api, issueToken } from "../helpers/operator.ts";
import { startTogether } from "../helpers/start.ts";
import { waitUntil } from "../helpers/wait.ts";

/** A date `days` from today where `zone` (an IANA name or an offset) is: "YYYY-MM-DD". */
function dateIn(days: number, zone: string): string {
  return Temporal.Now.plainDateISO(zone).add({ days }).toString();
}

const objectId = (r: InstanceReceived) => {
  const object = r.body?.["object"];
  return typeof object === "string" ? object : object?.id;
};
const about = (type: string, id: string) => (r: InstanceReceived) => r.body?.["type"] === type && objectId(r) === id;

/**
 * Waits until the node has nothing left in its queues (waiting, retrying or running), as /healthz
 * tells: what a test waits for before it asserts that something was not delivered.
 */
async function drained(node: NodeProcess): Promise<void> {
  await waitUntil(async () => {
    const { queue } = (await (await fetch(`${node.origin}/healthz`)).json()) as { queue: Record<string, number> };
    return Object.values(queue).every((n) => n === 0);
  }, "the node's queues to drain");
}

describe("a Gancio instance and a Mobilizon relay follow the cantine", () => {
  let node: NodeProcess;
  let gancio: InstancePeer;
  let mobilizon: InstancePeer;
  let token: string;
  let gancioFollow: JsonObject;
  let actorId: string;
  let titles = 0;
  const title = (what: string) => `${what} ${++titles}`;

  async function publish(input: Record<string, unknown>): Promise<{ id: string; url: string }> {
    const response = await api(node, "POST", "/api/admin/events", token, input);
    expect(response.status).toBe(201);
    return response.body;
  }

  beforeAll(async () => {
    [node, gancio, mobilizon] = await startTogether(startNodeProcess(), startGancioPeer(), startMobilizonRelay());
    actorId = `${node.origin}/users/paris`;
    token = await issueToken(node, "admin");
    const followed = await gancio.follow(actorId);
    expect(followed.status).toBe(202);
    gancioFollow = followed.activity;
    expect((await mobilizon.follow(actorId)).status).toBe(202);
    for (const peer of [gancio, mobilizon]) {
      const accept = await peer.waitFor((r) => r.body?.["type"] === "Accept");
      expect(accept).toMatchObject({ verified: true, signerMatchesActor: true });
    }
  }, 60_000);
  afterAll(async () => {
    await Promise.all([node?.stop(), gancio?.close(), mobilizon?.close()]);
    if (node) removeWorkDir(dirname(node.configFile));
  });

  it("tells Gancio of an event's Create, Update and Delete (a Tombstone of formerType Event), and only Mobilizon gets the Announce", async () => {
    const day = dateIn(4, "Europe/Paris");
    const event = await publish({ title: title("Apéro fédéré"), startsAt: `${day}T19:00`, endsAt: `${day}T21:00` });

    const created = await gancio.waitFor(about("Create", event.url));
    expect(created).toMatchObject({ status: 202, verified: true, signerMatchesActor: true });
    expect(created.body!["object"]).toMatchObject({ id: event.url, type: "Event" });
    // The relay's Announce is the control: it went out with the Create, to Mobilizon alone.
    const announced = await mobilizon.waitFor(about("Announce", event.url));
    expect(announced).toMatchObject({ status: 202, verified: true });

    expect((await api(node, "PATCH", `/api/admin/events/${event.id}`, token, { title: "Apéro fédéré, en terrasse" })).status).toBe(200);
    const updated = await gancio.waitFor(about("Update", event.url));
    expect(updated.status).toBe(202);
    expect(updated.body!["object"]).toMatchObject({ type: "Event", name: "Apéro fédéré, en terrasse" });

    expect((await api(node, "DELETE", `/api/admin/events/${event.id}`, token)).status).toBe(204);
    const deleted = await gancio.waitFor(about("Delete", event.url));
    expect(deleted.body!["object"]).toMatchObject({ id: event.url, type: "Tombstone", formerType: "Event" });
    expect(deleted.status).toBe(202);

    await drained(node);
    expect(gancio.received.filter((r) => r.body?.["type"] === "Announce")).toEqual([]);
    expect(gancio.received.filter((r) => objectId(r) === event.url).map((r) => r.body!["type"])).toEqual(["Create", "Update", "Delete"]);
  });

  it("takes Gancio's 404 as final: one attempt, signed draft-cavage, and nothing left to retry", async () => {
    const response = await api(node, "POST", "/api/admin/projects", token, { title: title("Jardin partagé"), summary: "Des bacs sur le toit." });
    expect(response.status).toBe(201);
    const refused = await gancio.waitFor((r) => r.body?.["type"] === "Create" && r.body["object"]?.type === "Article");
    expect(refused.status).toBe(404);
    await mobilizon.waitFor((r) => r.body?.["type"] === "Create" && objectId(r) === refused.body!["object"].id);

    await drained(node);
    expect(gancio.received.filter((r) => r.body?.["id"] === refused.body!["id"])).toHaveLength(1);
    // Never an RFC 9421 second knock, which Gancio cannot read: every request was draft-cavage.
    expect(gancio.received.filter((r) => r.headers["signature-input"] !== undefined)).toEqual([]);
    expect(gancio.received.every((r) => r.verified)).toBe(true);
  });

  it("lets Gancio back-fill from the first outbox page: the events as they are now, not the deleted one", async () => {
    const day = dateIn(6, "Europe/Paris");
    const kept = await publish({ title: title("Atelier vélo"), startsAt: `${day}T18:00`, endsAt: `${day}T20:00` });
    expect((await api(node, "PATCH", `/api/admin/events/${kept.id}`, token, { title: "Atelier vélo et café" })).status).toBe(200);
    const gone = await publish({ title: title("Projection annulée"), startsAt: `${day}T20:00` });
    expect((await api(node, "DELETE", `/api/admin/events/${gone.id}`, token)).status).toBe(204);
    await gancio.waitFor(about("Delete", gone.url));

    const items = await gancio.firstOutboxPage(actorId);
    const events = items.filter((a) => a["type"] === "Create" && a["object"]?.type === "Event").map((a) => a["object"]);
    expect(events.filter((e) => e.id === kept.url).map((e) => e.name)).toEqual(["Atelier vélo et café"]);
    expect(events.filter((e) => e.id === gone.url)).toEqual([]);
  });

  it("forgets Gancio after its Undo (a Follow with only id and object): nothing more goes there", async () => {
    const followers = async () => (await (await fetch(`${actorId}/followers`, { headers: { Accept: "application/activity+json" } })).json()).totalItems;
    expect(await followers()).toBe(2);
    const undo = await gancio.undoFollow(gancioFollow);
    expect(undo.activity["object"]).toEqual({ id: gancioFollow["id"], object: actorId });
    expect(undo.status).toBe(202);
    await waitUntil(async () => (await followers()) === 1, "Gancio to leave the followers");

    const before = gancio.received.length;
    const day = dateIn(5, "Europe/Paris");
    const event = await publish({ title: title("Soirée jeux"), startsAt: `${day}T19:30` });
    await mobilizon.waitFor(about("Create", event.url)); // the control: delivered to the follower left
    await drained(node);
    expect(gancio.received.slice(before)).toEqual([]);
  });

  it("follows Gancio back and shows its events at their own local time", async () => {
    const day = dateIn(5, "+01:00");
    const startTime = `${day}T19:30:00+01:00`;
    gancio.publish({
      "@context": ["https://www.w3.org/ns/activitystreams", "https://w3id.org/security/v1"],
      id: gancio.eventId(1),
      type: "Event",
      name: "Cena sociale",
      url: `${gancio.origin}/event/cena-sociale`,
      startTime: `${day}T19:30:00.000+01:00`,
      endTime: `${day}T22:00:00.000+01:00`,
      location: { type: "Place", name: "Colosseo", address: "Piazza del Colosseo, Rome", latitude: null, longitude: null },
      attachment: [],
      tag: [{ type: "Hashtag", name: "#cena", href: `${gancio.origin}/tag/cena` }],
      published: new Date().toISOString(),
      attributedTo: gancio.actorId,
      to: ["https://www.w3.org/ns/activitystreams#Public"],
      cc: [`${gancio.actorId}/followers`],
      content: "",
      summary: `Colosseo, ${day} (19:30)`,
    });

    const response = await api(node, "POST", "/api/admin/follows", token, { handle: gancio.host });
    expect(response.status).toBe(202);
    expect(response.body).toMatchObject({ actorId: gancio.actorId, type: "Application" });
    const follow = await gancio.waitFor((r) => r.body?.["type"] === "Follow" && r.body["actor"] === actorId);
    expect(follow).toMatchObject({ status: 200, verified: true });
    expect(gancio.followers.has(actorId)).toBe(true);

    let item: any;
    await waitUntil(async () => {
      item = (await api(node, "GET", "/api/calendar?limit=200&q=Cena", null)).body.items.find((i: any) => i.title === "Cena sociale");
      return item !== undefined;
    }, "Gancio's event in the calendar");
    expect(item.localStart).toBe(startTime);
    expect(Date.parse(item.startsAt)).toBe(Date.parse(startTime));
  });
});
