import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { TestBrowser } from "../helpers/browser.ts";
import { launchBrowser, screenshot } from "../helpers/browser.ts";
import { runCantine } from "../helpers/cli.ts";
import { dateFromToday } from "../helpers/dates.ts";
import { mastodonBoost, mastodonDelete, mastodonLike, mastodonReply, mastodonUndo, mastodonUpdate } from "../helpers/mastodon-activities.ts";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir, startNodeProcess } from "../helpers/node-process.ts";
import { api, issueToken } from "../helpers/operator.ts";
import type { JsonObject, Peer } from "../helpers/peer.ts";
import { startPeer } from "../helpers/peer.ts";
import { startTogether } from "../helpers/start.ts";
import { waitForQueuesDrained, waitUntil } from "../helpers/wait.ts";

const AP = "application/activity+json";
const HOSTILE =
  `<p>Super soirée <strong>!</strong><script>window.__pwned = 1; alert("script")</script>` +
  `<img src=x onerror="window.__pwned = 2; alert('img')"><a href="javascript:alert('link')" onmouseover="alert('hover')">lien</a>` +
  `<iframe src="javascript:alert('frame')"></iframe><svg onload="alert('svg')"></svg></p>`;

async function getJson(url: string): Promise<JsonObject> {
  const response = await fetch(url, { headers: { Accept: AP } });
  expect(response.status).toBe(200);
  return (await response.json()) as JsonObject;
}

async function page(url: string): Promise<string> {
  return (await fetch(`${url}?lang=en`, { headers: { Accept: "text/html" } })).text();
}

/** The ids in a paged collection's first page. */
async function replyIds(url: string): Promise<string[]> {
  const collection = await getJson(url);
  const first = typeof collection.first === "string" ? await getJson(collection.first) : collection.first;
  return ((first?.orderedItems ?? []) as unknown[]).map((item) => (typeof item === "string" ? item : String((item as JsonObject).id)));
}

