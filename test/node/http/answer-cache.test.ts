import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "@jest/globals";
import type { CantineNode } from "../../../node/app.ts";
import { buildNode, startNode } from "../../../node/app.ts";
import type { NodeConfig } from "../../../node/config.ts";
import { parseConfig } from "../../../node/config.ts";
import { publishEvent } from "../../../node/domain/events/manage-events.ts";
import { AnswerCache } from "../../../node/http/answer-cache.ts";
import { checkEventInput } from "../../../node/http/validate-input.ts";
import { dateFromToday } from "../../helpers/dates.ts";

describe("AnswerCache", () => {
  it("stays within its byte bound however many answers are kept, dropping the least recently used", () => {
    const cache = new AnswerCache(1024 * 1024);
    const body = "x".repeat(10_000);
    for (let i = 0; i < 1_000; i++) cache.keep("calendar", `/api/calendar?q=${i}`, { version: "1", body });
    expect(cache.bytes).toBeLessThanOrEqual(1024 * 1024);
    expect(cache.read("calendar", "/api/calendar?q=999", "1")?.body).toBe(body);
    expect(cache.read("calendar", "/api/calendar?q=0", "1")).toBeUndefined();
  });

  it("answers only at the version the answer was computed at, and keeps areas apart", () => {
    const cache = new AnswerCache();
    cache.keep("home", "/", { version: "7", body: "<html>" });
    expect(cache.read("home", "/", "7")?.body).toBe("<html>");
    expect(cache.read("home", "/", "8")).toBeUndefined();
    expect(cache.read("feeds", "/", "7")).toBeUndefined();
  });

  it("computes a remembered rendering once", () => {
    const cache = new AnswerCache();
    let computed = 0;
    const render = () => {
      computed++;
      return ["BEGIN:VEVENT", "END:VEVENT"];
    };
    expect(cache.remember("vevent", "a", render)).toEqual(cache.remember("vevent", "a", render));
    expect(computed).toBe(1);
  });
});

describe("two nodes in one process", () => {
  const workDir = mkdtempSync(join(tmpdir(), "cantine-two-nodes-"));
  const nodes: CantineNode[] = [];
  afterAll(async () => {
    for (const node of nodes) await node.close();
    rmSync(workDir, { recursive: true, force: true });
  });

  function configOf(slug: string, city: string): NodeConfig {
    return parseConfig({
      slug,
      name: `La Cantine ${city}`,
      city,
      country: "FR",
      timezone: "Europe/Paris",
      origin: `http://${slug}.cantine.test`,
      host: "127.0.0.1",
      port: 0,
      dataDir: join(workDir, slug),
      allowPrivateAddresses: true,
      backup: { enabled: false },
    });
  }

  /** A node whose calendar holds one event of its own, published before it starts serving. */
  async function nodeWithEvent(slug: string, city: string, title: string): Promise<CantineNode> {
    const config = configOf(slug, city);
    const built = await buildNode(config);
    try {
      publishEvent(built.publishing, checkEventInput({ title, startsAt: `${dateFromToday(10)}T19:00`, tags: ["soiree"] }));
    } finally {
      built.close();
    }
    const node = await startNode(config);
    nodes.push(node);
    return node;
  }

  it("never answer with each other's calendar, home page or feed, asked the same URL", async () => {
    const paris = await nodeWithEvent("paris", "Paris", "Apéro de Paris");
    const lyon = await nodeWithEvent("lyon", "Lyon", "Apéro de Lyon");
    // The same URLs, twice on each node (the second read is a cached answer), interleaved.
    const paths = ["/api/calendar", "/api/calendar?tag=soiree", "/", "/calendar.ics", "/tags/soiree/calendar.ics"];
    for (let round = 0; round < 2; round++) {
      for (const [node, own, other] of [
        [paris, "Apéro de Paris", "Apéro de Lyon"],
        [lyon, "Apéro de Lyon", "Apéro de Paris"],
      ] as const) {
        for (const path of paths) {
          const response = await fetch(new URL(path, node.url));
          expect(response.status).toBe(200);
          const body = await response.text();
          expect({ path, own: body.includes(own), other: body.includes(other) }).toEqual({ path, own: true, other: false });
        }
      }
    }
  });

  it("serve a kept calendar or home page with its ETag, and a 304 to a reader who holds those bytes", async () => {
    const paris = await nodeWithEvent("paris-etag", "Paris", "Apéro validé");
    for (const path of ["/api/calendar", "/"]) {
      const first = await fetch(new URL(path, paris.url));
      const body = await first.text();
      const etag = first.headers.get("etag");
      expect(etag).toMatch(/^"[\w-]+"$/);
      // The same answer from the cache: the same bytes, the same validator.
      const second = await fetch(new URL(path, paris.url));
      expect({ path, body: await second.text(), etag: second.headers.get("etag") }).toEqual({ path, body, etag });
      // As a browser revalidates (fetch() would add "Cache-Control: no-cache", an end-to-end reload).
      const revalidated = await fetch(new URL(path, paris.url), { headers: { "If-None-Match": etag!, "Cache-Control": "max-age=0" } });
      expect({ path, status: revalidated.status, body: await revalidated.text() }).toEqual({ path, status: 304, body: "" });
      const stale = await fetch(new URL(path, paris.url), { headers: { "If-None-Match": '"something-else"', "Cache-Control": "max-age=0" } });
      expect({ path, status: stale.status }).toEqual({ path, status: 200 });
    }
  });
});
