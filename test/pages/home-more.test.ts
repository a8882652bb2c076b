import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { TestBrowser } from "../helpers/browser.ts";
import { launchBrowser } from "../helpers/browser.ts";
import { dateFromToday, instantOf } from "../helpers/dates.ts";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir } from "../helpers/node-process.ts";
import { startTogether } from "../helpers/start.ts";
import { barcelona, remoteEvent, startSeededNode } from "./seed.ts";

const PARIS = "Europe/Paris";
const busy = dateFromToday(5, PARIS);
const quiet = dateFromToday(6, PARIS);
const AUCKLAND = "Pacific/Auckland";
const BUSY_COUNT = 9; // timed talks, and the all-day fair besides

// A busy day on the programme shows its first six events and a link to that day's own page,
// which lists all of them; a quiet day has no link. An all-day event belongs to the day of its
// own zone: one in Auckland began, in Paris, the evening before, and still counts on the busy day.
describe("the home page: a busy day shows six events and “N more on this day”", () => {
  let node: NodeProcess;
  let browser: TestBrowser;

  beforeAll(async () => {
    const events = [
      ...Array.from({ length: BUSY_COUNT }, (_, i) =>
        remoteEvent(barcelona, { title: `Busy talk ${i + 1}`, startsAt: instantOf(`${busy}T${String(9 + i).padStart(2, "0")}:00`, PARIS) }),
      ),
      remoteEvent(barcelona, { title: "Quiet meetup", startsAt: instantOf(`${quiet}T18:00`, PARIS) }),
      remoteEvent(barcelona, {
        title: "Harvest fair",
        allDay: true,
        timezone: AUCKLAND,
        startsAt: instantOf(`${busy}T00:00`, AUCKLAND),
        endsAt: instantOf(`${dateFromToday(6, PARIS)}T00:00`, AUCKLAND),
      }),
    ];
    [node, browser] = await startTogether(startSeededNode({ cantines: [barcelona], events }), launchBrowser({ locale: "en-GB", timezoneId: PARIS }));
  }, 60_000);
  afterAll(async () => {
    await Promise.all([browser?.close(), node?.stop()]);
    if (node) removeWorkDir(dirname(node.configFile));
  });

  const daySection = (page: import("playwright-core").Page, day: string) => page.locator(`section.day:has(h2 time[datetime="${day}"])`);

  for (const [lang, more] of [
    ["en", "4 more on this day"],
    ["fr", "4 autres ce jour-là"],
    ["es", "4 más este día"],
    ["pt", "mais 4 neste dia"],
  ] as const) {
    it(`shows six cards and a link “${more}” under the busy day (${lang}); none under the quiet day`, async () => {
      const page = await browser.newPage();
      await page.goto(`${node.origin}/?lang=${lang}`);
      const section = daySection(page, busy);
      expect(await section.locator(".event-card").count()).toBe(6);
      const link = section.locator(".more-on-day a");
      expect((await link.textContent())!.startsWith(more)).toBe(true);
      expect(new URL((await link.getAttribute("href"))!, node.origin).searchParams.get("day")).toBe(busy);
      expect(await daySection(page, quiet).locator(".event-card").count()).toBe(1);
      expect(await daySection(page, quiet).locator(".more-on-day").count()).toBe(0);
      await page.close();
    });
  }

  it("the link opens that day's programme: all its events, no other day, and a way back to all dates", async () => {
    const page = await browser.newPage();
    await page.goto(`${node.origin}/?lang=en`);
    await Promise.all([page.waitForURL(/[?&]day=/), daySection(page, busy).locator(".more-on-day a").click()]);
    expect(await page.locator("section.day").count()).toBe(1);
    const titles = await daySection(page, busy).locator(".event-card h3, .event-card h2").allTextContents();
    expect(titles.map((t) => t.trim())).toEqual(["Harvest fair", ...Array.from({ length: BUSY_COUNT }, (_, i) => `Busy talk ${i + 1}`)]);
    expect(await page.locator(".more-on-day").count()).toBe(0);
    expect(await page.locator(".day-view").textContent()).toContain("Events on");
    await Promise.all([page.waitForURL((url) => !url.searchParams.has("day")), page.locator(".day-view a").click()]);
    expect(await daySection(page, quiet).locator(".event-card").count()).toBe(1);
    await page.close();
  });
});
