import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { acceptInvitation, inviteOperator } from "../helpers/admin.ts";
import type { TestBrowser } from "../helpers/browser.ts";
import { launchBrowser } from "../helpers/browser.ts";
import { addDays, instantOf, PARIS, weekdayFromToday } from "../helpers/dates.ts";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir, startNodeProcess } from "../helpers/node-process.ts";
import type { Peer, Received } from "../helpers/peer.ts";
import { startPeer } from "../helpers/peer.ts";
import { startTogether } from "../helpers/start.ts";
import { waitForQueuesDrained, waitUntil } from "../helpers/wait.ts";

const TITLE = "Tuesday repair café";
const COUNT = 4;
// A Tuesday at least ten days ahead, and the three after it.
const first = weekdayFromToday(2, 10);
const dates = Array.from({ length: COUNT }, (_, i) => addDays(first, 7 * i));

// A weekly series made in the web form reaches a Mastodon-like follower as one Create per date;
// cancelling one date in the form sends one Update, for that date only.
describe("a weekly series from the web admin", () => {
  let node: NodeProcess;
  let peer: Peer;
  let browser: TestBrowser;
  /** The occurrences' ActivityPub ids, in date order. */
  let occurrences: string[] = [];
  const creates = () => peer.received.filter((r) => r.verified && r.body?.type === "Create" && r.body.object?.name === TITLE);
  const updatesOf = (id: string) =>
    peer.received.filter((r: Received) => r.verified && r.body?.type === "Update" && (r.body.object?.id ?? r.body.object) === id);

  beforeAll(async () => {
    [node, peer, browser] = await startTogether(startNodeProcess(), startPeer(), launchBrowser({ locale: "en-GB" }));
    const actorId = `${node.origin}/users/paris`;
    await peer.follow("alice", actorId, `${actorId}/inbox`);
    await peer.waitFor((r) => r.body?.type === "Accept");
  }, 60_000);
  afterAll(async () => {
    await Promise.all([browser?.close(), peer?.close(), node?.stop()]);
    if (node) removeWorkDir(dirname(node.configFile));
  });

  it("is published from the form: one Create per date, at 19:00 Paris time each week", async () => {
    const page = await browser.newPage();
    await acceptInvitation(page, await inviteOperator(node, "Ana", "editor"));
    await page.goto(`${node.origin}/admin/events/new?lang=en`);
    await page.fill("#f-title", TITLE);
    await page.fill("#f-description", "Bring what is broken.");
    await page.fill("#f-startDate", first);
    await page.fill("#f-startTime", "19:00");
    await page.fill("#f-endTime", "21:00");
    await page.selectOption("#f-repeat", "weekly");
    await page.check("input[name=weekdays][value=TU]");
    await page.check("input[name=endsBy][value=count]");
    await page.fill("#f-count", String(COUNT));
    await Promise.all([page.waitForURL(/\/admin\/events\?done=/), page.click("button[value=save]")]);
    expect(await page.locator(".flash").textContent()).toContain(`Series published: ${COUNT} dates.`);
    expect(await page.locator("tr", { hasText: TITLE }).count()).toBe(COUNT);
    await page.close();

    await waitUntil(() => creates().length >= COUNT, `${COUNT} Creates at the peer`, 20_000);
    await waitForQueuesDrained(node.origin);
    const objects = creates()
      .map((r) => r.body!.object)
      .sort((x, y) => Date.parse(x.startTime) - Date.parse(y.startTime));
    expect(objects).toHaveLength(COUNT); // one each, no more
    expect(new Set(objects.map((o) => o.id)).size).toBe(COUNT);
    expect(objects.map((o) => Date.parse(o.startTime))).toEqual(dates.map((d) => Date.parse(instantOf(`${d}T19:00`, PARIS))));
    occurrences = objects.map((o) => o.id as string);
    for (const id of occurrences) expect(updatesOf(id)).toHaveLength(0);
  });

  it("cancelling the second date in the form sends one Update for it, and leaves the others as they were", async () => {
    const [, second] = occurrences;
    const page = await browser.newPage();
    page.on("dialog", (dialog) => void dialog.accept());
    await page.goto(`${second}`.replace(/\/events\/([^/]+)$/, "/admin/events/$1/cancel"));
    await page.fill("#f-message", "The room is taken that week.");
    await Promise.all([page.waitForURL(/done=/), page.click("button.danger")]);
    await page.close();

    await peer.waitFor((r) => r.verified && r.body?.type === "Update" && r.body.object?.id === second, 20_000);
    // Everything the node had to send is sent: what has not arrived will not.
    await waitForQueuesDrained(node.origin);
    const update = updatesOf(second!);
    expect(update).toHaveLength(1);
    expect(JSON.stringify(update[0]!.body!.object.eventStatus ?? update[0]!.body!.object)).toMatch(/Cancelled/i);
    for (const id of occurrences.filter((o) => o !== second)) expect(updatesOf(id)).toHaveLength(0);

    // As the node shows them: the second date cancelled, the others scheduled, same times.
    const listed = (await (await fetch(`${node.origin}/api/events?limit=50`)).json()).items as any[];
    const status = (id: string) => listed.find((e) => e.url === id || e.id === id || e.apId === id)?.status;
    expect(occurrences.map(status)).toEqual(["scheduled", "cancelled", "scheduled", "scheduled"]);
  });
});
