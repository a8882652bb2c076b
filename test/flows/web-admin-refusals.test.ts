import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import Database from "better-sqlite3";
import type { Page } from "playwright-core";
import { acceptInvitation, inviteOperator, notAPicture, signIn } from "../helpers/admin.ts";
import type { TestBrowser } from "../helpers/browser.ts";
import { launchBrowser } from "../helpers/browser.ts";
import { runCantine } from "../helpers/cli.ts";
import { dateFromToday } from "../helpers/dates.ts";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir, startNodeProcess } from "../helpers/node-process.ts";
import { startTogether } from "../helpers/start.ts";

// Each refusal is clear (a status and words a person understands) and changes nothing.
describe("the web admin refuses what it must, and changes nothing", () => {
  let node: NodeProcess;
  let browser: TestBrowser;
  let page: Page;
  const database = () => new Database(join(node.dataDir, "cantine.db"));
  const eventCount = async () => (await (await fetch(`${node.origin}/api/events?limit=200`)).json()).items.length as number;
  const operators = async () => (await runCantine(["admin", "list", "--config", node.configFile])).stdout;
  const csrf = async () => page.locator("input[name=_csrf]").first().inputValue();

  beforeAll(async () => {
    [node, browser] = await startTogether(startNodeProcess(), launchBrowser({ locale: "en-GB" }));
    page = await browser.newPage();
    await acceptInvitation(page, await inviteOperator(node, "Ana", "admin"));
  }, 60_000);
  afterAll(async () => {
    await Promise.all([browser?.close(), node?.stop()]);
    if (node) removeWorkDir(dirname(node.configFile));
  });

  it("a wrong password: 401, the same words as an unknown name, no session; then 429 past the limit", async () => {
    const response = await page.request.post(`${node.origin}/admin/sign-in`, { form: { _csrf: "", name: "Ana", password: "wrong password!" } });
    expect(response.status()).toBe(403); // no form token: refused before anything else
    await page.goto(`${node.origin}/admin/sign-in?lang=en`);
    // Signed in already: the sign-in page sends to the dashboard. Sign out first.
    await Promise.all([page.waitForURL(/sign-in/), page.click("header button.link")]);
    for (const name of ["Ana", "Nobody"]) {
      await page.fill("#f-name", name);
      await page.fill("#f-password", "wrong password!");
      const [answer] = await Promise.all([
        page.waitForResponse((r) => r.url().endsWith("/admin/sign-in") && r.request().method() === "POST"),
        page.click("main button[type=submit]"),
      ]);
      expect(answer.status()).toBe(401);
      expect(await page.locator(".error-summary").textContent()).toContain("That name and password do not match an operator.");
    }
    expect((await page.context().cookies()).some((c) => c.name === "cantine_session")).toBe(false);
    for (let i = 0; i < 4; i++) {
      await page.fill("#f-name", "Nobody");
      await page.fill("#f-password", "still wrong");
      await Promise.all([
        page.waitForResponse((r) => r.url().endsWith("/admin/sign-in") && r.request().method() === "POST"),
        page.click("main button[type=submit]"),
      ]);
    }
    await page.fill("#f-name", "Nobody");
    await page.fill("#f-password", "still wrong");
    const [limited] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/admin/sign-in") && r.request().method() === "POST"),
      page.click("main button[type=submit]"),
    ]);
    expect(limited.status()).toBe(429);
    expect(await page.locator(".error-summary").textContent()).toMatch(/Too many sign-in attempts\. Wait \d+ minutes?, then try again\./);
    await signIn(page, node.origin, "Ana");
  });

  it("an expired invitation: 410, it says so, and no password is set", async () => {
    const link = await inviteOperator(node, "Olga", "editor");
    const db = database();
    db.prepare("UPDATE operator_invitations SET expires_at = ? WHERE account_id = (SELECT id FROM operator_accounts WHERE name = 'Olga')").run(
      new Date(Date.now() - 60_000).toISOString(),
    );
    db.close();
    const other = await browser.newPage();
    const response = await other.goto(link);
    expect(response?.status()).toBe(410);
    expect(await other.locator(".message").textContent()).toContain("This invitation has expired");
    expect(await other.locator("#f-password").count()).toBe(0);
    await other.close();
    expect(await operators()).toMatch(/Olga\s+editor\s+invited, no password yet/);
  });

  it("a form without its token: 403, nothing published", async () => {
    const before = await eventCount();
    const response = await page.request.post(`${node.origin}/admin/events`, {
      multipart: { title: "Forged", startDate: dateFromToday(5), startTime: "19:00", timezone: "Europe/Paris", where: "venue", action: "save" },
    });
    expect(response.status()).toBe(403);
    expect(await response.text()).toContain("Nothing was changed");
    const wrong = await page.request.post(`${node.origin}/admin/events`, {
      multipart: { _csrf: "x".repeat(43), title: "Forged", startDate: dateFromToday(5), startTime: "19:00", action: "save" },
    });
    expect(wrong.status()).toBe(403);
    expect(await eventCount()).toBe(before);
  });

  it("a non-image and an oversize image: 422 with a clear message, the form kept, nothing published", async () => {
    const before = await eventCount();
    await page.goto(`${node.origin}/admin/events/new?lang=en`);
    await page.fill("#f-title", "Picture night");
    await page.setInputFiles("#f-image", notAPicture());
    await page.fill("#f-imageAlt", "Nothing");
    const [answer] = await Promise.all([
      page.waitForResponse((r) => r.url().endsWith("/admin/events") && r.request().method() === "POST"),
      page.click("button[value=save]"),
    ]);
    expect(answer.status()).toBe(422);
    expect(await page.locator("#f-image-error").textContent()).toBe("This file is not an image. Choose a JPEG, PNG or WebP file.");
    expect(await page.locator(".error-summary a").first().getAttribute("href")).toBe("#f-image");
    expect(await page.inputValue("#f-title")).toBe("Picture night");

    const big = Buffer.alloc(11 * 1024 * 1024, 0x20);
    big.set([0xff, 0xd8, 0xff, 0xe0]);
    const response = await page.request.post(`${node.origin}/admin/events`, {
      multipart: {
        _csrf: await csrf(),
        title: "Picture night",
        startDate: dateFromToday(5),
        startTime: "19:00",
        timezone: "Europe/Paris",
        where: "venue",
        imageAlt: "Big",
        action: "save",
        image: { name: "big.jpg", mimeType: "image/jpeg", buffer: big },
      },
    });
    expect(response.status()).toBe(422);
    expect(await response.text()).toContain("The image is larger than 10 MB. Choose a smaller file.");
    expect(await eventCount()).toBe(before);
  });

  it("an editor on an admin page: 403 for the page and for its forms, nothing changed", async () => {
    await page.goto(`${node.origin}/admin`);
    await Promise.all([page.waitForURL(/sign-in/), page.click("header button.link")]);
    await acceptInvitation(page, await inviteOperator(node, "Eve", "editor"));
    const response = await page.goto(`${node.origin}/admin/tokens?lang=en`);
    expect(response?.status()).toBe(403);
    expect(await page.locator(".message").textContent()).toBe("This part of the admin is for admins. Nothing was changed.");
    expect(await page.locator("nav.menu a", { hasText: "API tokens" }).count()).toBe(0);
    await page.goto(`${node.origin}/admin`);
    const token = await csrf();
    const invite = await page.request.post(`${node.origin}/admin/accounts/invite`, { form: { _csrf: token, name: "Mallory", role: "admin" } });
    expect(invite.status()).toBe(403);
    const issue = await page.request.post(`${node.origin}/admin/tokens`, { form: { _csrf: token, name: "mine", scopes: "admin", days: "10" } });
    expect(issue.status()).toBe(403);
    expect(await operators()).not.toContain("Mallory");
    expect((await runCantine(["token", "list", "--config", node.configFile])).stdout).not.toContain("mine");
  });

  it("an expired session: sent to sign in, and a form post is refused", async () => {
    const token = await csrf();
    const db = database();
    db.prepare("UPDATE operator_sessions SET last_seen_at = ?").run(new Date(Date.now() - 24 * 3_600_000).toISOString());
    db.close();
    const before = await eventCount();
    const post = await page.request.post(`${node.origin}/admin/events`, {
      multipart: { _csrf: token, title: "Late", startDate: dateFromToday(5), startTime: "19:00", action: "save" },
    });
    expect(post.status()).toBe(401);
    expect(await post.text()).toContain("Your session has ended. Sign in again.");
    await page.goto(`${node.origin}/admin/events`);
    expect(new URL(page.url()).pathname).toBe("/admin/sign-in");
    expect(await eventCount()).toBe(before);
  });
});
