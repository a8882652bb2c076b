import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { Page } from "playwright-core";
import type { TestBrowser } from "../helpers/browser.ts";
import { launchBrowser, PHONE, screenshot } from "../helpers/browser.ts";
import { wallTime } from "../helpers/dates.ts";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir } from "../helpers/node-process.ts";
import { api, issueToken } from "../helpers/operator.ts";
import { startTogether } from "../helpers/start.ts";
import { barcelona, remoteEvent, remoteProject, sanFrancisco, saoPaulo, startSeededNode } from "./seed.ts";

const sfMeetup = remoteEvent(sanFrancisco, {
  title: "Fediverse meetup at Cantine SF",
  startsAt: wallTime(2, "18:30", "America/Los_Angeles"),
  endsAt: wallTime(2, "20:30", "America/Los_Angeles"),
  tags: ["fediverse"],
  location: { name: "Cantine SF", address: "55 Market St, San Francisco" },
});
const bcnWorkshop = remoteEvent(barcelona, {
  title: "Taller de datos abiertos",
  startsAt: wallTime(3, "19:00", "Europe/Madrid"),
  endsAt: wallTime(3, "21:00", "Europe/Madrid"),
  language: "es",
  tags: ["opendata"],
});
const bcnCancelled = remoteEvent(barcelona, { title: "Charla cancelada", startsAt: wallTime(4, "19:00", "Europe/Madrid"), status: "cancelled" });
const spHackathon = remoteEvent(saoPaulo, {
  title: "Hackathon da cidade",
  startsAt: wallTime(5, "10:00", "America/Sao_Paulo"),
  endsAt: wallTime(5, "18:00", "America/Sao_Paulo"),
  location: { url: "https://meet.example/hack" },
});
const liveNow = remoteEvent(saoPaulo, {
  title: "Café com makers",
  startsAt: new Date(Date.now() - 3_600_000).toISOString(),
  endsAt: new Date(Date.now() + 3_600_000).toISOString(),
});
const gardens = remoteProject(barcelona, {
  title: "Red de huertos urbanos",
  summary: "Huertos conectados entre cantinas",
  lookingFor: ["partners", "funding"],
  cities: ["Barcelona", "Paris"],
});

const titles = (page: Page) => page.locator("main .day .event-card h3").allTextContents();

