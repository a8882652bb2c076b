import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { addDays, dateFromToday, instantOf, offsetOf, PARIS, weekdayFromToday } from "../helpers/dates.ts";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir, startNodeProcess } from "../helpers/node-process.ts";
import { api, issueToken } from "../helpers/operator.ts";
import type { Peer, Received } from "../helpers/peer.ts";
import { startPeer } from "../helpers/peer.ts";
import { startTogether } from "../helpers/start.ts";
import { waitForQueuesDrained } from "../helpers/wait.ts";

const day = dateFromToday(8);
const event = {
  title: "Apéro fédéré",
  description: "Rencontre autour du **fédivers** et des cantines.",
  // Paris's offset on that day (UTC+1 or UTC+2) is computed where it is expected.
  startsAt: `${day}T19:00`,
  endsAt: `${day}T21:00`,
  location: { name: "La Cantine", address: "151 rue Montmartre, 75002 Paris", room: "Salle 1" },
  tags: ["fediverse", "cantine"],
  registrationUrl: "https://lacantine.example/inscription",
  category: "NETWORKING",
};

describe("an operator publishes, edits, cancels and deletes an event; followers are told", () => {
  let node: NodeProcess;
  let peer: Peer;
  let token: string;
  const ofType = (type: string, objectId?: string) => (r: Received) =>
    r.body?.type === type && r.verified && (!objectId || (r.body.object?.id ?? r.body.object) === objectId);

  beforeAll(async () => {
    [node, peer] = await startTogether(startNodeProcess(), startPeer());
    const actorId = `${node.origin}/users/paris`;
    await peer.follow("alice", actorId, `${actorId}/inbox`);
    await peer.waitFor((r) => r.body?.type === "Accept");
    token = await issueToken(node);
  });
  afterAll(async () => {
    await Promise.all([node?.stop(), peer?.close()]);
    if (node) removeWorkDir(dirname(node.configFile));
  });

  let created: any;

  it("Create: 201 with id and url, and a signed Create(Event) with the right instant, zone, place and URL", async () => {
    const response = await api(node, "POST", "/api/admin/events", token, event);
    expect(response.status).toBe(201);
    created = response.body;
    expect(created.url).toBe(`${node.origin}/events/${created.id}`);
    expect(created.startsAt).toBe(instantOf(event.startsAt, PARIS));

    const delivery = await peer.waitFor(ofType("Create", created.url));
    expect(delivery.signerMatchesActor).toBe(true);
    expect(delivery.path).toBe("/inbox"); // the shared inbox
    const object = delivery.body!.object;
    expect(object).toMatchObject({ id: created.url, type: "Event", name: "Apéro fédéré", url: created.url, timezone: "Europe/Paris" });
    expect(Date.parse(object.startTime)).toBe(Date.parse(instantOf(event.startsAt, PARIS)));
    expect(object.startTime.endsWith(offsetOf(event.startsAt, PARIS))).toBe(true);
    expect(JSON.stringify(object.location)).toContain("151 rue Montmartre");
    expect(object.summary).toMatch(/19/);
    expect(object.attributedTo).toBe(`${node.origin}/users/paris`);
    expect(delivery.body!.to).toContain("https://www.w3.org/ns/activitystreams#Public");
    expect(delivery.body!.cc).toContain(`${node.origin}/users/paris/followers`);
    expect(object.tag.map((t: any) => t.name)).toEqual(expect.arrayContaining(["#fediverse", "#cantine"]));
  });

  it("serves the event as ActivityStreams and as HTML at its URL", async () => {
    const as2 = await fetch(created.url, { headers: { Accept: "application/activity+json" } });
    expect(as2.headers.get("content-type")).toMatch(/activity\+json/);
    expect(await as2.json()).toMatchObject({ id: created.url, type: "Event", timezone: "Europe/Paris" });
    const html = await fetch(created.url, { headers: { Accept: "text/html" } });
    expect(await html.text()).toContain("Apéro fédéré");
  });

  it("Update: a PATCH is delivered with a later `updated`", async () => {
    const calendarTitles = async () => (await api(node, "GET", `/api/calendar?from=${dateFromToday(1)}`, null)).body.items.map((i: any) => i.title);
    expect(await calendarTitles()).toContain("Apéro fédéré");
    expect(await calendarTitles()).toContain("Apéro fédéré"); // answered from the cache this time
    const response = await api(node, "PATCH", `/api/admin/events/${created.id}`, token, { title: "Apéro fédéré (nouvelle salle)" });
    expect(await calendarTitles()).toContain("Apéro fédéré (nouvelle salle)"); // the write moved the cache's version
    expect(response.status).toBe(200);
    const update = await peer.waitFor(ofType("Update", created.url));
    expect(update.body!.object.name).toBe("Apéro fédéré (nouvelle salle)");
    expect(Date.parse(update.body!.object.updated)).toBeGreaterThan(Date.parse(created.updatedAt));
  });

  it("Cancel: an Update with the cancelled status, and the summary says so", async () => {
    const response = await api(node, "POST", `/api/admin/events/${created.id}/cancel`, token);
    expect(response.status).toBe(200);
    expect(response.body.status).toBe("cancelled");
    const cancel = await peer.waitFor((r) => ofType("Update", created.url)(r) && /cancel/i.test(JSON.stringify(r.body!.object.eventStatus)));
    expect(cancel.body!.object.status ?? cancel.body!.object["ical:status"]).toBe("CANCELLED");
    expect(cancel.body!.object.summary).toMatch(/ANNUL|CANCEL/);
  });

  it("Delete: a Delete with a Tombstone, and the URL then answers 410", async () => {
    const response = await api(node, "DELETE", `/api/admin/events/${created.id}`, token);
    expect(response.status).toBe(204);
    const deletion = await peer.waitFor(ofType("Delete", created.url));
    expect(deletion.body!.object).toMatchObject({ id: created.url, type: "Tombstone" });
    expect((await fetch(created.url, { headers: { Accept: "application/activity+json" } })).status).toBe(410);
    expect((await fetch(created.url)).status).toBe(410);
    expect((await api(node, "PATCH", `/api/admin/events/${created.id}`, token, { title: "again" })).status).toBe(410);
  });

  it("lists the node's activities in its outbox, newest first", async () => {
    const outbox = await (await fetch(`${node.origin}/users/paris/outbox`, { headers: { Accept: "application/activity+json" } })).json();
    expect(outbox.totalItems).toBeGreaterThanOrEqual(4);
    const page = await (await fetch(outbox.first, { headers: { Accept: "application/activity+json" } })).json();
    expect(page.orderedItems.slice(0, 4).map((a: any) => a.type)).toEqual(["Delete", "Update", "Update", "Create"]);
    // The event is deleted now: every activity about it shows its Tombstone, never the old event.
    for (const activity of page.orderedItems.slice(0, 4)) expect(activity.object).toMatchObject({ id: created.url, type: "Tombstone", formerType: "Event" });
  });

  it("rejects bad tokens and bad fields, storing and sending nothing", async () => {
    const before = (await api(node, "GET", "/api/events?limit=200", null)).body.total;
    const deliveries = peer.received.length;
    const forged = `${token.slice(0, -4)}AAAA`;
    expect((await api(node, "POST", "/api/admin/events", null, event)).status).toBe(401);
    expect((await api(node, "POST", "/api/admin/events", forged, event)).status).toBe(401);
    const narrow = await issueToken(node, "projects:write");
    expect((await api(node, "POST", "/api/admin/events", narrow, event)).status).toBe(403);
    const invalid = await api(node, "POST", "/api/admin/events", token, { ...event, endsAt: `${day}T18:00`, timezone: "Mars/Olympus", tags: "x" });
    expect(invalid.status).toBe(422);
    expect(invalid.body.problems.map((p: any) => p.field)).toEqual(expect.arrayContaining(["timezone", "tags"]));
    const malformed = await api(node, "POST", "/api/admin/events", token, "{not json");
    expect(malformed.status).toBe(400);
    expect(malformed.body.error).toMatch(/JSON/);
    await waitForQueuesDrained(node.origin);
    expect((await api(node, "GET", "/api/events?limit=200", null)).body.total).toBe(before);
    expect(peer.received.length).toBe(deliveries);
  });
});

