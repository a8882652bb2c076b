import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { runCantine } from "../helpers/cli.ts";
import { dateFromToday } from "../helpers/dates.ts";
import { mastodonFlag, mastodonLike, mastodonReply } from "../helpers/mastodon-activities.ts";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir, startNodeProcess } from "../helpers/node-process.ts";
import { api, issueToken } from "../helpers/operator.ts";
import type { JsonObject, Peer } from "../helpers/peer.ts";
import { startPeer } from "../helpers/peer.ts";
import { startTogether } from "../helpers/start.ts";
import { waitForQueuesDrained, waitUntil } from "../helpers/wait.ts";

const AS = "https://www.w3.org/ns/activitystreams";
const AP = "application/activity+json";
const MASTODON_CSV = [
  "#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate",
  "spam.example,suspend,false,true,Spam and harassment,false",
  'noisy.example,silence,true,false,"Bots, many of them",true',
  "media.example,noop,true,false,,false",
  "",
].join("\n");

/** A remote event of `actor`, starting `days` from today. */
function remoteEvent(peer: Peer, actor: string, slug: string, name: string, days: number): JsonObject {
  return {
    "@context": AS,
    id: `${peer.origin}/events/${slug}`,
    type: "Event",
    name,
    attributedTo: actor,
    startTime: `${dateFromToday(days)}T19:00:00+01:00`,
    endTime: `${dateFromToday(days)}T21:00:00+01:00`,
    published: new Date().toISOString(),
  };
}

