import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { chromium } from "playwright-core";

/** Debian's Chromium: Playwright cannot download its own browsers here. */
const CHROMIUM = "/usr/bin/chromium";
const screenshotDir = new URL("../../test-artifacts/screenshots/", import.meta.url).pathname;

export const DESKTOP = { width: 1280, height: 900 } as const;
export const PHONE = { width: 390, height: 844 } as const;

export type TestBrowser = {
  context: BrowserContext;
  /** A new tab at the given viewport (desktop by default). */
  newPage(viewport?: { width: number; height: number }): Promise<Page>;
  close(): Promise<void>;
};

/**
 * A headless Chromium with a fresh profile folder. A missing browser fails the test with the
 * command that installs it: the page tests are part of the suite, not optional.
 */
export async function launchBrowser(options: { locale?: string; timezoneId?: string } = {}): Promise<TestBrowser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium is missing at ${CHROMIUM}: the browser tests need it. Install it with: apt-get update && apt-get install -y chromium`);
  }
  const profile = mkdtempSync(join(tmpdir(), "cantine-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: DESKTOP,
    locale: options.locale ?? "en-GB",
    timezoneId: options.timezoneId ?? "Europe/Paris",
  });
  // The first tab is opened by Chromium itself; tests open their own.
  await Promise.all(context.pages().map((page) => page.close()));
  return {
    context,
    async newPage(viewport = DESKTOP) {
      const page = await context.newPage();
      await page.setViewportSize(viewport);
      return page;
    },
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Saves a full-page screenshot under test-artifacts/screenshots/ (gitignored), for people to look at. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const path = join(screenshotDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

/**
 * Answers every request to `origin` inside the browser and records its URL, so nothing leaves the
 * machine. `page.route()` cannot do this for us: Playwright never routes the hops of a redirect
 * (microsoft/playwright#3993), and the Mastodon forms answer with a 303. Chromium's own Fetch
 * interception (CDP) sees every hop.
 */
export async function interceptOrigin(page: Page, origin: string): Promise<string[]> {
  const seen: string[] = [];
  const cdp = await page.context().newCDPSession(page);
  cdp.on("Fetch.requestPaused", (event) => {
    seen.push(event.request.url);
    const body = Buffer.from("<!doctype html><title>Remote server</title><h1>Intercepted</h1>").toString("base64");
    // The page may close while a late request (its favicon) is paused: nothing to answer then.
    cdp
      .send("Fetch.fulfillRequest", { requestId: event.requestId, responseCode: 200, responseHeaders: [{ name: "Content-Type", value: "text/html" }], body })
      .catch(() => {});
  });
  await cdp.send("Fetch.enable", { patterns: [{ urlPattern: `${new URL(origin).origin}/*`, requestStage: "Request" }] });
  return seen;
}
