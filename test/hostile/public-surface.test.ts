import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { dateFromToday } from "../helpers/dates.ts";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir, startNodeProcess } from "../helpers/node-process.ts";
import { api, issueToken } from "../helpers/operator.ts";
import type { PublicCase, PublicWorld } from "./corpus/public.ts";
import { PUBLIC_GROUPS } from "./corpus/public.ts";
import { readAtom, readIcs } from "./feeds.ts";
import { expectHealthy, expectNamedProblem, expectStatus, idleRss, snapshot } from "./harness.ts";
import { isSafeUrl, unsafeMarkup } from "./markup.ts";
import type { RawResponse } from "./raw-http.ts";
import { rawRequest } from "./raw-http.ts";

// The public surface corpus: pages, feeds, the JSON API, WebFinger and NodeInfo asked with
// hostile values. Every answer is below 500, echoes nothing unsafely, and changes nothing.

/** What a reflected payload would look like, had it reached a page unescaped. */
const REFLECTED = /<script>alert|<img src=x onerror|<svg[ /]onload/i;

describe("the public surface corpus", () => {
  let node: NodeProcess;
  let token: string;
  let world: PublicWorld;
  let idle: number;

  beforeAll(async () => {
    node = await startNodeProcess();
    token = await issueToken(node, "admin");
    const day = dateFromToday(9);
    const event = await api(node, "POST", "/api/admin/events", token, {
      title: "Public event",
      startsAt: `${day}T19:00`,
      endsAt: `${day}T21:00`,
      tags: ["public"],
    });
    const project = await api(node, "POST", "/api/admin/projects", token, { title: "Public project", summary: "Summary." });
    expect([event.status, project.status]).toEqual([201, 201]);
    world = { slug: "paris", host: new URL(node.origin).host, eventId: event.body.id, projectId: project.body.id };
    idle = await idleRss(node);
  }, 60_000);

  afterAll(async () => {
    await node?.stop();
    if (node) removeWorkDir(dirname(node.configFile));
  });

  function send(c: PublicCase): Promise<RawResponse> {
    const headers = { Accept: "text/html,application/xhtml+xml,*/*;q=0.8", ...c.headers?.(world) };
    if (c.form !== undefined)
      Object.assign(headers, { "Content-Type": "application/x-www-form-urlencoded", "Content-Length": String(Buffer.byteLength(c.form)) });
    return rawRequest(node.origin, { method: c.method ?? "GET", path: c.path(world), headers, ...(c.form === undefined ? {} : { body: c.form }) });
  }

  /** What the answer must be, whatever its status: safe HTML, parseable feeds, no injected header. */
  function expectHarmless(c: PublicCase, response: RawResponse): void {
    const type = String(response.headers["content-type"] ?? "");
    if (/text\/html/.test(type)) {
      expect(unsafeMarkup(response.text)).toEqual([]);
      expect(response.text).not.toMatch(REFLECTED);
    }
    if (/text\/calendar/.test(type) && c.method !== "HEAD")
      expect(readIcs(response.text).urls.filter((u) => !isSafeUrl(u, ["http:", "https:", "mailto:"]))).toEqual([]);
    if (/atom\+xml/.test(type) && c.method !== "HEAD") expect(readAtom(response.text).links.filter((u) => !isSafeUrl(u))).toEqual([]);
    // No header is injected (a CR/LF in a value), and no link header points where a row asked.
    const injected = Object.entries(response.headers).filter(
      ([name, value]) =>
        name.includes("evil") ||
        (name === "set-cookie" && String(value).includes("evil")) ||
        (/^(location|link|content-location|refresh)$/.test(name) && /evil|javascript:/i.test(String(value))),
    );
    expect(injected).toEqual([]);
    const forged = Object.values(c.headers?.(world) ?? {}).some((value) => value.includes("evil.example"));
    if (forged) expect(response.text).not.toContain("evil.example");
    const location = response.headers.location;
    if (location) expect(isSafeUrl(new URL(location, node.origin).href)).toBe(true);
  }

  describe.each(PUBLIC_GROUPS)("%s", (_group, rows) => {
    it.each(rows.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
      const before = await snapshot(node, token);
      const response = await send(c);
      expectStatus(response.status, c.status);
      if (response.status >= 400 && c.path(world).startsWith("/api/") && c.method !== "HEAD") expectNamedProblem(response);
      expectHarmless(c, response);
      expect(await snapshot(node, token)).toEqual(before);
    });

    it("leaves the node healthy and its memory bounded", async () => {
      await expectHealthy(node, idle);
    }, 60_000);
  });
});
