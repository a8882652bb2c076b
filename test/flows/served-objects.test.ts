import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir, startNodeProcess } from "../helpers/node-process.ts";
import { api, issueToken } from "../helpers/operator.ts";
import type { Peer, Received } from "../helpers/peer.ts";
import { startPeer } from "../helpers/peer.ts";
import { startTogether } from "../helpers/start.ts";

const AS_PUBLIC = "https://www.w3.org/ns/activitystreams#Public";
const AS_ACCEPT = "application/activity+json";

/** A calendar date some days from now, so the test holds whatever today is. */
function daysFromNow(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

/** The offset a zone has at a wall-clock time, as ActivityStreams times carry it ("+01:00"). */
function offsetAt(date: string, time: string, zone: string): string {
  return Temporal.PlainDateTime.from(`${date}T${time}`).toZonedDateTime(zone).offset;
}

async function getAs(url: string, host?: string): Promise<{ status: number; text: string; json: any }> {
  const response = await fetch(url, { headers: { Accept: AS_ACCEPT, ...(host ? { Host: host } : {}) } });
  const text = await response.text();
  return { status: response.status, text, json: text ? JSON.parse(text) : null };
}

/** Every item of a collection, following its pages; each page must carry `orderedItems`. */
async function readCollection(url: string): Promise<any[]> {
  const collection = (await getAs(url)).json;
  const items: any[] = [];
  for (let next = collection.first; next; ) {
    const page = (await getAs(next)).json;
    expect(Array.isArray(page.orderedItems)).toBe(true);
    items.push(...page.orderedItems);
    next = page.next;
  }
  return items;
}

describe("what a node serves of its events is what it published, for every shape", () => {
  let node: NodeProcess;
  let peer: Peer;
  let token: string;
  const date = daysFromNow(9);
  const barcelona = offsetAt(date, "19:00", "Europe/Madrid");
  const online = {
    title: "Taller en línea",
    startsAt: `${date}T19:00`,
    endsAt: `${date}T21:00`,
    timezone: "Europe/Madrid",
    location: { url: "https://meet.example/taller" },
    organizer: "Dades Obertes",
    registrationUrl: "https://tickets.example/taller",
    capacity: 40,
    tags: ["datos", "online"],
  };
  const hybrid = {
    ...online,
    title: "Hybrid meetup",
    location: { name: "La Cantine", address: "151 rue Montmartre, 75002 Paris", url: "https://meet.example/hybrid" },
  };
  const created: Record<string, any> = {};
  const ofType = (type: string, objectId: string) => (r: Received) => r.body?.type === type && (r.body.object?.id ?? r.body.object) === objectId;

  beforeAll(async () => {
    [node, peer] = await startTogether(startNodeProcess(), startPeer());
    const actorId = `${node.origin}/users/paris`;
    await peer.follow("alice", actorId, `${actorId}/inbox`);
    await peer.waitFor((r) => r.body?.type === "Accept");
    token = await issueToken(node, "admin");
    for (const [name, input] of Object.entries({ online, hybrid })) {
      const response = await api(node, "POST", "/api/admin/events", token, input);
      expect(response.status).toBe(201);
      created[name] = response.body;
    }
  });
  afterAll(async () => {
    await Promise.all([node?.stop(), peer?.close()]);
    if (node) removeWorkDir(dirname(node.configFile));
  });

  /** The fields peers show, as every serving path must carry them. */
  function expectFaithful(object: any, input: typeof online) {
    expect(object).toMatchObject({
      type: "Event",
      name: input.title,
      timezone: "Europe/Madrid",
      startTime: `${date}T19:00:00${barcelona}`,
      endTime: `${date}T21:00:00${barcelona}`,
      eventStatus: "EventScheduled",
      joinMode: "external",
      externalParticipationUrl: input.registrationUrl,
      maximumAttendeeCapacity: 40,
    });
    expect(object.organizers.items).toContain(`${node.origin}/users/paris`);
    expect(JSON.stringify(object.organizers)).toContain("Dades Obertes");
    expect(object.to).toEqual([AS_PUBLIC]);
    expect(object.tag.map((t: any) => [t.type, t.name])).toEqual([
      ["Hashtag", "#datos"],
      ["Hashtag", "#online"],
    ]);
    const locations = [object.location].flat();
    expect(locations.find((l: any) => l.type === "VirtualLocation")?.url).toBe(input.location.url);
  }

  it("an online event keeps its zone, offsets, status, organizers and registration at its URL", async () => {
    const { status, json } = await getAs(created.online.url);
    expect(status).toBe(200);
    expectFaithful(json, online);
  });

  it("a hybrid event keeps its place with its address beside the online link", async () => {
    const { json } = await getAs(created.hybrid.url);
    expectFaithful(json, hybrid);
    const place = [json.location].flat().find((l: any) => l.type === "Place");
    expect(place.address).toMatchObject({ type: "PostalAddress", streetAddress: expect.stringContaining("151 rue Montmartre") });
  });

  it("the Create, the outbox and upcoming-events carry the same object", async () => {
    const delivered = await peer.waitFor(ofType("Create", created.online.url));
    expectFaithful(delivered.body!.object, online);
    const outbox = await readCollection(`${node.origin}/users/paris/outbox`);
    const create = outbox.find((a) => a.type === "Create" && a.object.id === created.online.url);
    expect(create.to).toEqual([AS_PUBLIC]);
    expectFaithful(create.object, online);
    const upcoming = await readCollection(`${node.origin}/users/paris/upcoming-events`);
    expectFaithful(
      upcoming.find((e) => e.id === created.online.url),
      online,
    );
  });

  it("a cancelled online event is served and announced as cancelled", async () => {
    expect((await api(node, "POST", `/api/admin/events/${created.online.id}/cancel`, token)).status).toBe(200);
    const update = await peer.waitFor(ofType("Update", created.online.url));
    expect(update.body!.object).toMatchObject({ eventStatus: "EventCancelled", status: "CANCELLED", timezone: "Europe/Madrid" });
    expect(update.body!.object["ical:status"]).toBeUndefined();
    expect((await getAs(created.online.url)).json.eventStatus).toBe("EventCancelled");
  });

  it("the outbox shows each object as it is now: edited under its new title, deleted as a Tombstone", async () => {
    expect((await api(node, "PATCH", `/api/admin/events/${created.hybrid.id}`, token, { title: "Hybrid meetup, new room" })).status).toBe(200);
    const edited = await api(node, "POST", "/api/admin/events", token, { title: "Doomed", startsAt: `${date}T10:00`, endsAt: `${date}T11:00` });
    expect((await api(node, "DELETE", `/api/admin/events/${edited.body.id}`, token)).status).toBe(204);

    const outbox = await readCollection(`${node.origin}/users/paris/outbox`);
    const about = (id: string) => outbox.filter((a) => (a.object?.id ?? a.object) === id);
    for (const activity of about(created.hybrid.url)) expect(activity.object.name).toBe("Hybrid meetup, new room");
    const doomed = about(edited.body.url);
    expect(doomed.map((a) => a.type).sort()).toEqual(["Create", "Delete"]);
    for (const activity of doomed) expect(activity.object).toMatchObject({ type: "Tombstone", formerType: "Event" });
    expect(outbox.some((a) => a.object?.name === "Doomed")).toBe(false);
  });
});

describe("collections and URLs", () => {
  let node: NodeProcess;
  beforeAll(async () => {
    node = await startNodeProcess();
  });
  afterAll(async () => {
    await node?.stop();
    if (node) removeWorkDir(dirname(node.configFile));
  });

  it("an empty collection is served like a full one: a first page that carries empty orderedItems", async () => {
    for (const name of ["following", "followers", "outbox", "upcoming-events"]) {
      const { json } = await getAs(`${node.origin}/users/paris/${name}`);
      expect(json).toMatchObject({ type: "OrderedCollection", id: `${node.origin}/users/paris/${name}`, totalItems: 0 });
      expect(typeof json.first).toBe("string");
      const page = (await getAs(json.first)).json;
      expect(page).toMatchObject({ type: "OrderedCollectionPage", orderedItems: [] });
    }
  });

  it("a forged or portless Host header never makes its way into the URLs the node answers with", async () => {
    const host = new URL(node.origin).hostname; // what Gancio signs: no port
    for (const forged of ["evil.example", host]) {
      for (const path of ["/users/paris", "/users/paris/outbox", "/users/paris/outbox?cursor=", "/users/paris/followers", "/users/paris/following"]) {
        const { status, text, json } = await getAs(`${node.origin}${path}`, forged);
        expect(status).toBe(200);
        expect(text).not.toContain("evil.example");
        expect(text).not.toContain(`//${host}/`);
        expect(json.id.startsWith(`${node.origin}/`)).toBe(true);
      }
    }
    const webfinger = await fetch(`${node.origin}/.well-known/webfinger?resource=acct:paris@${new URL(node.origin).host}`, {
      headers: { Host: "evil.example" },
    });
    expect(await webfinger.text()).not.toContain("evil.example");
  });
});
