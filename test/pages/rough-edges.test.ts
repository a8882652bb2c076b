// What a new visitor or operator runs into first: headings in their language's case, long
// addresses on a phone, an empty month or programme, hashtag pages, feeds a reader can find,
// the viewer's own time zone offered, a series' address.

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
import { barcelona, remoteEvent, remoteProject, sanFrancisco, startSeededNode } from "./seed.ts";

const PARIS = "Europe/Paris";
// Every event is within ten days of today, except one on the 10th of the month after next but one:
// the month after next is then always empty, whatever today is.
const thisMonth = Temporal.Now.plainDateISO(PARIS).toPlainYearMonth();
const emptyMonth = thisMonth.add({ months: 2 }).toString();
const laterMonth = thisMonth.add({ months: 3 });

const workshop = remoteEvent(barcelona, {
  title: "Taller de datos abiertos",
  startsAt: wallTime(2, "19:00", "Europe/Madrid"),
  endsAt: wallTime(2, "21:00", "Europe/Madrid"),
  tags: ["fediverse", "opendata"],
  descriptionHtml: "<p>Enlace: https://datos.example.org/un/camino/muy/largo/sin/espacios/ningunoaquitampocoalla?con=parametros&muy=largos</p>",
});
const meetup = remoteEvent(sanFrancisco, {
  title: "Fediverse meetup",
  startsAt: wallTime(3, "18:30", "America/Los_Angeles"),
  endsAt: wallTime(3, "20:30", "America/Los_Angeles"),
  tags: ["fediverse"],
});
const farAway = remoteEvent(barcelona, {
  title: "Festa llunyana",
  startsAt: Temporal.PlainDateTime.from(`${laterMonth.toString()}-10T19:00`).toZonedDateTime(PARIS).toInstant().toString(),
  tags: ["lluny"],
});
const longAddresses = remoteProject(barcelona, {
  title: "Xarxa d'horts",
  summary: "Horts connectats entre cantines",
  contact: "coordinacio.general.de.la.xarxa.dhorts.urbans@associacio-dhorts-urbans-de-barcelona.example.org",
  links: [
    {
      name: "https://www.associacio-dhorts-urbans-de-barcelona.example.org/documents/pla-estrategic-2027-definitiu.pdf",
      url: "https://www.associacio-dhorts-urbans-de-barcelona.example.org/documents/pla-estrategic-2027-definitiu.pdf",
    },
  ],
});

/** How a day or month reads as a heading: Intl's words, only the first letter capitalised. */
function heading(text: string, locale: string): string {
  return text.charAt(0).toLocaleUpperCase(locale) + text.slice(1);
}
const intl = { fr: "fr-FR", es: "es-ES", pt: "pt-BR", en: "en-GB" } as const;

/** What fits a phone: nothing wider than the screen. */
const scrollsSideways = (page: Page) => page.evaluate(() => document.scrollingElement!.scrollWidth > document.scrollingElement!.clientWidth);

