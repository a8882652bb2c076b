import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { Page } from "playwright-core";
import type { TestBrowser } from "../helpers/browser.ts";
import { launchBrowser, PHONE, screenshot } from "../helpers/browser.ts";
import { addDays, instantOf, PARIS, weekdayWithOffsets, withOffset } from "../helpers/dates.ts";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir } from "../helpers/node-process.ts";
import { api, issueToken } from "../helpers/operator.ts";
import { startTogether } from "../helpers/start.ts";
import { dateInWords } from "./date-words.ts";
import { barcelona, remoteEvent, sanFrancisco, startSeededNode } from "./seed.ts";

// A Tuesday to come in winter time, when Paris is UTC+1, New York UTC-5 and San Francisco UTC-8,
// as the page labels the zones; the date is then written out in full ("Tuesday, 9 March 2027").
const LA = "America/Los_Angeles";
const tuesday = weekdayWithOffsets(2, 7, { [PARIS]: "+01:00", "America/New_York": "-05:00", [LA]: "-08:00" });
const { day, month, year } = dateInWords(tuesday, "en");
const onTuesday = (times: string) => `Tuesday, ${day} ${month} ${year}, ${times}`;
const apero = {
  title: "Apéro des cantines",
  startsAt: `${tuesday}T19:00`,
  endsAt: `${tuesday}T21:00`,
  timezone: PARIS,
  organizer: "Les Dames de la Cantine",
  tags: ["cantine", "fediverse"],
  location: { name: "La Cantine", address: "151 rue Montmartre, 75002 Paris", room: "Salle 1" },
  description: "Une soirée **fédérée**.",
  registrationUrl: "https://lacantine.example/inscription",
};
const relayed = remoteEvent(sanFrancisco, {
  title: "Open hardware night",
  startsAt: instantOf(`${tuesday}T18:30`, LA),
  endsAt: instantOf(`${tuesday}T20:30`, LA),
  organizer: "Noisebridge friends",
  location: { name: "Cantine SF", address: "55 Market St, San Francisco", lat: 37.7936, lon: -122.3958 },
  descriptionHtml: "<p>Bring a <strong>board</strong>.</p>",
});
const goneRemote = remoteEvent(barcelona, { title: "Ya no existe", startsAt: instantOf(`${addDays(tuesday, 2)}T19:00`, "Europe/Madrid") });

async function jsonLd(page: Page): Promise<any> {
  return JSON.parse((await page.locator('script[type="application/ld+json"]').textContent()) ?? "null");
}
const meta = (page: Page, property: string) => page.locator(`meta[property="${property}"]`).getAttribute("content");

