import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { fromProjectJson } from "../../federation/vocab/project.ts";
import { acceptInvitation, inviteOperator, pictureFile } from "../helpers/admin.ts";
import type { TestBrowser } from "../helpers/browser.ts";
import { launchBrowser } from "../helpers/browser.ts";
import type { CityNode } from "../helpers/network.ts";
import { startCities, stopCities } from "../helpers/network.ts";
import type { Peer, Received } from "../helpers/peer.ts";
import { startPeer } from "../helpers/peer.ts";
import { startTogether } from "../helpers/start.ts";

const ALT = "Compost bins in a sunny courtyard";

describe("an operator gives a project a banner from the web admin: followers get it as an Image, the public pages show it", () => {
  let paris: CityNode;
  let peer: Peer;
  let browser: TestBrowser;
  let projectId: string;

  beforeAll(async () => {
    let nodes: CityNode[];
    [nodes, peer, browser] = await startTogether(startCities(["paris"]), startPeer(), launchBrowser({ locale: "en-GB" }));
    [paris] = nodes as [CityNode];
    const actorId = `${paris.node.origin}/users/paris`;
    await peer.follow("alice", actorId, `${actorId}/inbox`);
    await peer.waitFor((r) => r.body?.type === "Accept");
  }, 90_000);
  afterAll(async () => {
    await Promise.all([browser?.close(), peer?.close()]);
    if (paris) await stopCities([paris]);
  });

  it("refuses an upload without alt text, keeps the upload, then publishes the project once it is described", async () => {
    const page = await browser.newPage();
    // The invitation sets the password and signs the operator in.
    await acceptInvitation(page, await inviteOperator(paris.node, "Léa", "editor"));

    await page.goto(`${paris.node.origin}/admin/projects/new?lang=en`);
    await page.fill("#f-title", "Courtyard compost");
    await page.fill("#f-summary", "Shared compost bins for the neighbourhood.");
    await page.setInputFiles("#f-image", await pictureFile());
    const [refused] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.click("form.event-form button[type=submit]")]);
    expect(refused.status()).toBe(422);
    await page.waitForLoadState("load");
    expect(await page.locator("main").textContent()).toContain("Describe the image for people who cannot see it.");
    // The upload is kept: the form now shows it and does not ask for the file again.
    expect(await page.locator("input[name=imageId]").count()).toBe(1);
    expect(await page.locator("figure.current-image img").count()).toBe(1);

    await page.fill("#f-imageAlt", ALT);
    await Promise.all([page.waitForURL(/\/admin\/projects\?done=/), page.click("form.event-form button[type=submit]")]);
    const row = page.locator("tr", { hasText: "Courtyard compost" });
    projectId = (await row.locator("th a").getAttribute("href"))!.split("/")[3]!;
    await page.close();
  }, 120_000);

  it("delivers a Create(Article) with the Image attachment: type, size, alt text and blurhash; a cantine reads it back", async () => {
    const projectUrl = `${paris.node.origin}/projects/${projectId}`;
    const create = await peer.waitFor((r: Received) => r.body?.type === "Create" && r.verified && r.body.object?.id === projectUrl);
    const object = create.body!.object;
    expect(object.type).toBe("Article");
    const image = object.attachment.find((a: any) => a.type === "Image");
    expect(image).toMatchObject({ mediaType: "image/webp", width: 1600, height: 800, name: ALT, isBannerImage: true });
    expect(image.url).toMatch(new RegExp(`^${paris.node.origin}/media/[0-9a-f-]{36}\\.webp$`));
    expect(image.blurhash).toMatch(/^[0-9A-Za-z#$%*+,\-.:;=?@[\]^_{|}~]{6,}$/);
    const served = await fetch(image.url);
    expect(served.headers.get("content-type")).toBe("image/webp");

    const read = fromProjectJson(object);
    if (!read.ok) throw new Error(read.reason);
    expect(read.project.image).toMatchObject({ url: image.url, alt: ALT, mediaType: "image/webp", width: 1600, height: 800, blurhash: image.blurhash });
  });

  it("shows the banner with its alt text on the project's page and on its card", async () => {
    const page = await browser.newPage();
    await page.goto(`${paris.node.origin}/projects/${projectId}?lang=en`);
    const cover = page.locator("article.project figure.banner img.cover");
    expect(await cover.getAttribute("alt")).toBe(ALT);
    expect(await cover.getAttribute("src")).toMatch(/\/media\/[0-9a-f-]{36}\.webp$/);
    expect(await cover.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1600);
    expect(await page.locator('meta[property="og:image"]').getAttribute("content")).toMatch(/\/media\/[0-9a-f-]{36}\.webp$/);

    await page.goto(`${paris.node.origin}/projects?lang=en`);
    const card = page.locator("article.project-card", { hasText: "Courtyard compost" });
    const thumb = card.locator("figure.banner-small img.cover");
    expect(await thumb.getAttribute("alt")).toBe(ALT);
    expect(await thumb.getAttribute("src")).toMatch(/\/media\/[0-9a-f-]{36}-thumb\.webp$/);
    await page.close();
  }, 60_000);
});
