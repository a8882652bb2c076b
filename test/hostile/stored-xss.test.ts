import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { acceptInvitation, inviteOperator } from "../helpers/admin.ts";
import type { TestBrowser } from "../helpers/browser.ts";
import { launchBrowser } from "../helpers/browser.ts";
import { dateFromToday, wallTime } from "../helpers/dates.ts";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir, startNodeProcess } from "../helpers/node-process.ts";
import { api, issueToken } from "../helpers/operator.ts";
import type { JsonObject } from "../helpers/peer.ts";
import { startTogether } from "../helpers/start.ts";
import { waitForQueuesDrained, waitUntil } from "../helpers/wait.ts";
import { dangerousMarkup, render, SAFE, visit } from "./browser-checks.ts";
import {
  hostileProfile,
  localEventInput,
  localProjectInput,
  onlineEventInput,
  remoteArticleJson,
  remoteEventJson,
  remoteScriptUrlEventJson,
  seriesInput,
  TAGS,
  xss,
} from "./corpus/stored.ts";
import { readAtom, readIcs } from "./feeds.ts";
import { CORPUS_LIMITS, expectHealthy, idleRss } from "./harness.ts";
import type { HostilePeer } from "./hostile-peer.ts";
import { startHostilePeer } from "./hostile-peer.ts";
import { isSafeUrl, unsafeMarkup } from "./markup.ts";
import { rawRequest } from "./raw-http.ts";

// Hostile values in every field that can be stored — through the admin API for the node's own
// events, series and project, and signed by a followed cantine for its events, its project and
// its profile — then every page loaded in Chromium (without the CSP, so the markup alone must
// hold) and every feed read by an independent parser.

const AS = "https://www.w3.org/ns/activitystreams";

type Ids = {
  local: string;
  online: string;
  occurrence: string;
  series: string;
  project: string;
  remote: string;
  remoteScripts: string;
  remoteProject: string;
  evilHandle: string;
  city: string;
  month: string;
};