describe("the worldwide calendar in a browser", () => {
  let node: NodeProcess;
  let browser: TestBrowser;

  beforeAll(async () => {
    [node, browser] = await startTogether(
      startSeededNode({
        cantines: [sanFrancisco, barcelona, saoPaulo],
        events: [sfMeetup, bcnWorkshop, bcnCancelled, spHackathon, liveNow],
        projects: [gardens],
      }),
      launchBrowser(),
    );
    const token = await issueToken(node);
    const created = await api(node, "POST", "/api/admin/events", token, {
      title: "Apéro des cantines",
      startsAt: wallTime(1, "19:00", "Europe/Paris"),
      timezone: "Europe/Paris",
      tags: ["cantine"],
      location: { name: "La Cantine", address: "151 rue Montmartre, 75002 Paris", room: "Salle 1" },
    });
    expect(created.status).toBe(201);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([browser?.close(), node?.stop()]);
    if (node) removeWorkDir(dirname(node.configFile));
  });

  it("lists upcoming events from several cantines, grouped by day, with what is happening now", async () => {
    const page = await browser.newPage();
    const response = await page.goto(`${node.origin}/?lang=en`);
    expect(response?.status()).toBe(200);
    expect(await page.locator("h1").textContent()).toBe("Worldwide programme");
    expect(await titles(page)).toEqual(
      expect.arrayContaining(["Apéro des cantines", sfMeetup.title, bcnWorkshop.title, spHackathon.title, bcnCancelled.title]),
    );
    const meta = (await page.locator("main .day .event-card .meta").allTextContents()).join("\n");
    for (const name of ["La Cantine paris", "Cantine San Francisco", "Cantina Barcelona", "Cantina São Paulo"]) expect(meta).toContain(name);
    expect(await page.locator(".day h2").count()).toBeGreaterThanOrEqual(5);
    expect(await page.locator(".now .event-card h3").allTextContents()).toEqual([liveNow.title]);
    expect(await page.locator(".event-card.cancelled .badge-cancelled").textContent()).toBe("Cancelled");
    // Times in the viewer's zone (the node's, Paris), and the event's own wall time where its zone differs.
    const ownTime = (title: string) =>
      page
        .locator(".event-card", { has: page.locator("h3", { hasText: title }) })
        .first()
        .locator(".own-time")
        .allTextContents();
    expect(await ownTime(sfMeetup.title)).toEqual([expect.stringMatching(/^\((6:30\sPM|18:30) America\/Los Angeles\)$/)]);
    expect(await ownTime("Apéro des cantines")).toEqual([]);
    // The node's identity: address with a map link and the Mastodon follow form.
    expect(await page.locator(".identity").textContent()).toContain("151 rue Montmartre");
    expect(await page.locator(".identity a[href^='https://www.openstreetmap.org/search?query=']").count()).toBe(1);
    expect(await page.locator(".identity form[action='/follow'] input[name='server']").count()).toBe(1);
    await screenshot(page, "home-desktop");
    await page.setViewportSize(PHONE);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, "home-phone");
    await page.close();
  });

  it("narrows to one city with the keyboard: focus the city, choose it, Tab to the button, Enter", async () => {
    const page = await browser.newPage();
    await page.goto(`${node.origin}/?lang=en`);
    await page.focus("#f-city");
    await page.keyboard.type("Barcelona");
    expect(await page.locator("#f-city").inputValue()).toBe("Barcelona");
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Filter");
    await Promise.all([page.waitForURL(/city=Barcelona/), page.keyboard.press("Enter")]);
    expect(await titles(page)).toEqual([bcnWorkshop.title, bcnCancelled.title]);
    expect(await page.locator("#f-city").inputValue()).toBe("Barcelona");
    // The text and tag filters narrow the same way.
    await page.goto(`${node.origin}/?lang=en&tag=fediverse`);
    expect(await titles(page)).toEqual([sfMeetup.title]);
    await page.goto(`${node.origin}/?lang=en&q=hackathon`);
    expect(await titles(page)).toEqual([spHackathon.title]);
    await page.close();
  });

  it("labels every form control and shows a visible focus ring", async () => {
    const page = await browser.newPage();
    await page.goto(`${node.origin}/?lang=en`);
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLInputElement | HTMLSelectElement>("input:not([type=hidden]), select")]
        .filter((el) => !el.labels?.length)
        .map((el) => el.outerHTML),
    );
    expect(unlabelled).toEqual([]);
    await page.keyboard.press("Tab");
    const skip = await page.evaluate(() => ({ text: document.activeElement?.textContent, outline: getComputedStyle(document.activeElement!).outlineStyle }));
    expect(skip).toEqual({ text: "Skip to content", outline: "solid" });
    await page.close();
  });

  it("shows the month as a grid, and as a list of days on a phone", async () => {
    const page = await browser.newPage();
    const month = wallTime(3, "12:00", "Europe/Paris").slice(0, 7);
    await page.goto(`${node.origin}/month?lang=en&month=${month}`);
    expect(await page.locator("table.month thead th").count()).toBe(7);
    const inGrid = await page.locator("table.month td li a").allTextContents();
    const expected = [bcnWorkshop, sfMeetup]
      .filter((e) => Temporal.Instant.from(e.startsAt).toZonedDateTimeISO("Europe/Paris").toString().startsWith(month))
      .map((e) => e.title);
    for (const title of expected) expect(inGrid.join("\n")).toContain(title);
    await screenshot(page, "month-desktop");
    await page.setViewportSize(PHONE);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, "month-phone");
    await page.close();
  });

  it("lists the followed cantines with their city, follow state and counts on the network page", async () => {
    const page = await browser.newPage();
    await page.goto(`${node.origin}/network?lang=en`);
    const rows = await page
      .locator("table.network tbody tr")
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => (cell.textContent ?? "").trim())));
    expect(rows[0]![0]).toContain("La Cantine paris");
    expect(rows[0]![2]).toBe("This cantine");
    expect(rows).toContainEqual(["Cantina Barcelona@bcn@bcn.cantine.example", "Barcelona (ES)", "Following", "2", "1"]);
    expect(rows).toContainEqual(["Cantine San Francisco@sf@sf.cantine.example", "San Francisco (US)", "Following", "1", "0"]);
    await screenshot(page, "network-desktop");
    await page.close();
  });

  it("shows the project board and a project page", async () => {
    const page = await browser.newPage();
    await page.goto(`${node.origin}/projects?lang=en`);
    await page.getByRole("link", { name: gardens.title }).click();
    await page.waitForURL(/\/projects\//);
    expect(await page.locator("h1").textContent()).toBe(gardens.title);
    expect(await page.locator(".facts").textContent()).toContain("partners, funding");
    expect(await page.locator(".facts").textContent()).toContain("Cantina Barcelona");
    await page.close();
  });
});
