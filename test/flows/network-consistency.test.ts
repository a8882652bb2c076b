import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { dateFromToday, wallTime } from "../helpers/dates.ts";
import { readJsonFixture } from "../helpers/fixtures.ts";
import type { CityNode } from "../helpers/network.ts";
import { calendarTitles, cities, follow, startCities, stopCities } from "../helpers/network.ts";
import { api } from "../helpers/operator.ts";
import type { Peer } from "../helpers/peer.ts";
import { startPeer } from "../helpers/peer.ts";
import { startTogether } from "../helpers/start.ts";
import { waitForQueuesDrained, waitUntil } from "../helpers/wait.ts";

/** An evening `days` from today in San Francisco, where these events are published. */
const evening = (days: number, title: string) => {
  const date = dateFromToday(days, cities.sf.timezone);
  return { title, startsAt: `${date}T19:00`, endsAt: `${date}T21:00` };
};
/** When the refused events would have taken place: upcoming, so the calendar would show them. */
const refusedStart = wallTime(24, "19:00", "UTC");

describe("staying consistent across the network", () => {
  let paris: CityNode, sf: CityNode, barcelona: CityNode;
  let all: CityNode[];

  beforeAll(async () => {
    all = await startCities(["paris", "sf", "barcelona"]);
    [paris, sf, barcelona] = all as [CityNode, CityNode, CityNode];
  }, 60_000);
  afterAll(() => stopCities(all ?? []));

  it("a node that follows another after it published five events back-fills all five", async () => {
    for (let day = 1; day <= 5; day++) {
      expect((await api(sf.node, "POST", "/api/admin/events", sf.token, evening(day + 10, `SF talk ${day}`))).status).toBe(201);
    }
    await follow(paris, sf);
    const titles = await calendarTitles(paris, "&city=San%20Francisco");
    expect(titles.sort()).toEqual(["SF talk 1", "SF talk 2", "SF talk 3", "SF talk 4", "SF talk 5"]);
    const follows = (await api(paris.node, "GET", "/api/admin/follows", paris.token)).body.items;
    expect(follows).toEqual([
      expect.objectContaining({ handle: sf.handle, state: "accepted", city: "San Francisco", upcomingEvents: 5, lastSyncAt: expect.any(String) }),
    ]);
  });

  it("a node stopped while another publishes has the event once it is back", async () => {
    await follow(barcelona, sf);
    await barcelona.node.stop();
    const created = await api(sf.node, "POST", "/api/admin/events", sf.token, evening(20, "Published while Barcelona was down"));
    expect(created.status).toBe(201);
    barcelona.node = await barcelona.node.restart();
    await waitUntil(async () => (await calendarTitles(barcelona)).includes("Published while Barcelona was down"), "barcelona catches up", 60_000);
  });

  it("a project relayed by a second node reaches the followers of the second node, via it", async () => {
    const project = await api(paris.node, "POST", "/api/admin/projects", paris.token, {
      title: "Capteurs ouverts pour coopératives",
      summary: "Des plans partagés pour mesurer l'air des espaces de travail.",
      stage: "prototype",
      lookingFor: ["partners"],
      cities: ["Paris", "São Paulo"],
    });
    expect(project.status).toBe(201);
    // Barcelona follows San Francisco but not Paris; San Francisco follows Paris and relays its project.
    await follow(sf, paris);
    const has = async (n: CityNode) =>
      (await api(n.node, "GET", "/api/board", null)).body.items.some((p: any) => p.title === "Capteurs ouverts pour coopératives");
    await waitUntil(() => has(sf), "san francisco has the project");
    expect(await has(barcelona)).toBe(false);
    const relay = await api(sf.node, "POST", "/api/admin/relays", sf.token, { url: project.body.apId });
    expect(relay.status).toBe(202);
    await waitUntil(() => has(barcelona), "barcelona gets the relayed project");
    const entry = (await api(barcelona.node, "GET", "/api/board", null)).body.items.find((p: any) => p.title === "Capteurs ouverts pour coopératives");
    expect(entry.cantine).toMatchObject({ name: "La Cantine Paris", city: "Paris" });
    expect(entry.via).toMatchObject({ name: "The Cantine San Francisco", city: "San Francisco" });
  });
});

