import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { TestBrowser } from "../helpers/browser.ts";
import { interceptOrigin, launchBrowser, screenshot } from "../helpers/browser.ts";
import { wallTime } from "../helpers/dates.ts";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir } from "../helpers/node-process.ts";
import { startTogether } from "../helpers/start.ts";
import { remoteEvent, sanFrancisco, startSeededNode } from "./seed.ts";

const shared = remoteEvent(sanFrancisco, { title: "Open hardware night", startsAt: wallTime(10, "18:30", "America/Los_Angeles") });

describe("following and sharing from Mastodon", () => {
  let node: NodeProcess;
  let browser: TestBrowser;
  let expected: string;

  beforeAll(async () => {
    [node, browser] = await startTogether(startSeededNode({ cantines: [sanFrancisco], events: [shared] }), launchBrowser());
    const handle = `paris@${new URL(node.origin).host}`;
    expected = `https://mastodon.example/authorize_interaction?uri=${encodeURIComponent(`acct:${handle}`)}`;
  }, 60_000);
  afterAll(async () => {
    await Promise.all([browser?.close(), node?.stop()]);
    if (node) removeWorkDir(dirname(node.configFile));
  });

  it("sends the visitor to their own server's remote-follow page", async () => {
    const page = await browser.newPage();
    const seen = await interceptOrigin(page, "https://mastodon.example");
    await page.goto(`${node.origin}/?lang=en`);
    await page.fill("#follow-server", "mastodon.example");
    await Promise.all([page.waitForURL("https://mastodon.example/**"), page.press("#follow-server", "Enter")]);
    expect(seen[0]).toBe(expected);
    expect(page.url()).toBe(expected);
    expect(expected).toBe(`https://mastodon.example/authorize_interaction?uri=acct%3Aparis%40127.0.0.1%3A${node.port}`);
    await page.close();
  });

  it.each(["@alice@mastodon.example", "https://mastodon.example/", "  Mastodon.Example "])("accepts %j as the same server", async (typed) => {
    const response = await fetch(`${node.origin}/follow`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ server: typed }),
    });
    expect(response.status).toBe(303);
    expect(response.headers.get("location")).toBe(expected);
  });

  it.each([
    "javascript:alert(1)",
    "mastodon.example/evil?x=1",
    "//evil.example",
    "user:pass@evil.example:x",
    "a b.example",
    "localhost",
    "10.0.0.1",
    "",
    "x".repeat(300),
  ])("answers 400 with the form again for %j", async (typed) => {
    const response = await fetch(`${node.origin}/follow`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "en" },
      body: new URLSearchParams({ server: typed }),
    });
    expect(response.status).toBe(400);
    expect(response.headers.get("location")).toBeNull();
    expect(await response.text()).toContain('aria-invalid="true"');
  });

  it("shows the error next to the field in the browser", async () => {
    const page = await browser.newPage();
    await page.goto(`${node.origin}/follow?lang=en`);
    await page.fill("#follow-server", "javascript:alert(1)");
    const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === "POST"), page.press("#follow-server", "Enter")]);
    expect(response.status()).toBe(400);
    await page.waitForSelector("#follow-server-error");
    expect(await page.locator("#follow-server-error").textContent()).toMatch(/not a server name/);
    expect(await page.locator("#follow-server").getAttribute("aria-describedby")).toContain("follow-server-error");
    expect(await page.locator("#follow-server").inputValue()).toBe("javascript:alert(1)");
    await screenshot(page, "follow-error");
    await page.close();
  });

  it("shares an event through the visitor's server", async () => {
    const page = await browser.newPage();
    const seen = await interceptOrigin(page, "https://mastodon.example");
    await page.goto(`${node.origin}/events/${shared.id}?lang=en`);
    await page.fill("#share-server", "mastodon.example");
    await Promise.all([page.waitForURL("https://mastodon.example/**"), page.press("#share-server", "Enter")]);
    const url = new URL(seen[0]!);
    expect(url.pathname).toBe("/share");
    expect(url.searchParams.get("text")).toBe(`${shared.title} ${node.origin}/events/${shared.id}`);
    await page.close();
  });
});
