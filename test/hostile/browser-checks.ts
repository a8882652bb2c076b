// Loading pages in Chromium the way the hostile corpus judges them: the node's own
// Content-Security-Policy is recorded and then removed, so that the markup alone must keep every
// script from running; nothing leaves the machine; dialogs, errors and console messages are kept.

import type { Page } from "playwright-core";
import type { TestBrowser } from "../helpers/browser.ts";

export type Visit = { page: Page; status: number | undefined; csp: string; noise: string[] };

/** A new tab whose requests to `origin` are answered without CSP, and to anywhere else with an empty 204. */
async function openTab(browser: TestBrowser, origin: string): Promise<{ page: Page; noise: string[]; csp: string[] }> {
  const page = await browser.newPage();
  const noise: string[] = [];
  // The policy of each document navigated to, in order.
  const csp: string[] = [];
  page.on("dialog", async (dialog) => {
    noise.push(`dialog: ${dialog.message()}`);
    await dialog.dismiss();
  });
  page.on("pageerror", (error) => noise.push(`error: ${error.message}`));
  page.on("console", (message) => noise.push(`console ${message.type()}: ${message.text()}`));
  await page.route("**/*", async (route) => {
    const url = route.request().url();
    if (!url.startsWith(`${origin}/`)) return route.fulfill({ status: 204, body: "" });
    // Playwright reuses connections the node may be closing (keep-alive timeout): try twice. A
    // late request of a tab being closed (its icon) may fail for good: nothing waits for it.
    const response = await route
      .fetch({ maxRedirects: 0 })
      .catch(() => route.fetch({ maxRedirects: 0 }))
      .catch(() => null);
    if (response === null) return route.abort().catch(() => {});
    const headers = response.headers();
    if (route.request().isNavigationRequest()) csp.push(headers["content-security-policy"] ?? "");
    delete headers["content-security-policy"];
    await route.fulfill({ response, headers }).catch(() => {});
  });
  return { page, noise, csp };
}

/** Loads `url`, moves the mouse over the page and tabs through it: a handler that survived would fire. */
export async function visit(browser: TestBrowser, origin: string, url: string): Promise<Visit> {
  const { page, noise, csp } = await openTab(browser, origin);
  const response = await page.goto(url);
  await exercise(page);
  const status = response?.status();
  // Chromium reports a page answered with 404 as a resource that failed to load: that is no noise.
  const expected = status === 404 ? noise.filter((n) => !/^console error: Failed to load resource: .* 404/.test(n)) : noise;
  return { page, status, csp: csp.at(-1) ?? "", noise: expected };
}

/** Renders an HTML fragment (an Atom entry's content, as a feed reader would) in a blank tab. */
export async function render(browser: TestBrowser, origin: string, fragment: string): Promise<Visit> {
  const { page, noise } = await openTab(browser, origin);
  await page.setContent(`<!doctype html><html><head><title>entry</title></head><body>${fragment}</body></html>`);
  await exercise(page);
  return { page, status: 200, csp: "", noise };
}

async function exercise(page: Page): Promise<void> {
  const { width, height } = page.viewportSize() ?? { width: 1280, height: 900 };
  for (let y = 40; y < height; y += 200) for (let x = 40; x < width; x += 300) await page.mouse.move(x, y);
  for (let i = 0; i < 8; i++) await page.keyboard.press("Tab");
  // A frame painted after all that: whatever it triggered has been reported.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
}

/**
 * What must not be in a rendered page: scripts other than JSON-LD data and the node's own
 * /assets/ files, event-handler attributes, script or data URLs (bar inline PNG placeholders),
 * inline styles, and elements that embed or restyle (iframe, svg, object, base…).
 */
export function dangerousMarkup(page: Page) {
  return page.evaluate(() => {
    const own = (s: HTMLScriptElement) =>
      s.src !== "" && new URL(s.src).origin === location.origin && new URL(s.src).pathname.startsWith("/assets/") && s.textContent?.trim() === "";
    const all = [...document.querySelectorAll("*")];
    const urlAttributes = ["href", "src", "action", "formaction", "xlink:href", "data", "poster", "background", "srcdoc", "ping"];
    return {
      scripts: [...document.querySelectorAll("script")].filter((s) => s.type !== "application/ld+json" && !own(s)).map((s) => s.outerHTML.slice(0, 120)),
      handlers: all.flatMap((el) => [...el.attributes].filter((a) => a.name.toLowerCase().startsWith("on")).map((a) => `${el.tagName} ${a.name}`)),
      scriptUrls: all.flatMap((el) =>
        urlAttributes
          .map((name) => el.getAttribute(name) ?? "")
          .filter(
            (value) => /^\s*(javascript|vbscript|data):/i.test(value) && !(el.tagName === "IMG" && /^data:image\/(png|gif|jpeg|webp);base64,/.test(value)),
          )
          .map((value) => `${el.tagName} ${value.slice(0, 80)}`),
      ),
      embedded: [...document.querySelectorAll("[style], style, iframe, frame, svg, math, object, embed, applet, base, meta[http-equiv]")].map(
        (el) => el.tagName,
      ),
      dataParses: [...document.querySelectorAll('script[type="application/ld+json"]')].every((s) => {
        try {
          JSON.parse(s.textContent ?? "");
          return true;
        } catch {
          return false;
        }
      }),
    };
  });
}

export const SAFE = { scripts: [], handlers: [], scriptUrls: [], embedded: [], dataParses: true };