describe("what a node refuses to store", () => {
  let paris: CityNode;
  let nodes: CityNode[];
  let relay: Peer;
  let stranger: Peer;
  let inbox: string;

  beforeAll(async () => {
    nodes = await startCities(["paris"]);
    paris = nodes[0]!;
    [relay, stranger] = await startTogether(startPeer({ users: ["relay"] }), startPeer({ users: ["mallory"] }));
    inbox = `${paris.node.origin}/inbox`;
    // Paris follows a Gancio-like instance actor (relay@host); the test plays its Accept.
    const followed = await api(paris.node, "POST", "/api/admin/follows", paris.token, { handle: `relay@${relay.host}` });
    expect(followed.status).toBe(202);
    const follow = await relay.waitFor((r) => r.body?.type === "Follow");
    expect(follow.verified).toBe(true);
    const accept = {
      "@context": "https://www.w3.org/ns/activitystreams",
      id: `${relay.origin}/accepts/1`,
      type: "Accept",
      actor: relay.actorId("relay"),
      object: follow.body,
    };
    expect((await relay.signedPost("relay", `${paris.node.origin}/users/paris/inbox`, accept)).status).toBe(202);
    await waitUntil(async () => (await api(paris.node, "GET", "/api/admin/follows", paris.token)).body.items[0]?.state === "accepted", "accepted");
  }, 60_000);
  afterAll(async () => {
    await Promise.all([relay?.close(), stranger?.close()]);
    await stopCities(nodes ?? []);
  });

  const allTitles = () => calendarTitles(paris, "&from=2000-01-01");

  it("reads a Gancio instance's Create(Event), shaped like Gancio's own", async () => {
    const fixture = JSON.stringify(readJsonFixture("peers", "gancio-event-create.json"))
      .replaceAll("https://demo.gancio.org/federation/u/gancio", relay.actorId("relay"))
      .replaceAll("https://demo.gancio.org", relay.origin);
    const create = { "@context": "https://www.w3.org/ns/activitystreams", ...JSON.parse(fixture) };
    relay.serve({ "@context": create["@context"], ...create.object }); // Gancio serves its events at their id
    expect((await relay.signedPost("relay", inbox, create)).status).toBe(202);
    await waitUntil(async () => (await allTitles()).includes("Demo event"), "the Gancio event is stored");
    const entry = (await api(paris.node, "GET", "/api/calendar?from=2021-01-01&q=Demo", null)).body.items[0];
    expect(Date.parse(entry.startsAt)).toBe(Date.parse("2021-07-14T15:30:57Z"));
    expect(entry.location).toMatchObject({ name: "Colosseo" });
    expect(entry.tags).toEqual(["test"]);
  });

  it("does not store a Create whose object id is on another origin than its signer", async () => {
    const create = {
      "@context": "https://www.w3.org/ns/activitystreams",
      id: `${relay.origin}/creates/forged`,
      type: "Create",
      actor: relay.actorId("relay"),
      object: { id: `${stranger.origin}/events/forged`, type: "Event", name: "Forged event", startTime: refusedStart, attributedTo: relay.actorId("relay") },
    };
    expect((await relay.signedPost("relay", inbox, create)).status).toBe(202);
    await waitForQueuesDrained(paris.node.origin);
    expect(await allTitles()).not.toContain("Forged event");
  });

  it("does not store a Create from an actor it does not follow", async () => {
    const create = {
      "@context": "https://www.w3.org/ns/activitystreams",
      id: `${stranger.origin}/creates/1`,
      type: "Create",
      actor: stranger.actorId("mallory"),
      object: {
        id: `${stranger.origin}/events/1`,
        type: "Event",
        name: "Unsolicited event",
        startTime: refusedStart,
        attributedTo: stranger.actorId("mallory"),
      },
    };
    expect((await stranger.signedPost("mallory", inbox, create)).status).toBe(202);
    await waitForQueuesDrained(paris.node.origin);
    expect(await allTitles()).not.toContain("Unsolicited event");
  });

  it("does not let a followed actor delete someone else's event", async () => {
    const target = (await api(paris.node, "GET", "/api/calendar?from=2021-01-01&q=Demo", null)).body.items[0];
    const del = {
      "@context": "https://www.w3.org/ns/activitystreams",
      id: `${stranger.origin}/deletes/1`,
      type: "Delete",
      actor: stranger.actorId("mallory"),
      object: target.apId,
    };
    await stranger.signedPost("mallory", inbox, del);
    await waitForQueuesDrained(paris.node.origin);
    expect(await allTitles()).toContain("Demo event");
  });
});
