import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { Page } from "playwright-core";
import { acceptInvitation, inviteOperator } from "../helpers/admin.ts";
import type { TestBrowser } from "../helpers/browser.ts";
import { launchBrowser } from "../helpers/browser.ts";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir, startNodeProcess } from "../helpers/node-process.ts";
import { startTogether } from "../helpers/start.ts";

// The admin speaks the four languages of the public pages: chosen with `?lang=` or from the
// browser's Accept-Language, like the rest of the site.
const expected = {
  fr: {
    signInTitle: "Se connecter à l’admin",
    name: "Nom",
    password: "Mot de passe",
    title: "Titre",
    image: "Image de bannière",
    repeat: "Répétition",
    weekly: "Chaque semaine",
    publish: "Publier",
  },
  en: {
    signInTitle: "Sign in to the admin",
    name: "Name",
    password: "Password",
    title: "Title",
    image: "Banner image",
    repeat: "Repeat",
    weekly: "Every week",
    publish: "Publish",
  },
  es: {
    signInTitle: "Iniciar sesión en la administración",
    name: "Nombre",
    password: "Contraseña",
    title: "Título",
    image: "Imagen de portada",
    repeat: "Repetir",
    weekly: "Cada semana",
    publish: "Publicar",
  },
  pt: {
    signInTitle: "Entrar na administração",
    name: "Nome",
    password: "Senha",
    title: "Título",
    image: "Imagem de capa",
    repeat: "Repetir",
    weekly: "Toda semana",
    publish: "Publicar",
  },
} as const;
const LANGS = Object.keys(expected) as (keyof typeof expected)[];

describe("the web admin in French, English, Spanish and Portuguese", () => {
  let node: NodeProcess;
  let browser: TestBrowser;
  let page: Page;
  const label = async (p: Page, id: string) => ((await p.locator(`label[for=${id}]`).first().textContent()) ?? "").trim();

  beforeAll(async () => {
    [node, browser] = await startTogether(startNodeProcess(), launchBrowser({ locale: "en-GB" }));
    page = await browser.newPage();
    await acceptInvitation(page, await inviteOperator(node, "Ana", "admin"));
  }, 60_000);
  afterAll(async () => {
    await Promise.all([browser?.close(), node?.stop()]);
    if (node) removeWorkDir(dirname(node.configFile));
  });

  it.each(LANGS)("the sign-in page in %s, by ?lang=", async (lang) => {
    // Without the browser's cookies: the browser is signed in, and the sign-in page would send it on.
    const response = await fetch(`${node.origin}/admin/sign-in?lang=${lang}`);
    expect(response.status).toBe(200);
    const body = await response.text();
    const words = expected[lang];
    expect(body).toContain(`<html lang="${lang}"`);
    expect(body).toContain(words.signInTitle);
    expect(body).toMatch(new RegExp(`<label for="f-name">${words.name}`));
    expect(body).toMatch(new RegExp(`<label for="f-password">${words.password}`));
  });

  it.each(LANGS)("the sign-in page in %s, by Accept-Language", async (lang) => {
    const response = await fetch(`${node.origin}/admin/sign-in`, { headers: { "accept-language": `${lang};q=1, de;q=0.5` } });
    const body = await response.text();
    expect(body).toContain(`<html lang="${lang}"`);
    expect(body).toContain(expected[lang].signInTitle);
  });

  it.each(LANGS)("the event form in %s", async (lang) => {
    const response = await page.goto(`${node.origin}/admin/events/new?lang=${lang}`);
    expect(response?.status()).toBe(200);
    const words = expected[lang];
    expect(await page.locator("html").getAttribute("lang")).toBe(lang);
    expect(await label(page, "f-title")).toBe(words.title);
    expect(await label(page, "f-image")).toContain(words.image);
    expect(await label(page, "f-repeat")).toBe(words.repeat);
    expect(await page.locator("#f-repeat option[value=weekly]").textContent()).toBe(words.weekly);
    expect((await page.locator("button[value=save]").textContent())?.trim()).toBe(words.publish);
  });

  it("no English is left in the Spanish and Portuguese forms", async () => {
    for (const lang of ["es", "pt"] as const) {
      await page.goto(`${node.origin}/admin/events/new?lang=${lang}`);
      const text = (await page.locator("main").innerText()).toLowerCase();
      for (const english of ["every week", "banner image", "time zone", "does not repeat", "description of the image", "publish"])
        expect(text).not.toContain(english);
    }
  });
});