describe("an event page in a browser", () => {
  let node: NodeProcess;
  let browser: TestBrowser;
  let token: string;
  let local: any;

  beforeAll(async () => {
    [node, browser] = await startTogether(
      startSeededNode({
        cantines: [sanFrancisco, barcelona],
        events: [relayed, goneRemote],
        via: { [relayed.id]: barcelona.actorId },
        deleted: [goneRemote.id],
      }),
      launchBrowser({ locale: "en-GB" }),
    );
    token = await issueToken(node);
    local = (await api(node, "POST", "/api/admin/events", token, apero)).body;
  }, 60_000);
  afterAll(async () => {
    await Promise.all([browser?.close(), node?.stop()]);
    if (node) removeWorkDir(dirname(node.configFile));
  });

  it("shows the time in the event's zone and in the viewer's, and remembers the zone chosen", async () => {
    const page = await browser.newPage();
    await page.goto(`${node.origin}/events/${local.id}?lang=en`);
    expect(await page.locator("h1").textContent()).toBe(apero.title);
    expect(await page.locator(".times dt").first().textContent()).toBe("Event time (Europe/Paris, GMT+1)");
    expect(await page.locator(".event-time").textContent()).toBe(onTuesday("19:00–21:00"));

    // The node's zone is the one chosen at first; an option's value is its name, whether or not it is shown differently.
    expect(await page.locator("#tz-select").inputValue()).toBe("Europe/Paris");
    expect(await page.locator("#tz-select option:checked").count()).toBe(1);
    await page.selectOption("#tz-select", "Asia/Tokyo");
    expect(await page.locator("#tz-select").inputValue()).toBe("Asia/Tokyo");
    await page.selectOption("#tz-select", "America/New_York");
    expect(await page.locator("#tz-select option:checked").textContent()).toBe("America/New York");
    await Promise.all([page.waitForURL(/tz=America%2FNew_York/), page.locator("#tz button").press("Enter")]);
    expect(await page.locator(".times dt").nth(1).textContent()).toBe("Your time (America/New York, GMT-5)");
    expect(await page.locator(".viewer-time").textContent()).toBe(onTuesday("13:00–15:00"));
    expect(await page.locator(".event-time").textContent()).toBe(onTuesday("19:00–21:00"));

    // Remembered (cookie): another event shows in New York time without asking again.
    await page.goto(`${node.origin}/events/${relayed.id}`);
    expect(await page.locator(".viewer-time").textContent()).toBe(onTuesday("21:30–23:30"));
    expect(await page.locator(".event-time").textContent()).toBe(onTuesday("18:30–20:30"));
    expect(await page.locator("#tz-select").inputValue()).toBe("America/New_York");
    await page.close();
  });

  it("shows place with a map link, organiser, tags, status, calendar and share links", async () => {
    const page = await browser.newPage();
    await page.goto(`${node.origin}/events/${local.id}?lang=en`);
    const facts = await page.locator(".facts").textContent();
    for (const text of ["La Cantine, Salle 1, 151 rue Montmartre", "Les Dames de la Cantine", "#cantine", "Scheduled", "La Cantine paris"])
      expect(facts).toContain(text);
    expect(await page.locator(".facts a", { hasText: "Open on the map" }).getAttribute("href")).toBe(
      `https://www.openstreetmap.org/search?query=${encodeURIComponent("151 rue Montmartre, 75002 Paris, Paris")}`,
    );
    expect(await page.locator(".description strong").textContent()).toBe("fédérée");
    expect(await page.locator(`a[href="/events/${local.id}.ics"]`).count()).toBe(1);
    const host = new URL(node.origin).host;
    expect(await page.locator(`a[href="webcal://${host}/calendar.ics"]`).count()).toBe(1);
    expect(await page.locator(`a[href="webcal://${host}/cities/Paris/calendar.ics"]`).count()).toBe(1);
    expect(await page.locator("#share-url").inputValue()).toBe(`${node.origin}/events/${local.id}`);
    await screenshot(page, "event-desktop");
    await page.setViewportSize(PHONE);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, "event-phone");
    await page.close();
  });

  it("describes the event in schema.org JSON-LD and OpenGraph tags", async () => {
    const page = await browser.newPage();
    await page.goto(`${node.origin}/events/${local.id}?lang=en`);
    expect(await jsonLd(page)).toMatchObject({
      "@context": "https://schema.org",
      "@type": "Event",
      name: apero.title,
      url: `${node.origin}/events/${local.id}`,
      startDate: withOffset(apero.startsAt, PARIS),
      endDate: withOffset(apero.endsAt, PARIS),
      eventStatus: "https://schema.org/EventScheduled",
      eventAttendanceMode: "https://schema.org/OfflineEventAttendanceMode",
      location: { "@type": "Place", name: "La Cantine", address: "151 rue Montmartre, 75002 Paris" },
      organizer: { "@type": "Organization", name: "Les Dames de la Cantine" },
    });
    expect(await meta(page, "og:title")).toBe(apero.title);
    expect(await meta(page, "og:url")).toBe(`${node.origin}/events/${local.id}`);
    expect(await meta(page, "og:description")).toContain(onTuesday("19:00–21:00"));
    expect(await page.locator('meta[name="fediverse:creator"]').getAttribute("content")).toBe(`@paris@${new URL(node.origin).host}`);
    await page.close();
  });

  it("shows a cancelled event as cancelled, to people and in JSON-LD", async () => {
    expect((await api(node, "POST", `/api/admin/events/${local.id}/cancel`, token)).status).toBe(200);
    const page = await browser.newPage();
    await page.goto(`${node.origin}/events/${local.id}?lang=en`);
    expect(await page.locator(".notice").textContent()).toBe("This event is cancelled.");
    expect(await page.locator(".status").textContent()).toBe("Cancelled");
    expect(await page.title()).toMatch(/^Cancelled: /);
    expect((await jsonLd(page)).eventStatus).toBe("https://schema.org/EventCancelled");
    expect(await meta(page, "og:title")).toMatch(/^Cancelled — /);
    await page.close();
  });

  it("names the cantine a remote event comes from, who relayed it, and pins it on the map", async () => {
    const page = await browser.newPage();
    await page.goto(`${node.origin}/events/${relayed.id}?lang=en`);
    expect(await page.locator(".source").textContent()).toContain("Cantine San Francisco (San Francisco) via Cantina Barcelona");
    expect(await page.locator(".facts a", { hasText: "Open on the map" }).getAttribute("href")).toBe(
      "https://www.openstreetmap.org/?mlat=37.7936&mlon=-122.3958#map=17/37.7936/-122.3958",
    );
    expect(await page.locator(".times dt").first().textContent()).toBe("Event time (America/Los Angeles, GMT-8)");
    expect(await page.locator('link[rel="canonical"]').getAttribute("href")).toBe(relayed.url);
    await page.close();
  });

  it("answers 404 for an unknown event and 410 for a deleted one, local or remote", async () => {
    const page = await browser.newPage();
    const unknown = await page.goto(`${node.origin}/events/no-such-event?lang=en`);
    expect(unknown?.status()).toBe(404);
    expect(await page.locator("h1").textContent()).toBe("Page not found");
    expect((await page.goto(`${node.origin}/projects/no-such-project`))?.status()).toBe(404);
    expect((await page.goto(`${node.origin}/users/nobody`))?.status()).toBe(404);
    const nowhere = await page.goto(`${node.origin}/no/such/page?lang=en`);
    expect(nowhere?.status()).toBe(404);
    expect(await page.locator("h1").textContent()).toBe("Page not found");
    const api404 = await fetch(`${node.origin}/api/nowhere`, { headers: { Accept: "application/json" } });
    expect(api404.status).toBe(404);
    expect((await api404.json()).error).toMatch(/Not found/);

    const goneResponse = await page.goto(`${node.origin}/events/${goneRemote.id}`);
    expect(goneResponse?.status()).toBe(410);
    expect(await page.locator("h1").textContent()).toBe("Deleted");

    expect((await api(node, "DELETE", `/api/admin/events/${local.id}`, token)).status).toBe(204);
    const deleted = await page.goto(`${node.origin}/events/${local.id}?lang=fr`);
    expect(deleted?.status()).toBe(410);
    expect(await page.locator("h1").textContent()).toBe("Supprimé");
    await screenshot(page, "gone");
    // ActivityPub clients still get a Tombstone at the same URL.
    const tombstone = await fetch(`${node.origin}/events/${local.id}`, { headers: { Accept: "application/activity+json" } });
    expect(tombstone.status).toBe(410);
    expect((await tombstone.json()).type).toBe("Tombstone");
    await page.close();
  });
});
