import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { TestBrowser } from "../helpers/browser.ts";
import { launchBrowser, screenshot } from "../helpers/browser.ts";
import { instantOf, weekdayFromToday } from "../helpers/dates.ts";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir } from "../helpers/node-process.ts";
import { startTogether } from "../helpers/start.ts";
import { dateInWords } from "./date-words.ts";
import { barcelona, remoteEvent, startSeededNode } from "./seed.ts";

// A Tuesday to come, 19:00 to 21:00 in Madrid, written out in each language.
const MADRID = "Europe/Madrid";
const tuesday = weekdayFromToday(2, 7, MADRID);
const event = remoteEvent(barcelona, {
  title: "Taller de datos abiertos",
  startsAt: instantOf(`${tuesday}T19:00`, MADRID),
  endsAt: instantOf(`${tuesday}T21:00`, MADRID),
  language: "es",
});
const [en, fr, es, pt] = [dateInWords(tuesday, "en"), dateInWords(tuesday, "fr"), dateInWords(tuesday, "es"), dateInWords(tuesday, "pt")];

const expected = {
  fr: { menu: "Programme", zoneLabel: "Votre fuseau horaire", when: `mardi ${fr.day} ${fr.month} ${fr.year}, 19:00 – 21:00`, follow: "Suivre depuis Mastodon" },
  en: { menu: "Programme", zoneLabel: "Your time zone", when: `Tuesday, ${en.day} ${en.month} ${en.year}, 19:00–21:00`, follow: "Follow from Mastodon" },
  es: { menu: "Programa", zoneLabel: "Tu zona horaria", when: `martes, ${es.day} de ${es.month} de ${es.year}, 19:00–21:00`, follow: "Seguir desde Mastodon" },
  pt: {
    menu: "Programação",
    zoneLabel: "Seu fuso horário",
    when: `terça-feira, ${pt.day} de ${pt.month} de ${pt.year} 19:00 – 21:00`,
    follow: "Seguir pelo Mastodon",
  },
} as const;
const names = { fr: "Français", en: "English", es: "Español", pt: "Português" } as const;

describe("the interface in French, English, Spanish and Portuguese", () => {
  let node: NodeProcess;
  let browser: TestBrowser;

  beforeAll(async () => {
    // The browser asks for Portuguese first; the node's own language is French.
    [node, browser] = await startTogether(
      startSeededNode({ cantines: [barcelona], events: [event] }),
      launchBrowser({ locale: "pt-BR", timezoneId: "America/Sao_Paulo" }),
    );
  }, 60_000);
  afterAll(async () => {
    await Promise.all([browser?.close(), node?.stop()]);
    if (node) removeWorkDir(dirname(node.configFile));
  });

  it("follows Accept-Language at first visit", async () => {
    const page = await browser.newPage();
    await page.goto(`${node.origin}/`);
    expect(await page.getAttribute("html", "lang")).toBe("pt");
    expect(await page.locator("h1").textContent()).toBe("Programação mundial");
    await page.close();
  });

  it("switches with the language menu, changes labels and date formats, and remembers the choice", async () => {
    const page = await browser.newPage();
    await page.goto(`${node.origin}/events/${event.id}`);
    for (const locale of ["fr", "en", "es", "pt"] as const) {
      await Promise.all([page.waitForURL(new RegExp(`lang=${locale}`)), page.getByRole("link", { name: names[locale], exact: true }).click()]);
      expect(await page.getAttribute("html", "lang")).toBe(locale);
      expect(await page.locator("nav.menu a").first().textContent()).toBe(expected[locale].menu);
      expect(await page.locator("label[for='tz-select']").textContent()).toBe(expected[locale].zoneLabel);
      expect((await page.locator(".event-time").textContent())?.replace(/\s/g, " ")).toBe(expected[locale].when.replace(/\s/g, " "));
      expect(await page.locator("a[href='/follow']").textContent()).toBe(expected[locale].follow);
      // The event keeps its own language for assistive technology.
      expect(await page.locator("article.event").getAttribute("lang")).toBe(locale === "es" ? null : "es");
      if (locale === "es") await screenshot(page, "event-es");

      // Remembered: a page without ?lang= stays in the chosen language.
      await page.goto(`${node.origin}/network`);
      expect(await page.getAttribute("html", "lang")).toBe(locale);
      await page.goto(`${node.origin}/events/${event.id}`);
    }
    await page.close();
  });
});