describe("moderation: blocks, imported blocklists, hidden items, reports", () => {
  let node: NodeProcess;
  let blocked: Peer; // a Mastodon-like server the operator comes to block
  let control: Peer; // another one, never blocked
  let token: string;
  let inbox: string;
  let ourActor: string;
  let event: { id: string; url: string };

  const post = async (peer: Peer, name: string, activity: object) => {
    expect((await peer.signedPost(name, inbox, activity)).status).toBe(202);
  };
  const titles = async () => ((await api(node, "GET", "/api/calendar?limit=200", null)).body.items as JsonObject[]).map((item) => item.title as string);
  const page = async (url: string) => (await fetch(`${url}?lang=en`, { headers: { Accept: "text/html" } })).text();
  const followers = async () => {
    const collection = (await (await fetch(`${ourActor}/followers`, { headers: { Accept: AP } })).json()) as JsonObject;
    const first = (await (await fetch(collection.first, { headers: { Accept: AP } })).json()) as JsonObject;
    return first.orderedItems as string[];
  };
  const cli = async (...args: string[]) => {
    const result = await runCantine([...args, "--config", node.configFile]);
    expect({ code: result.code, stderr: result.stderr }).toMatchObject({ code: 0 });
    return result.stdout;
  };

  /** The node follows `name` on `peer`; the test plays the peer's Accept. */
  async function followAccount(peer: Peer, name: string): Promise<void> {
    const actor = peer.actorId(name);
    expect((await api(node, "POST", "/api/admin/follows", token, { handle: `${name}@${peer.host}` })).status).toBe(202);
    const follow = await peer.waitFor((r) => r.body?.type === "Follow" && r.body.object === actor && r.verified);
    await post(peer, name, { "@context": AS, id: `${actor}#accepts/${Date.now()}`, type: "Accept", actor, object: follow.body });
    await waitUntil(
      async () => ((await api(node, "GET", "/api/admin/follows", token)).body.items as JsonObject[]).some((i) => i.actorId === actor && i.state === "accepted"),
      `${name} accepted`,
    );
  }

  /** `name` on `peer` follows the cantine and is accepted. */
  async function followUs(peer: Peer, name: string): Promise<void> {
    const { activity, status } = await peer.follow(name, ourActor, `${ourActor}/inbox`);
    expect(status).toBe(202);
    await peer.waitFor((r) => r.body?.type === "Accept" && (r.body.object === activity.id || r.body.object?.id === activity.id));
  }

  beforeAll(async () => {
    [node, blocked, control] = await startTogether(
      startNodeProcess({ config: { logLevel: "debug" } }),
      startPeer({ users: ["alice", "bob"] }),
      startPeer({ users: ["carol"] }),
    );
    token = await issueToken(node, "admin");
    inbox = `${node.origin}/inbox`;
    ourActor = `${node.origin}/users/paris`;
    const published = await api(node, "POST", "/api/admin/events", token, {
      title: "Apéro fédéré",
      startsAt: `${dateFromToday(8)}T19:00`,
      endsAt: `${dateFromToday(8)}T21:00`,
    });
    expect(published.status).toBe(201);
    event = published.body;
  }, 60_000);
  afterAll(async () => {
    await Promise.all([node?.stop(), blocked?.close(), control?.close()]);
    if (node) removeWorkDir(dirname(node.configFile));
  });

  it("imports a Mastodon domain-block CSV and exports it unchanged", async () => {
    const imported = await fetch(`${node.origin}/api/admin/blocks/import`, {
      method: "POST",
      headers: { Authorization: `Bearer ${token}`, "Content-Type": "text/csv" },
      body: MASTODON_CSV,
    });
    expect(imported.status).toBe(200);
    expect(await imported.json()).toMatchObject({ created: 3, updated: 0, problems: [] });
    const exported = await fetch(`${node.origin}/api/admin/blocks.csv`, { headers: { Authorization: `Bearer ${token}` } });
    expect(exported.headers.get("content-type")).toMatch(/^text\/csv/);
    expect(await exported.text()).toBe(MASTODON_CSV);

    // The CLI reads and writes the same format.
    expect(await cli("blocks", "export")).toBe(MASTODON_CSV);
    expect(await cli("blocks")).toContain("silence  domain noisy.example  [reject media, obfuscated]");
  });

  it("refuses everything of a blocked server and forgets what it sent before", async () => {
    const alice = blocked.actorId("alice");
    // Before the block: alice follows us, replies and likes; we follow bob, whose event is in the calendar.
    await followUs(blocked, "alice");
    await followUs(control, "carol");
    const before = mastodonReply(blocked, "alice", { html: "<p>Réponse d'avant</p>", inReplyTo: event.url });
    blocked.serve(before.note);
    await post(blocked, "alice", before.create);
    await post(blocked, "alice", mastodonLike(blocked, "alice", event.url));
    const join = { "@context": AS, id: `${alice}#joins/0`, type: "Join", actor: alice, object: event.url };
    await post(blocked, "alice", join);
    await blocked.waitFor((r) => r.body?.type === "Accept" && (r.body.object === join.id || r.body.object?.id === join.id) && r.verified);
    await followAccount(blocked, "bob");
    const party = remoteEvent(blocked, blocked.actorId("bob"), "party", "La fête de Bob", 5);
    blocked.serve(party);
    await post(blocked, "bob", { "@context": AS, id: `${party.id}/activity`, type: "Create", actor: blocked.actorId("bob"), object: party });
    await waitUntil(
      async () => (await titles()).includes("La fête de Bob") && (await page(event.url)).includes("Réponse d'avant"),
      "the blocked server's content",
    );
    expect(await followers()).toEqual(expect.arrayContaining([alice, control.actorId("carol")]));

    const said = await cli("block", blocked.host, "--reason", "spam wave");
    expect(said).toContain(
      `Blocked ${blocked.host} (suspend); removed 1 follower(s), 1 follow(s) of ours, the content of 1 actor(s), 1 reply(ies), 1 like(s)/boost(s), 1 participation(s).`,
    );
    const requestsAtBlock = blocked.requests.length;

    // What it held is gone.
    expect(await titles()).not.toContain("La fête de Bob");
    expect(await followers()).toEqual([control.actorId("carol")]);
    const html = await page(event.url);
    expect(html).not.toContain("Réponse d'avant");
    expect(html).toContain("0 interested");
    expect(((await api(node, "GET", "/api/admin/follows", token)).body.items as JsonObject[]).map((i) => i.actorId)).not.toContain(blocked.actorId("bob"));

    // What it sends now is answered as usual and dropped: a follow, a join, a reply, an event.
    const follow = await blocked.follow("alice", ourActor, `${ourActor}/inbox`);
    expect(follow.status).toBe(202);
    await post(blocked, "alice", { "@context": AS, id: `${alice}#joins/1`, type: "Join", actor: alice, object: event.url });
    const after = mastodonReply(blocked, "alice", { html: "<p>Réponse d'après</p>", inReplyTo: event.url });
    blocked.serve(after.note);
    await post(blocked, "alice", after.create);
    const second = remoteEvent(blocked, blocked.actorId("bob"), "party-2", "La deuxième fête de Bob", 6);
    blocked.serve(second);
    await post(blocked, "bob", { "@context": AS, id: `${second.id}/activity`, type: "Create", actor: blocked.actorId("bob"), object: second });

    // A positive signal: the control server's reply, sent last, is shown; the queues are empty.
    const signal = mastodonReply(control, "carol", { html: "<p>Signal de Carol</p>", inReplyTo: event.url });
    control.serve(signal.note);
    await post(control, "carol", signal.create);
    await waitUntil(async () => (await page(event.url)).includes("Signal de Carol"), "the control reply");
    await waitForQueuesDrained(node.origin);
    expect(await page(event.url)).not.toContain("Réponse d'après");
    expect(await titles()).not.toContain("La deuxième fête de Bob");
    expect(await followers()).toEqual([control.actorId("carol")]);
    // Nothing was fetched from it, nothing answered to it.
    expect(blocked.requests.slice(requestsAtBlock).filter((r) => r.method === "GET")).toEqual([]);
    expect(blocked.received.filter((r) => r.body?.type === "Accept" && r.body.object?.id === follow.activity.id)).toEqual([]);
  });

  it("never delivers to a blocked server again", async () => {
    const requestsBefore = blocked.requests.length;
    const published = await api(node, "POST", "/api/admin/events", token, { title: "Après le blocage", startsAt: `${dateFromToday(12)}T19:00` });
    expect(published.status).toBe(201);
    await control.waitFor((r) => r.body?.type === "Create" && r.body.object?.id === published.body.url, 20_000);
    await waitForQueuesDrained(node.origin);
    expect(blocked.requests.slice(requestsBefore)).toEqual([]);
  });

  it("hides a remote reply and event without unfollowing their source, and shows them again", async () => {
    await followAccount(control, "carol");
    const talk = remoteEvent(control, control.actorId("carol"), "talk", "La conférence de Carol", 7);
    control.serve(talk);
    await post(control, "carol", { "@context": AS, id: `${talk.id}/activity`, type: "Create", actor: control.actorId("carol"), object: talk });
    await waitUntil(async () => (await titles()).includes("La conférence de Carol"), "carol's event");
    const item = ((await api(node, "GET", "/api/calendar?limit=200", null)).body.items as JsonObject[]).find((i) => i.title === "La conférence de Carol")!;
    const localPage = `${node.origin}/events/${String(item.id)}`;
    expect((await fetch(localPage, { headers: { Accept: "text/html" } })).status).toBe(200);

    expect(await cli("hide", talk.id, "--reason", "off-topic")).toContain(`Hidden: event ${talk.id}`);
    expect(await titles()).not.toContain("La conférence de Carol");
    expect((await fetch(localPage, { headers: { Accept: "text/html" } })).status).toBe(404);
    const replies = await api(node, "GET", "/api/admin/mentions", token); // reachable with the token
    expect(replies.status).toBe(200);

    const signal = ((await api(node, "GET", "/api/admin/follows", token)).body.items as JsonObject[]).find((i) => i.actorId === control.actorId("carol"));
    expect(signal?.state).toBe("accepted"); // still followed

    const hidden = await api(node, "POST", "/api/admin/hidden", token, { url: await replyIdOf("Signal de Carol") });
    expect(hidden.status).toBe(201);
    expect(await page(event.url)).not.toContain("Signal de Carol");

    await cli("unhide", talk.id);
    expect(await titles()).toContain("La conférence de Carol");
    expect((await api(node, "DELETE", `/api/admin/hidden/${encodeURIComponent(hidden.body.apId)}`, token)).status).toBe(204);
    expect(await page(event.url)).toContain("Signal de Carol");
    expect((await api(node, "GET", "/api/admin/hidden", token)).body.items).toEqual([]);
  });

  /** The id of the reply whose text includes `text`, from the event's replies collection. */
  async function replyIdOf(text: string): Promise<string> {
    const collection = (await (await fetch(`${event.url}/replies?cursor=0`, { headers: { Accept: AP } })).json()) as JsonObject;
    for (const item of collection.orderedItems as (string | JsonObject)[]) {
      const id = typeof item === "string" ? item : String(item.id);
      const note = (await (await fetch(id, { headers: { Accept: AP } })).json()) as JsonObject;
      if (String(note.content).includes(text)) return id;
    }
    throw new Error(`no reply says ${text}`);
  }

  it("keeps Flag reports for operators, who resolve them; reports a remote item to its server", async () => {
    const flag = mastodonFlag(control, "carol", [ourActor, event.url], "Cet événement est une arnaque");
    await post(control, "carol", flag);
    await waitUntil(async () => ((await api(node, "GET", "/api/admin/reports", token)).body.items as JsonObject[]).length === 1, "the report");
    const [report] = (await api(node, "GET", "/api/admin/reports", token)).body.items as JsonObject[];
    expect(report).toMatchObject({
      activityId: flag.id,
      reporterId: control.actorId("carol"),
      objectIds: [ourActor, event.url],
      comment: "Cet événement est une arnaque",
      resolvedAt: null,
    });
    expect(await cli("reports")).toContain(report!.id);
    expect(await cli("reports", "resolve", String(report!.id))).toContain("resolved");
    expect((await api(node, "GET", "/api/admin/reports", token)).body.items).toEqual([]);
    expect((await api(node, "GET", "/api/admin/reports?all=true", token)).body.items[0]).toMatchObject({ resolvedBy: "cli" });

    // The operator reports carol's reply to carol's server: a Flag from our actor.
    const replyId = await replyIdOf("Signal de Carol");
    expect(await cli("report", replyId, "--comment", "Propos déplacés")).toContain("queued");
    // A first knock with RFC 9421, which the peer refuses, is sent again with draft-cavage.
    const sent = await control.waitFor((r) => r.body?.type === "Flag" && r.verified, 20_000);
    expect(sent.body).toMatchObject({ actor: ourActor, content: "Propos déplacés" });
    expect([sent.body!.object].flat()).toEqual([control.actorId("carol"), replyId]);

    // Every action is in the log, with who did it.
    const log = (await api(node, "GET", "/api/admin/moderation-log", token)).body.items as JsonObject[];
    expect(log.map((e) => `${e.who} ${e.action}`)).toEqual(
      expect.arrayContaining(["cli report.send", "cli report.resolve", "test operator hide", "cli hide", "cli block", "test operator blocks.import"]),
    );
    expect(await cli("moderation", "log")).toContain("report.send");
  });
});

