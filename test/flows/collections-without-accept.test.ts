// The cantine's collections asked for the way people try them first (curl, a browser), without an
// ActivityStreams Accept header: programs get the ActivityStreams JSON, browsers the profile page.
// The actor and objects keep their content negotiation.

import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir, startNodeProcess } from "../helpers/node-process.ts";

const BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

describe("collections without an ActivityStreams Accept header", () => {
  let node: NodeProcess;

  beforeAll(async () => {
    node = await startNodeProcess();
  });
  afterAll(async () => {
    await node?.stop();
    if (node) removeWorkDir(dirname(node.configFile));
  });

  it.each(["outbox", "followers", "following", "upcoming-events"])("serves /users/paris/%s as ActivityStreams to programs", async (name) => {
    for (const headers of [{}, { Accept: "*/*" }, { Accept: "application/json" }, { Accept: "application/activity+json" }] as Record<string, string>[]) {
      const response = await fetch(`${node.origin}/users/paris/${name}`, { headers });
      expect([headers, response.status, response.headers.get("content-type")]).toEqual([headers, 200, "application/activity+json"]);
      const collection = await response.json();
      expect([collection.id, collection.type]).toEqual([`${node.origin}/users/paris/${name}`, expect.stringMatching(/^(Ordered)?Collection$/)]);
    }
  });

  it.each(["outbox", "followers", "following", "upcoming-events"])("answers /users/nobody/%s with 404 and a JSON problem", async (name) => {
    for (const path of [`/users/nobody/${name}`, `/users/nobody/${name}?cursor=`]) {
      const response = await fetch(`${node.origin}${path}`, { headers: { Accept: "application/activity+json" } });
      expect([path, response.status, response.headers.get("content-type")]).toEqual([path, 404, expect.stringMatching(/json/)]);
      expect(await response.json()).toMatchObject({ error: expect.any(String) });
    }
  });

  it.each(["outbox", "followers", "following", "upcoming-events"])("sends a browser asking for /users/paris/%s to the profile page", async (name) => {
    const response = await fetch(`${node.origin}/users/paris/${name}`, { headers: { Accept: BROWSER_ACCEPT }, redirect: "manual" });
    expect([response.status, response.headers.get("location"), response.headers.get("vary")]).toEqual([303, "/users/paris", expect.stringMatching(/Accept/)]);
    const profile = await fetch(new URL(response.headers.get("location")!, node.origin), { headers: { Accept: BROWSER_ACCEPT } });
    expect([profile.status, profile.headers.get("content-type")]).toEqual([200, "text/html; charset=utf-8"]);
  });

  it("keeps content negotiation for the actor: JSON when asked for, the profile page otherwise", async () => {
    const json = await fetch(`${node.origin}/users/paris`, { headers: { Accept: "application/activity+json" } });
    expect(json.headers.get("content-type")).toMatch(/^application\/activity\+json/);
    for (const headers of [{}, { Accept: "*/*" }, { Accept: BROWSER_ACCEPT }] as Record<string, string>[]) {
      const page = await fetch(`${node.origin}/users/paris`, { headers });
      expect([headers, page.headers.get("content-type")]).toEqual([headers, "text/html; charset=utf-8"]);
    }
    // Another cantine's collections are not ours to redirect.
    expect((await fetch(`${node.origin}/users/nobody/followers`, { headers: { Accept: BROWSER_ACCEPT }, redirect: "manual" })).status).toBe(404);
  });
});
