import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { Page } from "playwright-core";
import { acceptInvitation, inviteOperator, pictureFile } from "../helpers/admin.ts";
import type { TestBrowser } from "../helpers/browser.ts";
import { DESKTOP, launchBrowser, PHONE, screenshot } from "../helpers/browser.ts";
import { dateFromToday } from "../helpers/dates.ts";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir, startNodeProcess } from "../helpers/node-process.ts";
import { startTogether } from "../helpers/start.ts";

const ALT = "Soldering irons on a long wooden table";

// A banner uploaded in the web admin is shown on the public pages with its alt text and its
// blurhash underneath while it loads, is named in Open Graph, and travels in the iCalendar feed.
describe("public pages with the event's banner", () => {
  let node: NodeProcess;
  let browser: TestBrowser;
  let eventPath: string;
  /** Whether every <img> of the page has loaded (the CSP let it through). */
  const loaded = (page: Page, selector: string) =>
    page
      .locator(selector)
      .evaluateAll((imgs) => imgs.length > 0 && imgs.every((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0));

  beforeAll(async () => {
    [node, browser] = await startTogether(startNodeProcess(), launchBrowser({ locale: "en-GB" }));
    const page = await browser.newPage();
    await acceptInvitation(page, await inviteOperator(node, "Ana", "editor"));
    await page.goto(`${node.origin}/admin/events/new?lang=en`);
    await page.fill("#f-title", "Repair café");
    await page.fill("#f-description", "Bring what is broken; we fix it together.");
    await page.fill("#f-startDate", dateFromToday(6));
    await page.fill("#f-startTime", "18:30");
    await page.fill("#f-endTime", "21:00");
    await page.fill("#f-tags", "repair");
    await page.setInputFiles("#f-image", await pictureFile({ width: 1600, height: 800 }));
    await page.fill("#f-imageAlt", ALT);
    await Promise.all([page.waitForURL(/\/admin\/events\?done=/), page.click("button[value=save]")]);
    const id = (await page.locator("tr", { hasText: "Repair café" }).locator("th a").getAttribute("href"))!.split("/")[3]!;
    eventPath = `/events/${id}`;
    await page.close();
  }, 60_000);
  afterAll(async () => {
    await Promise.all([browser?.close(), node?.stop()]);
    if (node) removeWorkDir(dirname(node.configFile));
  });

  it("the event page shows the banner with its alt text over its blurhash, and names it in Open Graph", async () => {
    const page = await browser.newPage();
    await page.goto(`${node.origin}${eventPath}?lang=en`);
    const cover = page.locator("article.event figure.banner img.cover");
    expect(await cover.getAttribute("alt")).toBe(ALT);
    const src = (await cover.getAttribute("src"))!;
    expect(src).toMatch(new RegExp(`^${node.origin}/media/[0-9a-f-]+\\.webp$`));
    expect(await cover.getAttribute("width")).toBe("1600");
    const blur = page.locator("article.event figure.banner img.blur");
    expect(await blur.getAttribute("src")).toMatch(/^data:image\/png;base64,/);
    expect(await blur.getAttribute("alt")).toBe("");
    expect(await loaded(page, "article.event figure.banner img")).toBe(true);
    expect(await page.locator('meta[property="og:image"]').getAttribute("content")).toBe(src);
    expect(await page.locator('meta[property="og:image:alt"]').getAttribute("content")).toBe(ALT);
    await screenshot(page, "event-banner-desktop");
    await page.setViewportSize(PHONE);
    await screenshot(page, "event-banner-phone");
    await page.close();
  });

  it("the home page's card shows the thumbnail with the same alt text", async () => {
    const page = await browser.newPage();
    await page.goto(`${node.origin}/?lang=en`);
    const card = page.locator(".event-card", { hasText: "Repair café" });
    const thumb = card.locator("figure.banner img.cover");
    expect(await thumb.getAttribute("alt")).toBe(ALT);
    expect(await thumb.getAttribute("src")).toMatch(/-thumb\.webp$/);
    expect(await loaded(page, ".event-card figure.banner img")).toBe(true);
    await screenshot(page, "home-banner-desktop");
    await page.setViewportSize(PHONE);
    await screenshot(page, "home-banner-phone");
    await page.setViewportSize(DESKTOP);
    await page.close();
  });

  it("the iCalendar file attaches the banner (ATTACH and RFC 7986 IMAGE)", async () => {
    const ics = (await (await fetch(`${node.origin}${eventPath}.ics`)).text()).replace(/\r\n /g, "");
    const url = ics.match(/^ATTACH;FMTTYPE=image\/webp:(\S+)$/m)?.[1];
    expect(url).toMatch(new RegExp(`^${node.origin}/media/[0-9a-f-]+\\.webp$`));
    expect(ics).toMatch(new RegExp(`^IMAGE;VALUE=URI;DISPLAY=BADGE;FMTTYPE=image/webp:${url!.replace(/[.]/g, "\\.")}\\r?$`, "m"));
  });
});
