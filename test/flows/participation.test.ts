// RSVP from the fediverse, end to end: a real node and the independent test peer, which sends
// Mobilizon-shaped Joins and Leaves and Friendica-style attendance answers, and receives our
// Accepts and Rejects. Dates are counted from today; negative checks wait for drained queues.

import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { runCantine } from "../helpers/cli.ts";
import { dateFromToday } from "../helpers/dates.ts";
import { readJsonFixture } from "../helpers/fixtures.ts";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir, startNodeProcess } from "../helpers/node-process.ts";
import { api, issueToken } from "../helpers/operator.ts";
import type { Peer, Received } from "../helpers/peer.ts";
import { startPeer } from "../helpers/peer.ts";
import { startTogether } from "../helpers/start.ts";
import { waitForQueuesDrained } from "../helpers/wait.ts";

const AS = "application/activity+json";
const MOBILIZON_JOIN = readJsonFixture<Record<string, unknown>>("peers", "mobilizon-join.json");

type Created = { id: string; apId: string; url: string };

describe("people take part in our events from other servers", () => {
  let node: NodeProcess;
  let peer: Peer;
  let token: string;
  let sent = 0;

  beforeAll(async () => {
    [node, peer] = await startTogether(startNodeProcess(), startPeer({ users: ["alice", "bob", "carol", "dave", "erin", "frank", "gina", "hana", "ivan"] }));
    token = await issueToken(node, "events:write");
  });
  afterAll(async () => {
    await Promise.all([node?.stop(), peer?.close()]);
    if (node) removeWorkDir(dirname(node.configFile));
  });

  async function publish(input: Record<string, unknown>): Promise<Created> {
    const response = await api(node, "POST", "/api/admin/events", token, { title: "Apéro fédéré", startsAt: `${dateFromToday(20)}T19:00`, ...input });
    expect(response.status).toBe(201);
    return response.body;
  }

  /** Sends an activity signed by one of the peer's accounts to the node's shared inbox. */
  async function send(name: string, activity: Record<string, unknown>): Promise<Record<string, unknown>> {
    const full = { id: `${peer.origin}/activities/${name}/${++sent}`, actor: peer.actorId(name), ...activity };
    const { status, body } = await peer.signedPost(name, `${node.origin}/inbox`, full);
    expect({ status, body }).toMatchObject({ status: 202 });
    return full;
  }

  /** A Join shaped like Mobilizon's own (its context, participationMessage), from the peer's origin. */
  const join = (name: string, event: Created) =>
    send(name, {
      ...MOBILIZON_JOIN,
      id: `${peer.origin}/join/event/${crypto.randomUUID()}`,
      actor: peer.actorId(name),
      object: event.apId,
      participationMessage: "À bientôt",
    });
  const leave = (name: string, event: Created) => send(name, { "@context": "https://www.w3.org/ns/activitystreams", type: "Leave", object: event.apId });

  /** The node's answer to one activity, as the peer received it. */
  const answerTo = (activity: Record<string, unknown>, type: string): Promise<Received> =>
    peer.waitFor((r) => r.body?.type === type && (r.body.object?.id ?? r.body.object) === activity.id, 20_000);

  async function eventJson(event: Created): Promise<Record<string, any>> {
    const response = await fetch(event.apId, { headers: { Accept: AS } });
    expect(response.status).toBe(200);
    return (await response.json()) as Record<string, any>;
  }

  async function page(event: Created): Promise<string> {
    return (await fetch(`${event.url}?lang=en`, { headers: { Accept: "text/html" } })).text();
  }

  async function states(event: Created): Promise<Record<string, string>> {
    const response = await api(node, "GET", `/api/admin/events/${event.id}/participants`, token);
    expect(response.status).toBe(200);
    return Object.fromEntries(response.body.items.map((p: any) => [p.actorId.split("/").at(-1), p.state]));
  }

  let open: Created;

  it("accepts a Mobilizon-shaped Join, counts it and shows it", async () => {
    open = await publish({ capacity: 30 });
    const alice = await join("alice", open);
    const accept = await answerTo(alice, "Accept");
    expect(accept.verified).toBe(true);
    expect(accept.path).toBe("/users/alice/inbox");
    expect(accept.body).toMatchObject({
      actor: `${node.origin}/users/paris`,
      object: { type: "Join", id: alice.id, actor: peer.actorId("alice"), object: open.apId },
    });

    expect(await eventJson(open)).toMatchObject({ joinMode: "free", participantCount: 1, maximumAttendeeCapacity: 30, remainingAttendeeCapacity: 29 });
    const html = await page(open);
    expect(html).toContain("1 going · 29 places left");
    expect(html).toContain("search for this page");
    const list = await api(node, "GET", `/api/admin/events/${open.id}/participants`, token);
    expect(list.body).toMatchObject({
      event: { id: open.id, participation: "free", capacity: 30 },
      attendance: { going: 1, remaining: 29 },
      items: [{ actorId: peer.actorId("alice"), handle: `alice@${peer.host}`, state: "going", answeredWith: "Join" }],
    });
  });

  it("counts someone who joins twice once", async () => {
    const again = await join("alice", open);
    await answerTo(again, "Accept");
    expect((await eventJson(open)).participantCount).toBe(1);
  });

  it("exports the participants as CSV, asked by ?format=csv or by Accept: text/csv", async () => {
    for (const [path, accept] of [
      [`/api/admin/events/${open.id}/participants?format=csv`, "*/*"],
      [`/api/admin/events/${open.id}/participants`, "text/csv"],
    ]) {
      const response = await fetch(`${node.origin}${path}`, { headers: { Authorization: `Bearer ${token}`, Accept: accept! } });
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      const [header, row, end] = (await response.text()).split("\r\n");
      expect(header).toBe("state,waiting_position,actor,handle,name,answered_with,message,first_answer,since");
      expect(row).toMatch(new RegExp(`^going,,${peer.actorId("alice")},alice@${peer.host},Alice,Join,`));
      expect(end).toBe("");
    }
  });

  it("undoes a participation on Leave", async () => {
    await leave("alice", open);
    await waitForQueuesDrained(node.origin);
    expect((await eventJson(open)).participantCount).toBe(0);
    expect(await page(open)).toContain("0 going · 30 places left");
  });

  it("keeps a request to a restricted event for the operator, who accepts (CLI) or refuses (API)", async () => {
    const restricted = await publish({ participation: "restricted" });
    const bob = await join("bob", restricted);
    const carol = await join("carol", restricted);
    await waitForQueuesDrained(node.origin);
    expect(peer.received.filter((r) => [bob.id, carol.id].includes(r.body?.object?.id))).toEqual([]);
    expect(await states(restricted)).toEqual({ bob: "pending", carol: "pending" });
    expect((await eventJson(restricted)).joinMode).toBe("restricted");

    const listed = await runCantine(["participants", "list", restricted.id, "--config", node.configFile]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(`pending    ${peer.actorId("bob")}`);
    const accepted = await runCantine(["participants", "accept", restricted.id, peer.actorId("bob"), "--config", node.configFile]);
    expect(accepted.code).toBe(0);
    expect(accepted.stdout).toBe(`going ${peer.actorId("bob")}; an Accept is queued for delivery.\n`);
    expect((await answerTo(bob, "Accept")).verified).toBe(true);

    const refused = await api(node, "POST", `/api/admin/events/${restricted.id}/participants/${encodeURIComponent(peer.actorId("carol"))}/refuse`, token);
    expect(refused.status).toBe(200);
    expect(refused.body).toMatchObject({ participant: { state: "refused" }, answer: { kind: "refuse" } });
    await answerTo(carol, "Reject");
    expect(await states(restricted)).toEqual({ bob: "going", carol: "refused" });
    const unknown = await api(node, "POST", `/api/admin/events/${restricted.id}/participants/${encodeURIComponent(peer.actorId("gina"))}/accept`, token);
    expect(unknown.status).toBe(404);
  });

  let full: Created;

  it("puts people on a waiting list once the event is full, and gives the place to the first of them on Leave", async () => {
    full = await publish({ capacity: 1 });
    const dave = await join("dave", full);
    await answerTo(dave, "Accept");
    const erin = await join("erin", full);
    const waiting = await answerTo(erin, "Reject");
    expect(waiting.body!.content).toContain("number 1 on the waiting list");
    expect(await eventJson(full)).toMatchObject({ participantCount: 1, remainingAttendeeCapacity: 0 });
    expect(await page(full)).toContain("1 going · full · 1 on the waiting list");

    await leave("dave", full);
    const promoted = await answerTo(erin, "Accept");
    expect(promoted.verified).toBe(true);
    expect(promoted.path).toBe("/users/erin/inbox");
    expect(await states(full)).toEqual({ erin: "going" });
  });

  it("gives a blocked participant's place to the first on the waiting list", async () => {
    const event = await publish({ capacity: 1 });
    await answerTo(await join("hana", event), "Accept");
    const ivan = await join("ivan", event);
    await answerTo(ivan, "Reject");
    const admin = await issueToken(node, "admin");
    const blocked = await api(node, "POST", "/api/admin/blocks", admin, { target: peer.actorId("hana"), reason: "harassment" });
    expect(blocked.status).toBe(201);
    expect(blocked.body.purged).toMatchObject({ participants: 1 });
    const promoted = await answerTo(ivan, "Accept");
    expect(promoted.path).toBe("/users/ivan/inbox");
    expect(await states(event)).toEqual({ ivan: "going" });
  });

  it("sends the cancellation to participants who do not follow the cantine", async () => {
    expect(((await fetch(`${node.origin}/users/paris/followers`, { headers: { Accept: AS } }).then((r) => r.json())) as any).totalItems).toBe(0);
    const cancelled = await api(node, "POST", `/api/admin/events/${full.id}/cancel`, token);
    expect(cancelled.status).toBe(200);
    const update = await peer.waitFor((r) => r.body?.type === "Update" && r.body.object?.id === full.apId, 15_000);
    expect(update.verified).toBe(true);
    expect(update.body!.object).toMatchObject({ eventStatus: "EventCancelled", participantCount: 1 });
  });

  it("records Friendica-style Accept, TentativeAccept and Reject of an event as attendance answers", async () => {
    const party = await publish({ capacity: 10, startsAt: `${dateFromToday(21)}T20:00` });
    const yes = await send("frank", { "@context": "https://www.w3.org/ns/activitystreams", type: "Accept", object: party.apId });
    const maybe = await send("gina", { "@context": "https://www.w3.org/ns/activitystreams", type: "TentativeAccept", object: party.apId });
    await send("alice", { "@context": "https://www.w3.org/ns/activitystreams", type: "Reject", object: party.apId });
    expect((await answerTo(yes, "Accept")).body!.object).toMatchObject({ type: "Accept", object: party.apId });
    await waitForQueuesDrained(node.origin);
    expect(await states(party)).toEqual({ frank: "going", gina: "maybe", alice: "declined" });
    expect((await eventJson(party)).participantCount).toBe(1);

    // A new answer replaces the previous one; an Undo of the current one ends it.
    await send("frank", { "@context": "https://www.w3.org/ns/activitystreams", type: "Reject", object: party.apId });
    await send("gina", {
      "@context": "https://www.w3.org/ns/activitystreams",
      type: "Undo",
      object: { id: maybe.id, type: "TentativeAccept", actor: peer.actorId("gina"), object: party.apId },
    });
    await waitForQueuesDrained(node.origin);
    expect(await states(party)).toEqual({ frank: "declined", alice: "declined" });
    expect((await eventJson(party)).participantCount).toBe(0);
  });

  it("answers a Join of an event with a registration link by pointing to it, and ignores one that takes no participation", async () => {
    const external = await publish({ registrationUrl: "https://tickets.example/apero" });
    const none = await publish({ participation: "none" });
    expect(await eventJson(external)).toMatchObject({ joinMode: "external", externalParticipationUrl: "https://tickets.example/apero" });
    expect(await eventJson(none)).toMatchObject({ joinMode: "none" });
    const toExternal = await join("gina", external);
    const toNone = await join("gina", none);
    const reject = await answerTo(toExternal, "Reject");
    expect(reject.body).toMatchObject({ url: "https://tickets.example/apero" });
    expect(reject.body!.content).toContain('href="https://tickets.example/apero"');
    expect((await answerTo(toNone, "Ignore")).verified).toBe(true);
    expect(await states(external)).toEqual({});
    expect(await states(none)).toEqual({});
  });

  it("keeps the counts across a restart", async () => {
    const before = await eventJson(open);
    const bobJoin = await join("bob", open);
    await answerTo(bobJoin, "Accept");
    await node.stop();
    node = await node.restart();
    expect((await eventJson(open)).participantCount).toBe(before.participantCount + 1);
    expect(await page(open)).toContain("1 going · 29 places left");
  });
});
