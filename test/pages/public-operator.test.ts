import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { acceptInvitation, inviteOperator } from "../helpers/admin.ts";
import type { TestBrowser } from "../helpers/browser.ts";
import { launchBrowser, PHONE, screenshot } from "../helpers/browser.ts";
import { dateFromToday, instantOf, wallTime } from "../helpers/dates.ts";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir } from "../helpers/node-process.ts";
import { api, issueToken } from "../helpers/operator.ts";
import { startTogether } from "../helpers/start.ts";
import { barcelona, remoteEvent, sanFrancisco, saoPaulo, startSeededNode } from "./seed.ts";

// The public pages as the cantine's team sees them: a discreet way in for visitors, and once
// signed in, "Edit" on the node's own events — never shown to the next visitor.

const bcnWorkshop = remoteEvent(barcelona, { title: "Taller de datos abiertos", startsAt: wallTime(2, "19:00", "Europe/Madrid"), language: "es" });
const sfMeetup = remoteEvent(sanFrancisco, { title: "Fediverse meetup", startsAt: wallTime(3, "18:30", "America/Los_Angeles") });

// Three cities on one day, well inside one month in Paris: the month grid colours them.
const COLOUR_DAY = 45;
const colourDate = dateFromToday(COLOUR_DAY);
const colourMonth = colourDate.slice(0, 7);
const inColour = [
  remoteEvent(barcelona, { title: "Sopar de cantines", startsAt: instantOf(`${colourDate}T20:00`, "Europe/Madrid") }),
  remoteEvent(sanFrancisco, { title: "Morning hack", startsAt: instantOf(`${colourDate}T08:00`, "America/Los_Angeles") }),
  remoteEvent(saoPaulo, { title: "Roda de conversa", startsAt: instantOf(`${colourDate}T10:00`, "America/Sao_Paulo") }),
];

const signInWords = { fr: "Se connecter", en: "Sign in", es: "Iniciar sesión", pt: "Entrar" } as const;
const LANGS = Object.keys(signInWords) as (keyof typeof signInWords)[];

