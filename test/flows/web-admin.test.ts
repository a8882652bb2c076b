import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import sharp from "sharp";
import { acceptInvitation, inviteOperator, pictureFile } from "../helpers/admin.ts";
import type { TestBrowser } from "../helpers/browser.ts";
import { launchBrowser, PHONE, screenshot } from "../helpers/browser.ts";
import { dateFromToday, instantOf, offsetOf } from "../helpers/dates.ts";
import type { CityNode } from "../helpers/network.ts";
import { follow, startCities, stopCities } from "../helpers/network.ts";
import { api } from "../helpers/operator.ts";
import type { Peer, Received } from "../helpers/peer.ts";
import { startPeer } from "../helpers/peer.ts";
import { startTogether } from "../helpers/start.ts";
import { waitUntil } from "../helpers/wait.ts";

const NEW_YORK = "America/New_York";
const day = dateFromToday(12, NEW_YORK);

describe("an invited editor runs an event from the web admin; a follower node and a Mastodon-like peer see every step", () => {
  let paris: CityNode;
  let sf: CityNode;
  let peer: Peer;
  let browser: TestBrowser;
  let eventUrl: string;
  let eventId: string;
  const about = (type: string) => (r: Received) => r.body?.type === type && r.verified && (r.body.object?.id ?? r.body.object) === eventUrl;
  const onFollower = async () =>
    (await api(sf.node, "GET", "/api/calendar?limit=50", null)).body.items.find((i: any) => i.url === eventUrl || i.id === eventUrl || i.apId === eventUrl);

  beforeAll(async () => {
    let nodes: CityNode[];
    [nodes, peer, browser] = await startTogether(startCities(["paris", "sf"]), startPeer(), launchBrowser({ locale: "en-GB" }));
    [paris, sf] = nodes as [CityNode, CityNode];
    await follow(sf, paris);
    const actorId = `${paris.node.origin}/users/paris`;
    await peer.follow("alice", actorId, `${actorId}/inbox`);
    await peer.waitFor((r) => r.body?.type === "Accept");
  }, 90_000);
  afterAll(async () => {
    await Promise.all([browser?.close(), peer?.close()]);
    if (paris && sf) await stopCities([paris, sf]);
  });

  it("sets a password from the invitation, signs in, and publishes an event with an image, in another zone, with an online link", async () => {
    const link = await inviteOperator(paris.node, "Inès", "editor");
    const page = await browser.newPage();
    await acceptInvitation(page, link);
    expect(await page.locator("h1").textContent()).toBe("Dashboard");
    await screenshot(page, "admin-dashboard-desktop");
    await page.setViewportSize(PHONE);
    await screenshot(page, "admin-dashboard-phone");

    await page.goto(`${paris.node.origin}/admin/events/new?lang=en`);
    await screenshot(page, "admin-event-form-phone");
    await page.setViewportSize({ width: 1280, height: 900 });
    await screenshot(page, "admin-event-form-desktop");
    await page.fill("#f-title", "Hackers' breakfast, New York edition");
    await page.fill("#f-description", "Coffee and **federated** code.");
    await page.fill("#f-startDate", day);
    await page.fill("#f-startTime", "19:00");
    await page.fill("#f-endTime", "21:00");
    await page.selectOption("#f-timezone", NEW_YORK);
    await page.fill("#f-onlineUrl", "https://meet.example/breakfast");
    await page.setInputFiles("#f-image", await pictureFile());
    await page.fill("#f-imageAlt", "A gradient from red to green");
    await page.fill("#f-tags", "breakfast, code");
    await Promise.all([page.waitForURL(/\/admin\/events\?done=/), page.click("button[value=save]")]);
    expect(await page.locator(".flash").textContent()).toContain("Published");
    const row = page.locator("tr", { hasText: "Hackers' breakfast" });
    eventId = (await row.locator("th a").getAttribute("href"))!.split("/")[3]!;
    eventUrl = `${paris.node.origin}/events/${eventId}`;
    await page.close();
  });

  it("delivers a Create with the image attachment and the right times, to the peer and to the follower node", async () => {
    const create = await peer.waitFor(about("Create"));
    const object = create.body!.object;
    expect(Date.parse(object.startTime)).toBe(Date.parse(instantOf(`${day}T19:00`, NEW_YORK)));
    expect(object.startTime.endsWith(offsetOf(`${day}T19:00`, NEW_YORK))).toBe(true);
    expect(object.timezone).toBe(NEW_YORK);
    const image = object.attachment.find((a: any) => a.type === "Image");
    expect(image).toMatchObject({ mediaType: "image/webp", width: 1600, height: 800, name: "A gradient from red to green", isBannerImage: true });
    expect(image.blurhash).toMatch(/^[0-9A-Za-z#$%*+,\-.:;=?@[\]^_{|}~]{6,}$/);
    expect(JSON.stringify(object.location)).toContain("https://meet.example/breakfast");
    expect(object.location[0]).toMatchObject({ type: "Place", name: "La Cantine Paris" });

    // The image as served: WebP, at most 1600 px, no EXIF or GPS left, cached for long.
    const served = await fetch(image.url);
    expect(served.headers.get("content-type")).toBe("image/webp");
    expect(served.headers.get("cache-control")).toContain("max-age=31536000");
    const meta = await sharp(Buffer.from(await served.arrayBuffer())).metadata();
    expect(meta).toMatchObject({ format: "webp", width: 1600, height: 800 });
    expect(meta.exif).toBeUndefined();

    await waitUntil(async () => Boolean(await onFollower()), "the event on the follower node", 20_000);
    const remote = await onFollower();
    expect(remote.image).toMatchObject({ url: image.url, alt: "A gradient from red to green", width: 1600, height: 800, blurhash: image.blurhash });
    expect(Date.parse(remote.startsAt)).toBe(Date.parse(instantOf(`${day}T19:00`, NEW_YORK)));
    expect(remote.timezone).toBe(NEW_YORK);
  });

  it("edits it: an Update arrives", async () => {
    const page = await browser.newPage();
    await page.goto(`${paris.node.origin}/admin/events/${eventId}/edit`);
    expect(await page.inputValue("#f-startTime")).toBe("19:00");
    expect(await page.inputValue("#f-timezone")).toBe(NEW_YORK);
    await page.fill("#f-title", "Hackers' breakfast (new room)");
    await page.click("button[value=save]");
    expect(await page.locator(".error-summary").count()).toBe(0);
    await page.waitForURL(/done=/);
    const update = await peer.waitFor((r) => about("Update")(r) && r.body!.object.name === "Hackers' breakfast (new room)");
    expect(update.body!.object.attachment.find((a: any) => a.type === "Image").width).toBe(1600);
    await waitUntil(async () => (await onFollower())?.title === "Hackers' breakfast (new room)", "the edit on the follower", 20_000);
    await page.close();
  });

  it("cancels it with a message: the follower shows it cancelled", async () => {
    const page = await browser.newPage();
    page.on("dialog", (dialog) => void dialog.accept());
    await page.goto(`${paris.node.origin}/admin/events/${eventId}/cancel`);
    await page.fill("#f-message", "The speaker is ill; see you next month.");
    await Promise.all([page.waitForURL(/done=/), page.click("button.danger")]);
    await peer.waitFor((r) => about("Update")(r) && /Cancelled/.test(JSON.stringify(r.body!.object.eventStatus)));
    await waitUntil(async () => (await onFollower())?.status === "cancelled", "cancelled on the follower", 20_000);
    const remote = await onFollower();
    const onSf = await browser.newPage();
    await onSf.goto(`${sf.node.origin}/events/${remote.id}?lang=en`);
    expect(await onSf.locator(".notice").textContent()).toBe("This event is cancelled.");
    expect(await onSf.locator(".description").textContent()).toContain("The speaker is ill");
    await onSf.close();
    await page.close();
  });

  it("deletes it after a confirmation: a Delete arrives and the URL answers 410", async () => {
    const page = await browser.newPage();
    const dialogs: string[] = [];
    page.on("dialog", (dialog) => void (dialogs.push(dialog.message()), dialog.accept()));
    await page.goto(`${paris.node.origin}/admin/events/${eventId}/delete`);
    expect(await page.locator("h1").textContent()).toBe("Delete “Hackers' breakfast (new room)”?");
    await Promise.all([page.waitForURL(/done=/), page.click("button.danger")]);
    expect(dialogs).toEqual(["Delete “Hackers' breakfast (new room)”?"]);
    await peer.waitFor(about("Delete"));
    expect((await fetch(eventUrl, { headers: { Accept: "application/activity+json" } })).status).toBe(410);
    await waitUntil(async () => !(await onFollower()), "the event gone from the follower", 20_000);
    await page.close();
  });
});
