import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { Page } from "playwright-core";
import type { TestBrowser } from "../helpers/browser.ts";
import { launchBrowser, screenshot } from "../helpers/browser.ts";
import { wallTime } from "../helpers/dates.ts";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir } from "../helpers/node-process.ts";
import { startTogether } from "../helpers/start.ts";
import { remoteCantine, remoteEvent, remoteProject, startSeededNode } from "./seed.ts";

// What a hostile or broken peer could get stored. Ingest sanitises descriptionHtml; here it is
// stored raw on purpose, to prove that the pages escape and re-sanitise on their own.
const evil = {
  ...remoteCantine("evil", `</title><script>alert("name")</script>`, `<img src=x onerror=alert("city")>`, "XX", "Europe/Paris"),
  url: "javascript:alert('url')",
};
const title = "<img src=x onerror=alert(1)>";
const hostile = remoteEvent(evil, {
  title,
  startsAt: wallTime(1, "20:00", "Europe/Paris"),
  endsAt: wallTime(1, "22:00", "Europe/Paris"),
  organizer: `"><script>alert(2)</script>`,
  location: { name: `<b onmouseover=alert(3)>Room</b>`, address: `"><svg onload=alert(4)>`, url: "javascript:alert(5)" },
  descriptionHtml:
    `<p>Hello</p><script>alert(6)</script><img src=x onerror=alert(7)><a href="javascript:alert(8)">click</a>` +
    `<style>body{display:none}</style><div style="position:fixed;inset:0;background:red">overlay</div><iframe src="javascript:alert(9)"></iframe>`,
  tags: [`<svg/onload=alert(10)>`],
  image: { url: "javascript:alert(11)", alt: `" onerror="alert(12)` },
  registrationUrl: "javascript:alert(13)",
  language: `en"><script>alert(14)</script>`,
});
const hostileProject = remoteProject(evil, {
  title: `<script>alert(15)</script>`,
  summary: `<img src=x onerror=alert(16)>`,
  contact: "javascript:alert(17)",
  links: [{ name: "<b>x</b>", url: "javascript:alert(18)" }],
  descriptionHtml: "<script>alert(19)</script><p>ok</p>",
});

/** Loads a page and returns every dialog and console message it produced. */
async function visit(page: Page, url: string): Promise<string[]> {
  const noise: string[] = [];
  page.on("dialog", async (dialog) => {
    noise.push(`dialog: ${dialog.message()}`);
    await dialog.dismiss();
  });
  page.on("console", (message) => noise.push(`console ${message.type()}: ${message.text()}`));
  page.on("pageerror", (error) => noise.push(`error: ${error.message}`));
  const response = await page.goto(url);
  expect(response?.status()).toBe(200);
  await page.mouse.move(200, 300); // would fire a mouseover handler, had one survived
  // A frame painted after the move: the page has handled it, and anything it reported came first.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => resolve(null))));
  return noise;
}

/** Script elements other than our JSON-LD data and our own /assets/tz.js, event-handler attributes, script URLs, inline styles. */
function dangerousMarkup(page: Page) {
  return page.evaluate(() => ({
    scripts: [...document.querySelectorAll("script")].filter(
      (s) => s.type !== "application/ld+json" && !(s.getAttribute("src") === "/assets/tz.js" && !s.textContent),
    ).length,
    handlers: [...document.querySelectorAll("*")].flatMap((el) =>
      [...el.attributes].filter((a) => a.name.startsWith("on")).map((a) => `${el.tagName} ${a.name}`),
    ),
    scriptUrls: [...document.querySelectorAll("[href], [src], [action]")]
      .map((el) => el.getAttribute("href") ?? el.getAttribute("src") ?? el.getAttribute("action") ?? "")
      .filter((u) => /^\s*(javascript|data|vbscript):/i.test(u)),
    styled: document.querySelectorAll("[style], style, iframe, svg, object, embed").length,
  }));
}

describe("a hostile remote event renders harmless", () => {
  let node: NodeProcess;
  let browser: TestBrowser;

  beforeAll(async () => {
    [node, browser] = await startTogether(startSeededNode({ cantines: [evil], events: [hostile], projects: [hostileProject] }), launchBrowser());
  }, 60_000);
  afterAll(async () => {
    await Promise.all([browser?.close(), node?.stop()]);
    if (node) removeWorkDir(dirname(node.configFile));
  });

  it("sends a Content-Security-Policy that allows no inline script, only the node's own files", async () => {
    const response = await fetch(`${node.origin}/events/${hostile.id}`, { headers: { Accept: "text/html" } });
    const csp = response.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self';");
    expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|script-src[^;]*(https?:|\*)/);
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("default-src 'self'");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("x-frame-options")).toBe("SAMEORIGIN");
  });

  it.each([
    ["the event page", () => `/events/${hostile.id}?lang=en`],
    ["the programme", () => "/?lang=en"],
    ["the month grid", () => `/month?lang=en&month=${wallTime(1, "20:00", "Europe/Paris").slice(0, 7)}`],
    ["the network page", () => "/network?lang=en"],
    ["the project board", () => "/projects?lang=en"],
    ["the project page", () => `/projects/${hostileProject.id}?lang=en`],
  ])("runs no script on %s", async (name, path) => {
    const page = await browser.newPage();
    const noise = await visit(page, `${node.origin}${path()}`);
    expect(noise).toEqual([]);
    expect(await dangerousMarkup(page)).toEqual({ scripts: 0, handlers: [], scriptUrls: [], styled: 0 });
    if (name === "the event page") {
      // The hostile strings are shown as text, exactly as sent.
      expect(await page.locator("h1").textContent()).toBe(title);
      expect(await page.locator(".organiser").textContent()).toBe(hostile.organizer);
      expect(await page.locator(".description").textContent()).toBe("Helloclickoverlay");
      const data = JSON.parse((await page.locator('script[type="application/ld+json"]').textContent())!);
      expect(data.name).toBe(title);
      expect(await page.locator('meta[property="og:title"]').getAttribute("content")).toBe(title);
      await screenshot(page, "hostile-event");
    }
    await page.close();
  });
});