describe("public pages for visitors and for the cantine's operators", () => {
  let node: NodeProcess;
  let browser: TestBrowser;
  let localId: string;
  let series: { id: string; occurrences: { id: string }[] };

  beforeAll(async () => {
    [node, browser] = await startTogether(
      startSeededNode({ cantines: [barcelona, sanFrancisco, saoPaulo], events: [bcnWorkshop, sfMeetup, ...inColour] }),
      launchBrowser(),
    );
    const token = await issueToken(node);
    const created = await api(node, "POST", "/api/admin/events", token, {
      title: "Apéro des cantines",
      startsAt: wallTime(1, "19:00", "Europe/Paris"),
      timezone: "Europe/Paris",
      location: { name: "La Cantine" },
    });
    expect(created.status).toBe(201);
    localId = created.body.id;
    const weekly = await api(node, "POST", "/api/admin/events", token, {
      title: "Mardis du code",
      startsAt: `${dateFromToday(5)}T19:00`,
      endsAt: `${dateFromToday(5)}T21:00`,
      timezone: "Europe/Paris",
      recurrence: "FREQ=WEEKLY;COUNT=4",
    });
    expect(weekly.status).toBe(201);
    series = weekly.body.series;
  }, 60_000);
  afterAll(async () => {
    await Promise.all([browser?.close(), node?.stop()]);
    if (node) removeWorkDir(dirname(node.configFile));
  });

  const visitorPage = async (path: string) => {
    const response = await fetch(`${node.origin}${path}`);
    return { response, body: await response.text() };
  };

  it.each(LANGS)("shows visitors a discreet Sign in link to the admin in %s, and no Edit", async (lang) => {
    for (const path of [`/?lang=${lang}`, `/month?lang=${lang}`, `/events/${encodeURIComponent(bcnWorkshop.id)}?lang=${lang}`]) {
      const { response, body } = await visitorPage(path);
      expect(response.status).toBe(200);
      expect(body).toContain(`<html lang="${lang}"`);
      expect(body).toContain(`<a href="/admin" rel="nofollow">${signInWords[lang]}</a>`);
      expect(body).not.toContain('/edit"');
      expect(body).not.toContain("/admin/sign-out");
      expect(response.headers.get("cache-control")).toBe("private, no-cache");
    }
  });

  it("shows a signed-in operator Edit on the node's own events only, and the next visitor none of it", async () => {
    // A visitor first, so that the home page is in the cache when the operator comes.
    expect((await visitorPage("/?lang=en")).body).toContain(">Sign in</a>");
    const page = await browser.newPage();
    await acceptInvitation(page, await inviteOperator(node, "Ana", "editor"));

    const home = await page.goto(`${node.origin}/?lang=en`);
    expect(home?.headers()["cache-control"]).toBe("private, no-store");
    const edit = `/admin/events/${encodeURIComponent(localId)}/edit`;
    const own = page.locator(".event-card", { hasText: "Apéro des cantines" });
    expect(await own.locator(".edit a").getAttribute("href")).toBe(edit);
    expect(await page.locator(".event-card", { hasText: bcnWorkshop.title }).locator(".edit").count()).toBe(0);
    expect(await page.locator(".event-card", { hasText: sfMeetup.title }).locator(".edit").count()).toBe(0);
    expect(await page.locator("footer .operator").innerText()).toContain("Ana");
    expect(await page.locator("footer .operator a[href='/admin']").innerText()).toBe("Admin");
    expect(await page.locator("footer .operator button[type=submit]").innerText()).toBe("Sign out");
    expect(await page.locator("footer a[href='/admin'][rel=nofollow]").count()).toBe(0);

    // The event pages: Edit on ours, not on a remote one.
    await page.goto(`${node.origin}/events/${encodeURIComponent(localId)}?lang=en`);
    expect(await page.locator("article.event .edit a").getAttribute("href")).toBe(edit);
    await page.goto(`${node.origin}/events/${encodeURIComponent(bcnWorkshop.id)}?lang=en`);
    expect(await page.locator("article.event h1").innerText()).toBe(bcnWorkshop.title);
    expect(await page.locator(".edit").count()).toBe(0);

    // A visitor right after: the operator's page was neither served nor kept for them.
    for (const path of ["/?lang=en", `/events/${encodeURIComponent(localId)}?lang=en`]) {
      const { response, body } = await visitorPage(path);
      expect(body).toContain("Apéro des cantines");
      expect(body).not.toContain(edit);
      expect(body).not.toContain("operator-name");
      expect(body).toContain(">Sign in</a>");
      expect(response.headers.get("cache-control")).toBe("private, no-cache");
    }

    // Edit leads to the admin's form; Sign out from a public page ends the session.
    await page.goto(`${node.origin}/?lang=en`);
    await Promise.all([page.waitForURL(new RegExp(`${edit}$`)), own.locator(".edit a").click()]);
    expect(await page.locator("#f-title").inputValue()).toBe("Apéro des cantines");
    await page.goto(`${node.origin}/?lang=en`);
    await Promise.all([page.waitForURL(/\/admin\/sign-in$/), page.locator("footer .operator button[type=submit]").click()]);
    await page.goto(`${node.origin}/?lang=en`);
    expect(await page.locator("footer a[href='/admin']").innerText()).toBe("Sign in");
    expect(await page.locator(".edit").count()).toBe(0);
    await page.close();
  });

  it("colours each city in the month grid, with a legend, by classes and with readable text", async () => {
    const page = await browser.newPage();
    await page.goto(`${node.origin}/month?lang=en&month=${colourMonth}`);
    const cityClass = async (title: string) => {
      const classes = (await page.locator(".month li", { hasText: title }).getAttribute("class")) ?? "";
      return classes.split(" ").find((name) => /^city-\d$/.test(name));
    };
    const classes = {
      Barcelona: await cityClass("Sopar de cantines"),
      "San Francisco": await cityClass("Morning hack"),
      "São Paulo": await cityClass("Roda de conversa"),
    };
    for (const value of Object.values(classes)) expect(value).toMatch(/^city-\d$/);
    expect(new Set(Object.values(classes)).size).toBe(3);
    // The legend names each city once, in the same colour, and narrows the month to it.
    expect(await page.locator("#legend-title").innerText()).toBe("Cities");
    for (const [city, name] of Object.entries(classes)) {
      const item = page.locator(".city-legend li", { hasText: city });
      expect(await item.getAttribute("class")).toBe(name);
      const href = new URL((await item.locator("a").getAttribute("href"))!, node.origin);
      expect([href.pathname, href.searchParams.get("city"), href.searchParams.get("month")]).toEqual(["/month", city, colourMonth]);
    }
    // The city is said in words too, for those who do not see the colour.
    expect(await page.locator(".month li", { hasText: "Morning hack" }).textContent()).toContain("(San Francisco)");
    // No inline style (the CSP forbids them), and dark text on each tint.
    expect(await page.locator("[style]").count()).toBe(0);
    const ratios = await page.locator(".month li[class*='city-'] a").evaluateAll((links) =>
      links.map((link) => {
        const channel = (v: number) => {
          const c = v / 255;
          return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
        };
        const luminance = (css: string) => {
          const [r, g, b] = css.match(/\d+(\.\d+)?/g)!.map(Number);
          return 0.2126 * channel(r!) + 0.7152 * channel(g!) + 0.0722 * channel(b!);
        };
        const [fg, bg] = [luminance(getComputedStyle(link).color), luminance(getComputedStyle(link.parentElement!).backgroundColor)];
        return (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
      }),
    );
    expect(ratios.length).toBeGreaterThanOrEqual(3);
    for (const ratio of ratios) expect(ratio).toBeGreaterThanOrEqual(4.5);
    await screenshot(page, "month-city-colours-desktop");
    await page.setViewportSize(PHONE);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, "month-city-colours-phone");
    // The same colours in another language and on another visit.
    await page.goto(`${node.origin}/month?lang=pt&month=${colourMonth}`);
    expect(await cityClass("Sopar de cantines")).toBe(classes.Barcelona);
    expect(await cityClass("Roda de conversa")).toBe(classes["São Paulo"]);
    await page.close();
  });

  it("shows a weekly series on the home page as one card with its later dates", async () => {
    expect(series.occurrences).toHaveLength(4);
    const page = await browser.newPage();
    await page.goto(`${node.origin}/?lang=en`);
    const cards = page.locator("main .day .event-card", { hasText: "Mardis du code" });
    expect(await cards.count()).toBe(1);
    expect(await cards.locator("h3 a").getAttribute("href")).toBe(`/events/${encodeURIComponent(series.occurrences[0]!.id)}`);
    const dates = cards.locator(".series-dates");
    expect(await dates.innerText()).toMatch(/^Every week · Also on: /);
    expect(await dates.locator("a").evaluateAll((links) => links.map((link) => link.getAttribute("href")))).toEqual(
      series.occurrences.slice(1).map(({ id }) => `/events/${encodeURIComponent(id)}`),
    );
    // Each date a week after the one before, as the viewer reads it.
    const days = await dates.locator("time").evaluateAll((times) => times.map((time) => time.getAttribute("datetime")!));
    const first = Temporal.PlainDate.from(dateFromToday(5));
    expect(days).toEqual([1, 2, 3].map((weeks) => first.add({ weeks }).toString()));
    const label = new Intl.DateTimeFormat("en-GB", { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" }).format(
      new Date(`${days[0]}T12:00:00Z`),
    );
    expect(await dates.locator("a").first().innerText()).toBe(label);
    await screenshot(page, "home-series-desktop");
    await page.setViewportSize(PHONE);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, "home-series-phone");
    // In French too; a later date's own page is still there.
    await page.goto(`${node.origin}/?lang=fr`);
    expect(await page.locator(".event-card", { hasText: "Mardis du code" }).locator(".series-dates").innerText()).toMatch(/^Chaque semaine · Aussi le\u202f: /);
    await page.locator(".event-card", { hasText: "Mardis du code" }).locator(".series-dates a").last().click();
    await page.waitForURL(new RegExp(`/events/${series.occurrences[3]!.id}$`));
    expect(await page.locator("article.event h1").innerText()).toBe("Mardis du code");
    await page.close();
  });
});