describe("rough edges a new user meets", () => {
  let node: NodeProcess;
  let fresh: NodeProcess;
  let browser: TestBrowser;
  let series: { id: string; occurrences: { id: string }[] };

  beforeAll(async () => {
    [node, fresh, browser] = await startTogether(
      startSeededNode({ cantines: [barcelona, sanFrancisco], events: [workshop, meetup, farAway], projects: [longAddresses] }),
      startSeededNode({}),
      launchBrowser(),
    );
    const token = await issueToken(node);
    const start = Temporal.Now.plainDateISO(PARIS).add({ days: 1 });
    const created = await api(node, "POST", "/api/admin/events", token, {
      title: "Apéro hebdo",
      startsAt: `${start}T19:00`,
      recurrence: "FREQ=WEEKLY;COUNT=2",
      tags: ["apero"],
    });
    expect(created.status).toBe(201);
    series = created.body.series;
  }, 60_000);
  afterAll(async () => {
    await Promise.all([browser?.close(), node?.stop(), fresh?.stop()]);
    for (const n of [node, fresh]) if (n) removeWorkDir(dirname(n.configFile));
  });

  it.each(["fr", "es", "pt", "en"] as const)("writes day and month headings in %s with only their first letter capitalised", async (lang) => {
    const page = await browser.newPage();
    await page.goto(`${node.origin}/?lang=${lang}`);
    const days = page.locator(".day h2");
    expect(await days.count()).toBeGreaterThanOrEqual(3);
    for (let i = 0; i < 3; i++) {
      const day = (await days.nth(i).locator("time").getAttribute("datetime"))!;
      const words = new Intl.DateTimeFormat(intl[lang], { dateStyle: "full", timeZone: "UTC" }).format(new Date(`${day}T12:00:00Z`));
      // innerText is the text as shown, after any CSS text-transform.
      expect(await days.nth(i).innerText()).toBe(heading(words, intl[lang]));
    }
    if (lang === "fr") {
      await screenshot(page, "rough-edges-headings-fr-desktop");
      await page.setViewportSize(PHONE);
      await screenshot(page, "rough-edges-headings-fr-phone");
    }
    await page.goto(`${node.origin}/month?lang=${lang}&month=${thisMonth}`);
    const month = new Intl.DateTimeFormat(intl[lang], { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${thisMonth}-15T12:00:00Z`));
    expect(await page.locator("#month-title").innerText()).toBe(heading(month, intl[lang]));
    if (lang !== "en") expect(month.charAt(0)).toBe(month.charAt(0).toLocaleLowerCase(intl[lang])); // the case that was wrong
    await page.close();
  });

  it("wraps long e-mail addresses and URLs instead of scrolling sideways on a phone", async () => {
    const page = await browser.newPage();
    await page.goto(`${node.origin}/projects/${longAddresses.id}?lang=en`);
    expect(await page.locator(".facts").textContent()).toContain(longAddresses.contact);
    await screenshot(page, "rough-edges-project-desktop");
    await page.setViewportSize(PHONE);
    expect(await scrollsSideways(page)).toBe(false);
    await screenshot(page, "rough-edges-project-phone");
    await page.goto(`${node.origin}/events/${workshop.id}?lang=en`);
    expect(await scrollsSideways(page)).toBe(false);
    await page.goto(`${node.origin}/tags/fediverse?lang=en`);
    expect(await scrollsSideways(page)).toBe(false);
    await page.close();
  });

  it("says an empty month is empty and links to the next month that has events", async () => {
    const page = await browser.newPage();
    await page.goto(`${node.origin}/month?lang=en&month=${emptyMonth}`);
    expect(await page.locator("main p.empty").innerText()).toMatch(/^No event this month\. Next events: .+ →$/);
    const next = page.locator("a.next-events");
    expect(await next.getAttribute("href")).toContain(`month=${laterMonth}`);
    await screenshot(page, "rough-edges-month-empty-desktop");
    await page.setViewportSize(PHONE);
    expect(await scrollsSideways(page)).toBe(false);
    await screenshot(page, "rough-edges-month-empty-phone");
    await Promise.all([page.waitForURL(new RegExp(`month=${laterMonth}`)), next.click()]);
    expect(await page.locator("table.month td li a").allTextContents()).toEqual([expect.stringContaining(farAway.title)]);
    // Filters are kept: no later event has this tag, so there is no link.
    await page.goto(`${node.origin}/month?lang=en&month=${emptyMonth}&tag=opendata`);
    expect(await page.locator("main p.empty").innerText()).toBe("No event this month.");
    await page.close();
  });

  it("tells a new node's visitors and operator that there are no events yet, and a filtered programme that nothing matches", async () => {
    const page = await browser.newPage();
    await page.goto(`${fresh.origin}/?lang=en`);
    expect(await page.locator("main div.empty strong").innerText()).toBe("No events yet.");
    expect(await page.locator("main div.empty .hint code").allTextContents()).toEqual(["cantine event add", "cantine follow"]);
    await screenshot(page, "rough-edges-new-node-desktop");
    await page.setViewportSize(PHONE);
    await screenshot(page, "rough-edges-new-node-phone");
    for (const [lang, text] of [
      ["fr", "Aucun événement pour l’instant."],
      ["es", "Todavía no hay eventos."],
      ["pt", "Ainda não há eventos."],
    ]) {
      await page.goto(`${fresh.origin}/?lang=${lang}`);
      expect(await page.locator("main div.empty strong").innerText()).toBe(text);
    }
    await page.goto(`${fresh.origin}/month?lang=en`);
    expect(await page.locator("main div.empty strong").innerText()).toBe("No events yet.");
    await page.goto(`${node.origin}/?lang=en&q=nothing-like-this`);
    expect(await page.locator("main p.empty").innerText()).toBe("No upcoming event matches.");
    await page.close();
  });

  it("answers hashtag links with the tag's programme and its feeds", async () => {
    const page = await browser.newPage();
    await page.goto(`${node.origin}/?lang=en`);
    await Promise.all([page.waitForURL(/\/tags\/fediverse$/), page.locator(".event-card .tags a", { hasText: "#fediverse" }).first().click()]);
    expect(await page.locator("h1").innerText()).toBe("#fediverse");
    expect(await page.locator(".day .event-card h3").allTextContents()).toEqual([workshop.title, meetup.title]);
    const host = new URL(node.origin).host;
    expect(await page.locator(`a[href="webcal://${host}/tags/fediverse/calendar.ics"]`).innerText()).toBe("Subscribe: Events tagged #fediverse");
    expect(await page.locator('main a[href="/tags/fediverse/calendar.ics"]').count()).toBe(1);
    expect(await page.locator('main a[href="/feeds/events.atom?tag=fediverse"]').count()).toBe(1);
    await screenshot(page, "rough-edges-tag-desktop");
    await page.setViewportSize(PHONE);
    await screenshot(page, "rough-edges-tag-phone");

    const feed = await fetch(`${node.origin}/tags/fediverse/calendar.ics`);
    expect(feed.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    const ics = await feed.text();
    for (const event of [workshop, meetup]) expect(ics).toContain(`SUMMARY:${event.title}`);
    expect(ics).not.toContain(farAway.title);

    expect((await page.goto(`${node.origin}/tags/nobody-uses-this?lang=en`))?.status()).toBe(404); // not a tag: a hyphen
    expect((await page.goto(`${node.origin}/tags/nobodyusesthis?lang=en`))?.status()).toBe(200);
    expect(await page.locator("main p.empty").innerText()).toBe("No upcoming event has this tag.");
    await page.close();
  });

  it("announces its Atom and iCalendar feeds in <head>, and every one of them answers", async () => {
    const page = await browser.newPage();
    const alternates = () => page.locator('link[rel="alternate"]').evaluateAll((links) => links.map((l) => [l.getAttribute("type"), l.getAttribute("href")]));
    const expectations: [string, [string, string][]][] = [
      [
        "/",
        [
          ["application/atom+xml", "/feeds/events.atom"],
          ["text/calendar", "/calendar.ics"],
        ],
      ],
      [
        "/?city=Barcelona",
        [
          ["application/atom+xml", "/feeds/events.atom?city=Barcelona"],
          ["text/calendar", "/cities/Barcelona/calendar.ics"],
        ],
      ],
      [
        "/month?tag=opendata",
        [
          ["application/atom+xml", "/feeds/events.atom?tag=opendata"],
          ["text/calendar", "/calendar.ics?tag=opendata"],
        ],
      ],
      [
        "/tags/fediverse",
        [
          ["application/atom+xml", "/feeds/events.atom?tag=fediverse"],
          ["text/calendar", "/tags/fediverse/calendar.ics"],
        ],
      ],
      ["/projects", [["application/atom+xml", "/feeds/projects.atom"]]],
      [
        "/users/paris",
        [
          ["application/activity+json", `${node.origin}/users/paris`],
          ["text/calendar", `/cantines/paris%40${encodeURIComponent(new URL(node.origin).host)}/calendar.ics`],
        ],
      ],
    ];
    for (const [path, feeds] of expectations) {
      await page.goto(`${node.origin}${path}`);
      expect([path, (await alternates()).sort()]).toEqual([path, [...feeds].sort()]);
      for (const [type, href] of feeds) {
        const response = await fetch(new URL(href, node.origin), { headers: { Accept: type } });
        expect([href, response.status, response.headers.get("content-type")?.split(";")[0]]).toEqual([href, 200, type]);
      }
    }
    await page.goto(`${node.origin}/?lang=en`);
    expect(await page.locator('.subscribe a[href="/feeds/events.atom"]').innerText()).toBe("Atom feed");
    await page.close();
  });

  it("offers the browser's own time zone with a script served by the node, and works without it", async () => {
    const page = await browser.newPage();
    await page.goto(`${node.origin}/?lang=en`);
    // The browser is in Paris, like the node: nothing to offer (deferred scripts have run by "load").
    await page.waitForLoadState("load");
    expect(await page.locator("#tz-suggest").isHidden()).toBe(true);

    // Scripts: only the node's own file, none inline; the policy allows exactly that.
    const scripts = await page
      .locator("script")
      .evaluateAll((all) => all.map((s) => [s.getAttribute("type"), s.getAttribute("src"), s.textContent?.length ? "inline" : "empty"]));
    expect(scripts.filter(([type]) => type !== "application/ld+json")).toEqual([[null, "/assets/tz.js", "empty"]]);
    await page.close();
    const response = await fetch(`${node.origin}/?lang=en`);
    expect(response.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(response.headers.get("content-security-policy")).not.toContain("unsafe-inline");
    const asset = await fetch(`${node.origin}/assets/tz.js`);
    expect([asset.status, asset.headers.get("content-type")]).toEqual([200, "text/javascript; charset=utf-8"]);

    const berlin = await launchBrowser({ locale: "en-GB", timezoneId: "Europe/Berlin" });
    try {
      const visitor = await berlin.newPage();
      await visitor.goto(`${node.origin}/?lang=en`);
      const offer = visitor.locator("#tz-suggest a");
      await offer.waitFor({ state: "visible" });
      expect(await offer.innerText()).toBe("Show times in Europe/Berlin");
      await screenshot(visitor, "rough-edges-zone-offer");
      await Promise.all([visitor.waitForURL(/tz=Europe%2FBerlin/), offer.click()]);
      expect(await visitor.locator(".count").innerText()).toContain("Days and times in Europe/Berlin");
      // Chosen (and remembered): not offered again.
      await visitor.goto(`${node.origin}/?lang=en`);
      expect(await visitor.locator("#tz-suggest").count()).toBe(0);
      await berlin.context.clearCookies();

      // Without JavaScript the offer stays hidden and the zone form still works.
      const plain = await berlin.newPage();
      await (await berlin.context.newCDPSession(plain)).send("Emulation.setScriptExecutionDisabled", { value: true });
      await plain.goto(`${node.origin}/?lang=en`);
      await plain.waitForLoadState("load");
      expect(await plain.locator("#tz-suggest").isHidden()).toBe(true);
      await plain.selectOption("#tz-select", "America/New_York");
      await Promise.all([plain.waitForURL(/tz=America%2FNew_York/), plain.locator("#tz button").click()]);
      expect(await plain.locator(".count").innerText()).toContain("America/New York");
    } finally {
      await berlin.close();
    }
  });

  it("sends a series' address (its UID in the feeds) to its next occurrence", async () => {
    const response = await fetch(`${node.origin}/series/${series.id}`, { redirect: "manual" });
    expect([response.status, response.headers.get("location")]).toEqual([303, `/events/${series.occurrences[0]!.id}`]);
    expect((await fetch(`${node.origin}/series/no-such-series`, { headers: { Accept: "text/html" } })).status).toBe(404);
  });
});