describe("replies, likes and boosts from Mastodon accounts the cantine does not follow", () => {
  let node: NodeProcess;
  let peer: Peer;
  let browser: TestBrowser;
  let token: string;
  let inbox: string;
  let ourActor: string;
  let event: { id: string; url: string };
  let project: { id: string; url: string };

  const send = async (name: string, activity: object) => {
    expect((await peer.signedPost(name, inbox, activity)).status).toBe(202);
  };

  beforeAll(async () => {
    [node, peer, browser] = await startTogether(startNodeProcess({ config: { logLevel: "debug" } }), startPeer({ users: ["alice", "bob"] }), launchBrowser());
    token = await issueToken(node, "admin");
    inbox = `${node.origin}/inbox`;
    ourActor = `${node.origin}/users/paris`;
    const published = await api(node, "POST", "/api/admin/events", token, {
      title: "Soirée fédérée",
      startsAt: `${dateFromToday(9)}T19:00`,
      endsAt: `${dateFromToday(9)}T21:00`,
    });
    expect(published.status).toBe(201);
    event = published.body;
    const board = await api(node, "POST", "/api/admin/projects", token, { title: "Atelier partagé", summary: "Un projet ouvert." });
    expect(board.status).toBe(201);
    project = board.body;
  }, 60_000);
  afterAll(async () => {
    await Promise.all([node?.stop(), peer?.close(), browser?.close()]);
    if (node) removeWorkDir(dirname(node.configFile));
  });

  it("shows a reply under the event, sanitised, with its author, and lists it in the event's replies", async () => {
    const { note, create } = mastodonReply(peer, "alice", {
      html: HOSTILE,
      inReplyTo: event.url,
      mention: { actorId: ourActor, name: `@paris@${new URL(node.origin).host}` },
    });
    peer.serve(note);
    await send("alice", create);
    await waitUntil(async () => (await page(event.url)).includes("Super soirée"), "the reply on the event page");

    const html = await page(event.url);
    expect(html).toContain(`href="${peer.origin}/@alice"`); // the author's profile
    expect(html).toContain(`@alice@${peer.host}`);
    const times = [...html.matchAll(/<time datetime="([^"]+)"/g)].map((m) => Date.parse(m[1]!));
    expect(times).toContain(Date.parse(note.published));
    expect(html).not.toMatch(/<script>window|onerror=|javascript:alert|<iframe|<svg/);

    // The object points Mastodon to its replies; the collection lists this one.
    const object = await getJson(event.url);
    expect(object.replies).toBe(`${event.url}/replies`);
    expect(await replyIds(object.replies)).toEqual([note.id]);
    expect((await getJson(object.replies)).totalItems).toBe(1);
  });

  it("runs no script of the reply in a browser", async () => {
    const tab = await browser.newPage();
    const noise: string[] = [];
    tab.on("dialog", async (dialog) => {
      noise.push(`dialog: ${dialog.message()}`);
      await dialog.dismiss();
    });
    tab.on("pageerror", (error) => noise.push(`error: ${error.message}`));
    expect((await tab.goto(`${event.url}?lang=en`))?.status()).toBe(200);
    await tab.hover(".conversation .reply-content a, .conversation .reply-content span").catch(() => {});
    await tab.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
    expect(await tab.locator(".conversation .reply-content").first().textContent()).toContain("Super soirée");
    expect(await tab.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? null)).toBeNull();
    expect(
      await tab.evaluate(
        () =>
          document.querySelectorAll(".conversation script, .conversation iframe, .conversation svg, .conversation [onerror], .conversation [onmouseover]")
            .length,
      ),
    ).toBe(0);
    expect(noise).toEqual([]);
    await screenshot(tab, "event-with-reply");
    await tab.close();
  });

  it("lists replies that mention the cantine for operators, in the API and the CLI", async () => {
    const mentions = await api(node, "GET", "/api/admin/mentions", token);
    expect(mentions.status).toBe(200);
    expect(mentions.body.items).toEqual([expect.objectContaining({ inReplyTo: event.url, author: expect.objectContaining({ handle: `alice@${peer.host}` }) })]);
    const cli = await runCantine(["mentions", "--config", node.configFile]);
    expect(cli.code).toBe(0);
    expect(cli.stdout).toContain(`@alice@${peer.host}  on ${event.url}`);
    expect((await api(node, "GET", "/api/admin/mentions", null)).status).toBe(401);
  });

  it("applies an edit by the author, not by someone else, and removes the reply on its author's Delete", async () => {
    const { note, create } = mastodonReply(peer, "alice", { html: "<p>Version une</p>", inReplyTo: project.url });
    peer.serve(note);
    await send("alice", create);
    await waitUntil(async () => (await page(project.url)).includes("Version une"), "the reply under the project");

    // Bob sends an Update of alice's reply: refused (only its author may change it).
    const forged = mastodonUpdate(peer, "alice", note, "<p>Version de Bob</p>");
    await send("bob", { ...forged.update, id: `${peer.actorId("bob")}#updates/1`, actor: peer.actorId("bob") });
    const edited = mastodonUpdate(peer, "alice", note, "<p>Version deux</p>");
    peer.serve(edited.note);
    await send("alice", edited.update);
    await waitUntil(async () => (await page(project.url)).includes("Version deux"), "the edit");
    await waitForQueuesDrained(node.origin);
    expect(await page(project.url)).not.toContain("Version de Bob");

    await send("alice", mastodonDelete(peer, "alice", note.id));
    await waitUntil(async () => !(await page(project.url)).includes("Version deux"), "the reply gone");
    expect(await replyIds(`${project.url}/replies`)).toEqual([]);
    // A late copy of its Create does not bring it back.
    await send("alice", create);
    await waitForQueuesDrained(node.origin);
    expect(await page(project.url)).not.toContain("Version une");
  });

  it("counts likes and boosts on the page and in the object's likes and shares, and forgets them on Undo", async () => {
    const likeA = mastodonLike(peer, "alice", event.url);
    const likeB = mastodonLike(peer, "bob", event.url);
    const boost = mastodonBoost(peer, "bob", event.url);
    for (const [name, activity] of [
      ["alice", likeA],
      ["bob", likeB],
      ["bob", boost],
      ["alice", likeA],
    ] as const)
      await send(name, activity);
    await waitUntil(async () => (await page(event.url)).includes("2 interested"), "two likes counted");
    expect(await page(event.url)).toContain("shared once");
    const object = await getJson(event.url);
    expect(object.likes).toEqual({ id: `${event.url}/likes`, type: "Collection", totalItems: 2 });
    expect(object.shares).toEqual({ id: `${event.url}/shares`, type: "Collection", totalItems: 1 });
    expect((await getJson(`${event.url}/likes`)).totalItems).toBe(2);

    await send("alice", mastodonUndo(peer, "alice", likeA)); // the Like embedded
    await send("bob", { ...mastodonUndo(peer, "bob", boost), object: boost.id }); // the Announce by its id only
    await waitUntil(
      async () => (await getJson(event.url)).shares.totalItems === 0 && (await getJson(event.url)).likes.totalItems === 1,
      "the undone like and boost",
    );
    expect(await page(event.url)).toContain("1 interested");
  });

  it("ignores replies and likes to what is not one of our objects", async () => {
    const elsewhere = `${peer.origin}/users/bob/statuses/1`;
    const { note, create } = mastodonReply(peer, "alice", { html: "<p>Ailleurs</p>", inReplyTo: elsewhere });
    peer.serve(note);
    await send("alice", create);
    await send("alice", mastodonLike(peer, "alice", elsewhere));
    await waitForQueuesDrained(node.origin);
    expect(await page(event.url)).not.toContain("Ailleurs");
    expect(node.output()).toContain(`Ignoring Create ${create.id} from ${peer.actorId("alice")}: not an actor we follow`);
  });
});