describe("authorized fetch", () => {
  let node: NodeProcess;
  let peer: Peer;
  let other: Peer;
  let event: { url: string };

  beforeAll(async () => {
    [node, peer, other] = await startTogether(
      startNodeProcess({ config: { authorizedFetch: true } }),
      startPeer({ users: ["alice"] }),
      startPeer({ users: ["eve"] }),
    );
    const token = await issueToken(node, "admin");
    event = (await api(node, "POST", "/api/admin/events", token, { title: "Réservé", startsAt: `${dateFromToday(10)}T19:00` })).body;
    const blocked = await runCantine(["block", other.host, "--config", node.configFile]);
    expect(blocked.code).toBe(0);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([node?.stop(), peer?.close(), other?.close()]);
    if (node) removeWorkDir(dirname(node.configFile));
  });

  it("refuses an unsigned GET of an event, serves a signed one, and keeps the actor readable", async () => {
    expect((await fetch(event.url, { headers: { Accept: AP } })).status).toBe(401);
    expect((await fetch(`${event.url}/replies`, { headers: { Accept: AP } })).status).toBe(401);
    const signed = await peer.signedGet("alice", event.url);
    expect(signed.status).toBe(200);
    expect(JSON.parse(signed.body)).toMatchObject({ id: event.url, type: "Event", name: "Réservé" });
    expect((await fetch(`${node.origin}/users/paris`, { headers: { Accept: AP } })).status).toBe(200);
    // The page stays public.
    expect((await fetch(event.url, { headers: { Accept: "text/html" } })).status).toBe(200);
  });

  it("refuses a signed GET from a blocked server", async () => {
    expect((await other.signedGet("eve", event.url)).status).toBe(401);
    expect((await other.signedGet("eve", `${node.origin}/users/paris`)).status).toBe(401);
  });
});