describe("delivery through shared inboxes and weekly series", () => {
  let node: NodeProcess;
  let servers: Peer[];
  let token: string;
  const users = ["u1", "u2", "u3", "u4", "u5"];

  beforeAll(async () => {
    node = await startNodeProcess();
    servers = await startTogether(startPeer({ users }), startPeer({ users }));
    const actorId = `${node.origin}/users/paris`;
    for (const server of servers) {
      for (const user of users) await server.follow(user, actorId, `${actorId}/inbox`);
    }
    for (const server of servers) await server.waitFor(() => server.received.filter((r) => r.body?.type === "Accept").length === users.length);
    token = await issueToken(node);
  });
  afterAll(async () => {
    await Promise.all([node?.stop(), ...(servers ?? []).map((s) => s.close())]);
    if (node) removeWorkDir(dirname(node.configFile));
  });

  it("ten followers on two servers get exactly two deliveries per activity", async () => {
    const created = (await api(node, "POST", "/api/admin/events", token, { ...event, title: "Shared inbox test" })).body;
    const isCreate = (r: Received) => r.body?.type === "Create" && r.body.object?.id === created.url;
    await Promise.all(servers.map((s) => s.waitFor(isCreate)));
    await waitForQueuesDrained(node.origin);
    for (const server of servers) {
      const creates = server.received.filter(isCreate);
      expect(creates).toHaveLength(1);
      expect(creates[0]!.path).toBe("/inbox");
    }
  });

  it("a weekly series publishes each occurrence once; cancelling one touches only that one", async () => {
    const tuesday = weekdayFromToday(2, 3);
    const response = await api(node, "POST", "/api/admin/events", token, {
      title: "Mardis du code",
      startsAt: `${tuesday}T19:00`,
      endsAt: `${tuesday}T21:00`,
      recurrence: "FREQ=WEEKLY;BYDAY=TU;COUNT=4",
      tags: ["code"],
    });
    expect(response.status).toBe(201);
    const occurrences = response.body.series.occurrences;
    expect(occurrences.map((o: any) => o.startsAt)).toEqual([0, 7, 14, 21].map((days) => instantOf(`${addDays(tuesday, days)}T19:00`, PARIS)));
    const urls = occurrences.map((o: any) => o.url);
    const [server] = servers;
    const creates = () => server!.received.filter((r) => r.body?.type === "Create" && urls.includes(r.body.object?.id));
    await server!.waitFor(() => creates().length === 4);
    expect(new Set(creates().map((r) => r.body!.object.id)).size).toBe(4);

    const cancelled = await api(node, "POST", `/api/admin/events/${occurrences[1].id}/cancel`, token);
    expect(cancelled.status).toBe(200);
    await server!.waitFor((r) => r.body?.type === "Update" && r.body.object?.id === urls[1]);
    await waitForQueuesDrained(node.origin);
    const updates = server!.received.filter((r) => r.body?.type === "Update" && urls.includes(r.body.object?.id));
    expect(updates.map((r) => r.body!.object.id)).toEqual([urls[1]]);
    const others = await Promise.all([0, 2, 3].map(async (i) => (await api(node, "GET", `/api/events/${occurrences[i].id}`, null)).body.status));
    expect(others).toEqual(["scheduled", "scheduled", "scheduled"]);
  });
});