describe("hostile values in every stored field", () => {
  let node: NodeProcess;
  let evil: HostilePeer;
  let browser: TestBrowser;
  let ids: Ids;
  let idle: number;

  beforeAll(async () => {
    [node, evil, browser] = await startTogether(
      startNodeProcess({ config: { limits: CORPUS_LIMITS } }),
      startHostilePeer("evil", hostileProfile),
      launchBrowser(),
    );
    const token = await issueToken(node, "admin");
    // The node follows the hostile cantine, which accepts.
    expect((await api(node, "POST", "/api/admin/follows", token, { handle: `evil@${evil.host}` })).status).toBe(202);
    await waitUntil(() => evil.received.some((a) => a.type === "Follow"), "the node's Follow");
    const follow = evil.received.find((a) => a.type === "Follow")!;
    expect(
      (await evil.send(`${node.origin}/inbox`, { "@context": AS, id: `${evil.origin}/accepts/1`, type: "Accept", actor: evil.actorId, object: follow })).status,
    ).toBe(202);
    await waitUntil(
      async () => (await api(node, "GET", "/api/admin/follows", token)).body.items.some((f: JsonObject) => f.state === "accepted" && f.lastSyncAt),
      "accepted and synced",
    );

    // The node's own event, online event, series and project.
    const day = dateFromToday(6);
    const created = await Promise.all(
      [localEventInput(day), onlineEventInput(day), seriesInput(day)].map((input) => api(node, "POST", "/api/admin/events", token, input)),
    );
    const project = await api(node, "POST", "/api/admin/projects", token, localProjectInput());
    expect([...created.map((r) => r.status), project.status]).toEqual([201, 201, 201, 201]);

    // The hostile cantine's two events and its project, signed and sent like Mastodon sends.
    const start = wallTime(7, "19:00", "Europe/Paris");
    const end = wallTime(7, "22:00", "Europe/Paris");
    const objects = [
      remoteEventJson(evil.origin, evil.actorId, "1", start, end),
      remoteScriptUrlEventJson(evil.origin, evil.actorId, "2", start),
      remoteArticleJson(evil.origin, evil.actorId, "3"),
    ];
    for (const [i, object] of objects.entries()) {
      evil.serve(object);
      const create = { "@context": AS, id: `${evil.origin}/activities/create-${i}`, type: "Create", actor: evil.actorId, object, to: [`${AS}#Public`] };
      expect((await evil.send(`${node.origin}/inbox`, create)).status).toBe(202);
    }
    await waitForQueuesDrained(node.origin);
    const calendar = (await api(node, "GET", "/api/calendar?from=2000-01-01&limit=200", null)).body.items as JsonObject[];
    const board = (await api(node, "GET", "/api/board?limit=200", null)).body.items as JsonObject[];
    const byApId = (apId: string) => calendar.find((e) => e.apId === apId)?.id as string;
    ids = {
      local: created[0]!.body.id,
      online: created[1]!.body.id,
      occurrence: created[2]!.body.id,
      series: created[2]!.body.series.id,
      project: project.body.id,
      remote: byApId(objects[0]!.id),
      remoteScripts: byApId(objects[1]!.id),
      remoteProject: board.find((p) => p.apId === objects[2]!.id)?.id,
      evilHandle: `evil@${evil.host}`,
      city: calendar.find((e) => e.apId === objects[0]!.id)?.city,
      month: day.slice(0, 7),
    };
    expect(ids).toEqual(
      expect.objectContaining({
        remote: expect.any(String),
        remoteScripts: expect.any(String),
        remoteProject: expect.any(String),
        city: expect.stringContaining("onerror"),
      }),
    );
    idle = await idleRss(node);
  }, 90_000);

  afterAll(async () => {
    await Promise.all([browser?.close(), node?.stop(), evil?.close()]);
    if (node) removeWorkDir(dirname(node.configFile));
  });

  it("catches a script that runs, and markup that could run one (the checks' own control)", async () => {
    const bad = `<img src=x onerror=alert("control")><a href="javascript:alert(1)" style="color:red">x</a><script>alert("inline")</script>`;
    const { page, noise } = await render(browser, node.origin, bad);
    expect(noise).toEqual(expect.arrayContaining(["dialog: control", "dialog: inline"]));
    expect(await dangerousMarkup(page)).toMatchObject({
      scripts: [expect.any(String)],
      handlers: ["IMG onerror"],
      scriptUrls: [expect.stringContaining("javascript:")],
      embedded: ["A"],
    });
    await page.close();
    expect(unsafeMarkup(bad)).toHaveLength(4);
  });

  const enc = encodeURIComponent;
  const PAGES: [string, (i: Ids) => string][] = [
    ["the programme", () => "/?lang=en"],
    ["the programme in French", () => "/?lang=fr"],
    ["the programme in Portuguese, in São Paulo time", () => "/?lang=pt&tz=America%2FSao_Paulo"],
    ["the programme filtered by a hostile tag", () => `/?tag=${enc(TAGS[0]!)}`],
    ["the programme filtered by the hostile city", (i) => `/?city=${enc(i.city)}`],
    ["the programme searching for a script", () => `/?q=${enc(xss("query"))}`],
    ["the month grid", (i) => `/month?month=${i.month}&lang=en`],
    ["the month grid in Spanish, searching for a script", (i) => `/month?month=${i.month}&lang=es&q=${enc(xss("month.query"))}`],
    ["the local event", (i) => `/events/${i.local}?lang=en`],
    ["the online event", (i) => `/events/${i.online}?lang=fr`],
    ["an occurrence of the series", (i) => `/events/${i.occurrence}`],
    ["the series", (i) => `/series/${i.series}`],
    ["the remote event", (i) => `/events/${i.remote}?lang=en`],
    ["the remote event that had script URLs", (i) => `/events/${i.remoteScripts}?lang=pt`],
    ["the project board", () => "/projects?lang=en"],
    ["the project board searching for a script", () => `/projects?q=${enc(xss("board.query"))}&tag=${enc(TAGS[1]!)}`],
    ["the local project", (i) => `/projects/${i.project}`],
    ["the remote project", (i) => `/projects/${i.remoteProject}`],
    ["the network page", () => "/network?lang=en"],
    ["the cantine's profile", () => "/users/paris"],
    ["a tag page", () => `/tags/${enc(TAGS[0]!)}`],
    ["the Follow page", () => "/follow"],
    ["the page not found, with a script in its path", () => `/nowhere/${enc(xss("404"))}`],
  ];

  it.each(PAGES)("runs no script on %s", async (_name, path) => {
    const { page, status, csp, noise } = await visit(browser, node.origin, `${node.origin}${path(ids)}`);
    expect([200, 404]).toContain(status);
    expect(csp).toMatch(/script-src '(none|self)'/);
    expect(csp).not.toContain("unsafe-inline");
    expect(noise).toEqual([]);
    expect(await dangerousMarkup(page)).toEqual(SAFE);
    await page.close();
  });

  it("shows the hostile values as text, exactly as sent", async () => {
    const { page } = await visit(browser, node.origin, `${node.origin}/events/${ids.local}?lang=en`);
    const text = (await page.evaluate(() => document.body.textContent)) ?? "";
    for (const field of ["title", "organizer", "location.name", "location.room"]) expect(text).toContain(xss(field));
    await page.close();
  });

  const ADMIN_PAGES: [string, (i: Ids) => string][] = [
    ["the dashboard", () => "/admin"],
    ["the events list", () => "/admin/events"],
    ["the event form", (i) => `/admin/events/${i.local}/edit`],
    ["the online event's form", (i) => `/admin/events/${i.online}/edit`],
    ["the series form", (i) => `/admin/series/${i.series}/edit`],
    ["the cancel confirmation", (i) => `/admin/events/${i.local}/cancel`],
    ["the delete confirmation", (i) => `/admin/events/${i.local}/delete`],
    ["the projects list", () => "/admin/projects"],
    ["the project form", (i) => `/admin/projects/${i.project}/edit`],
    ["the network", () => "/admin/network"],
    ["the programme, signed in", () => "/"],
    ["the local event, signed in", (i) => `/events/${i.local}`],
  ];

  describe("signed in to the web admin", () => {
    beforeAll(async () => {
      const { page } = await visit(browser, node.origin, `${node.origin}/`);
      await acceptInvitation(page, await inviteOperator(node, "Hostile test", "admin"));
      await page.close();
    }, 60_000);

    it.each(ADMIN_PAGES)("runs no script on %s", async (_name, path) => {
      const { page, status, noise } = await visit(browser, node.origin, `${node.origin}${path(ids)}`);
      expect(status).toBe(200);
      expect(page.url()).not.toMatch(/sign-in/);
      expect(noise).toEqual([]);
      expect(await dangerousMarkup(page)).toEqual(SAFE);
      await page.close();
    });
  });

  const CALENDARS: [string, (i: Ids) => string][] = [
    ["the network's calendar", () => "/calendar.ics"],
    ["the calendar of the hostile city, by query", (i) => `/calendar.ics?city=${enc(i.city)}`],
    ["the calendar of the hostile city, by path", (i) => `/cities/${enc(i.city)}/calendar.ics`],
    ["a tag's calendar", () => `/tags/${enc(TAGS[0]!)}/calendar.ics`],
    ["the cantine's own calendar", () => "/cantines/paris/calendar.ics"],
    ["the hostile cantine's calendar", (i) => `/cantines/${enc(i.evilHandle)}/calendar.ics`],
    ["the local event", (i) => `/events/${i.local}.ics`],
    ["the online event", (i) => `/events/${i.online}.ics`],
    ["an occurrence of the series", (i) => `/events/${i.occurrence}.ics`],
    ["the remote event", (i) => `/events/${i.remote}.ics`],
    ["the remote event that had script URLs", (i) => `/events/${i.remoteScripts}.ics`],
  ];

  it.each(CALENDARS)("%s parses, links only to http(s) and lets no line be injected", async (_name, path) => {
    const response = await rawRequest(node.origin, { path: path(ids) });
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/calendar/);
    const ics = readIcs(response.text);
    expect(ics.events).toBeGreaterThan(0);
    expect(ics.urls.filter((u) => !isSafeUrl(u, ["http:", "https:", "mailto:"]))).toEqual([]);
    expect(ics.htmlDescriptions.flatMap(unsafeMarkup)).toEqual([]);
    // A line break in a value stays inside it: no property or component begins in the middle of one.
    expect(response.text).not.toMatch(/\r\n(URL:javascript|SUMMARY:injected|BEGIN:VEVENT\r\nSUMMARY:injected)/);
  });

  const ATOM: [string, () => string][] = [
    ["upcoming events", () => "/feeds/events.atom"],
    ["upcoming events of the hostile city", () => `/feeds/events.atom?city=${enc(ids.city)}`],
    ["projects", () => "/feeds/projects.atom"],
  ];

  it.each(ATOM)("the Atom feed of %s parses, links only to http(s), and its HTML runs nothing in a reader", async (_name, path) => {
    const response = await rawRequest(node.origin, { path: path() });
    expect(response.status).toBe(200);
    const atom = readAtom(response.text);
    expect(atom.entries).toBeGreaterThan(0);
    expect(atom.links.filter((u) => !isSafeUrl(u))).toEqual([]);
    expect(atom.html.flatMap(unsafeMarkup)).toEqual([]);
    // Every entry's content on one page, each in its own article, as a reader lists them.
    const { page, noise } = await render(browser, node.origin, atom.html.map((html) => `<article>${html}</article>`).join("\n"));
    expect(noise).toEqual([]);
    expect(await dangerousMarkup(page)).toEqual(SAFE);
    await page.close();
  });

  it("keeps only http(s) links in what the JSON API shows", async () => {
    const calendar = (await api(node, "GET", "/api/calendar?from=2000-01-01&limit=200", null)).body.items as JsonObject[];
    const board = (await api(node, "GET", "/api/board?limit=200", null)).body.items as JsonObject[];
    const links = [
      ...calendar.flatMap((e) => [e.url, e.image?.url, e.location?.url, e.registrationUrl]),
      ...board.flatMap((p) => [p.url, ...p.links.map((l: JsonObject) => l.url)]),
    ];
    expect(links.filter((u) => !isSafeUrl(u))).toEqual([]);
    expect([...calendar, ...board].map((item) => item.descriptionHtml as string).flatMap(unsafeMarkup)).toEqual([]);
  });

  it("leaves the node healthy and its memory bounded", async () => {
    await expectHealthy(node, idle);
  }, 60_000);
});
