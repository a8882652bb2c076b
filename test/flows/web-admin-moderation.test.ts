// Participants and moderation from the web admin: a request to a restricted event accepted from
// the event's participants page (the peer receives the Accept), a block made on the moderation
// page (the admin API lists it under the operator's name), and an editor kept out of moderation.

import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { Page } from "playwright-core";
import { acceptInvitation, inviteOperator } from "../helpers/admin.ts";
import type { TestBrowser } from "../helpers/browser.ts";
import { launchBrowser } from "../helpers/browser.ts";
import { dateFromToday } from "../helpers/dates.ts";
import { readJsonFixture } from "../helpers/fixtures.ts";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir, startNodeProcess } from "../helpers/node-process.ts";
import { api, issueToken } from "../helpers/operator.ts";
import type { Peer } from "../helpers/peer.ts";
import { startPeer } from "../helpers/peer.ts";
import { startTogether } from "../helpers/start.ts";
import { waitForQueuesDrained, waitUntil } from "../helpers/wait.ts";

const MOBILIZON_JOIN = readJsonFixture<Record<string, unknown>>("peers", "mobilizon-join.json");

describe("the web admin: participants and moderation", () => {
  let node: NodeProcess;
  let peer: Peer;
  let browser: TestBrowser;
  let page: Page;
  let token: string;
  let event: { id: string; apId: string };

  beforeAll(async () => {
    [node, peer, browser] = await startTogether(startNodeProcess(), startPeer({ users: ["bob", "carol"] }), launchBrowser({ locale: "en-GB" }));
    token = await issueToken(node, "events:write,admin");
    page = await browser.newPage();
    await acceptInvitation(page, await inviteOperator(node, "Ana", "admin"));
    const published = await api(node, "POST", "/api/admin/events", token, {
      title: "Atelier sur inscription",
      startsAt: `${dateFromToday(12)}T19:00`,
      participation: "restricted",
    });
    expect(published.status).toBe(201);
    event = published.body;
  }, 60_000);
  afterAll(async () => {
    await Promise.all([browser?.close(), node?.stop(), peer?.close()]);
    if (node) removeWorkDir(dirname(node.configFile));
  });

  async function join(name: string): Promise<Record<string, unknown>> {
    const activity = {
      ...MOBILIZON_JOIN,
      id: `${peer.origin}/join/event/${crypto.randomUUID()}`,
      actor: peer.actorId(name),
      object: event.apId,
      participationMessage: "Je viens avec une amie",
    };
    const { status } = await peer.signedPost(name, `${node.origin}/inbox`, activity);
    expect(status).toBe(202);
    return activity;
  }

  const row = (actor: string) => page.locator(`tr[data-actor="${actor}"]`);

  it("lists a request to a restricted event; Accept sends the peer an Accept, Refuse a Reject", async () => {
    const bob = await join("bob");
    const carol = await join("carol");
    const listed = async () => (await api(node, "GET", `/api/admin/events/${event.id}/participants`, token)).body.items.length === 2;
    await waitUntil(listed, "both requests recorded");

    await page.goto(`${node.origin}/admin/events?lang=en`);
    await Promise.all([page.waitForURL(/\/participants/), page.click(`a[href="/admin/events/${event.id}/participants"]`)]);
    expect(await page.locator("h1").textContent()).toBe("Participants: Atelier sur inscription");
    expect(await row(peer.actorId("bob")).locator(".state").textContent()).toBe("waiting for your answer");
    expect(await row(peer.actorId("bob")).locator("th a").getAttribute("href")).toBe(peer.actorId("bob"));

    await Promise.all([page.waitForURL(/done=/), row(peer.actorId("bob")).locator("button", { hasText: "Accept" }).click()]);
    expect(await page.locator(".flash").textContent()).toContain("going");
    expect(await row(peer.actorId("bob")).locator(".state").textContent()).toBe("going");
    const accept = await peer.waitFor((r) => r.body?.type === "Accept" && r.body.object?.id === bob.id, 20_000);
    expect(accept.verified).toBe(true);

    await Promise.all([page.waitForURL(/done=/), row(peer.actorId("carol")).locator("button", { hasText: "Refuse" }).click()]);
    expect(await row(peer.actorId("carol")).locator(".state").textContent()).toBe("refused");
    await peer.waitFor((r) => r.body?.type === "Reject" && r.body.object?.id === carol.id, 20_000);

    const states = (await api(node, "GET", `/api/admin/events/${event.id}/participants`, token)).body.items.map((p: any) => [p.actorId, p.state]);
    expect(states).toEqual(
      expect.arrayContaining([
        [peer.actorId("bob"), "going"],
        [peer.actorId("carol"), "refused"],
      ]),
    );

    const csvHref = await page.locator("a", { hasText: "Download CSV" }).getAttribute("href");
    const csv = await page.request.get(`${node.origin}${csvHref}`);
    expect(csv.status()).toBe(200);
    expect(csv.headers()["content-type"]).toContain("text/csv");
    expect(await csv.text()).toMatch(new RegExp(`^going,,${peer.actorId("bob")},`, "m"));
  });

  it("a form without its token changes nobody's place", async () => {
    const response = await page.request.post(`${node.origin}/admin/events/${event.id}/participants`, {
      form: { actor: peer.actorId("carol"), decision: "accept" },
    });
    expect(response.status()).toBe(403);
    await page.goto(`${node.origin}/admin/events/${event.id}/participants?lang=en`);
    expect(await row(peer.actorId("carol")).locator(".state").textContent()).toBe("refused");
  });

  it("blocks a domain from the moderation page, logged under the operator's name; then removes it", async () => {
    await page.goto(`${node.origin}/admin/moderation?lang=fr`);
    expect(await page.locator("h1").textContent()).toBe("Modération");
    await page.goto(`${node.origin}/admin/moderation?lang=en`);
    expect(await page.locator(".empty").first().textContent()).toBe("No blocks.");

    await page.fill("#f-target", "not a domain!");
    await Promise.all([page.waitForResponse((r) => r.url().endsWith("/admin/moderation/block")), page.click("button:has-text('Block')")]);
    expect(await page.locator(".field-error").textContent()).toContain("Enter a domain like spam.example");

    await page.fill("#f-target", "spam.example");
    await page.selectOption("#f-severity", "silence");
    await page.fill("#f-reason", "unsolicited ads");
    await Promise.all([page.waitForURL(/done=/), page.click("button:has-text('Block')")]);
    expect(await page.locator(".flash").textContent()).toBe("spam.example is blocked.");
    // The notice is signed for this session: the same URL with other text shows nothing.
    const signed = new URL(page.url());
    signed.searchParams.set("done", "Your session expired: sign in again at evil.example");
    await page.goto(signed.href);
    expect(await page.locator(".flash").count()).toBe(0);

    const blocks = await api(node, "GET", "/api/admin/blocks", token);
    expect(blocks.body.items).toEqual([
      expect.objectContaining({ kind: "domain", target: "spam.example", severity: "silence", reason: "unsolicited ads", createdBy: "Ana" }),
    ]);
    const log = await api(node, "GET", "/api/admin/moderation-log", token);
    expect(log.body.items[0]).toMatchObject({ who: "Ana", action: "block", target: "spam.example" });
    expect(await page.locator("table.moderation-log tbody tr").first().textContent()).toContain("Ana");

    await Promise.all([page.waitForURL(/done=/), page.locator('tr[data-target="spam.example"] button').click()]);
    expect((await api(node, "GET", "/api/admin/blocks", token)).body.items).toEqual([]);
    expect((await api(node, "GET", "/api/admin/moderation-log", token)).body.items[0]).toMatchObject({ who: "Ana", action: "unblock", target: "spam.example" });
  });

  it("an editor sees and answers participants, but gets 403 on the moderation page", async () => {
    await waitForQueuesDrained(node.origin);
    const link = await inviteOperator(node, "Eve", "editor");
    await Promise.all([page.waitForURL(/sign-in/), page.click("header button.link")]);
    await acceptInvitation(page, link);
    expect(await page.locator("nav.menu a", { hasText: "Moderation" }).count()).toBe(0);
    const refused = await page.goto(`${node.origin}/admin/moderation?lang=en`);
    expect(refused?.status()).toBe(403);
    const blocked = await page.request.post(`${node.origin}/admin/moderation/block`, {
      form: { _csrf: await page.locator("input[name=_csrf]").first().inputValue(), target: "other.example" },
    });
    expect(blocked.status()).toBe(403);
    expect((await api(node, "GET", "/api/admin/blocks", token)).body.items).toEqual([]);
    const people = await page.goto(`${node.origin}/admin/events/${event.id}/participants?lang=en`);
    expect(people?.status()).toBe(200);
    expect(await row(peer.actorId("bob")).locator(".state").textContent()).toBe("going");
  });
});
