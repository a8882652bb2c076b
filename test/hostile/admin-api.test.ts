import { dirname } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { wallTime } from "../helpers/dates.ts";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir } from "../helpers/node-process.ts";
import { api } from "../helpers/operator.ts";
import { remoteCantine, remoteEvent, startSeededNode } from "../pages/seed.ts";
import { ADMIN_GROUPS } from "./corpus/admin.ts";
import type { AdminCase, AdminWorld } from "./corpus/admin-world.ts";
import { validEvent } from "./corpus/admin-world.ts";
import { expectHealthy, expectNamedProblem, expectStatus, idleRss, jsonOf, snapshot } from "./harness.ts";
import { HUNG_UP, rawRequest } from "./raw-http.ts";
import { operatorTokens } from "./tokens.ts";

// The admin API corpus: every row is one request a careless or hostile client could send with
// (or without) a token; each is refused, names its problem, and leaves the node as it was.

const remote = remoteCantine("elsewhere", "Cantine Elsewhere", "Lisbon", "PT", "Europe/Lisbon");
const remoteOne = remoteEvent(remote, { title: "Remote event", startsAt: wallTime(15, "19:00", "Europe/Lisbon") });

describe("the admin API corpus", () => {
  let node: NodeProcess;
  let world: AdminWorld;
  let watched: string[];
  let idle: number;

  beforeAll(async () => {
    node = await startSeededNode({ cantines: [remote], events: [remoteOne] });
    const auth = await operatorTokens(node);
    const token = auth.admin.replace(/^Bearer /, "");
    const event = await api(node, "POST", "/api/admin/events", token, validEvent());
    const series = await api(node, "POST", "/api/admin/events", token, { ...validEvent(), title: "Weekly", recurrence: "FREQ=WEEKLY;COUNT=3" });
    const project = await api(node, "POST", "/api/admin/projects", token, { title: "Project", summary: "Summary." });
    const deleted = await api(node, "POST", "/api/admin/events", token, { ...validEvent(), title: "Deleted" });
    expect([event.status, series.status, project.status, deleted.status]).toEqual([201, 201, 201, 201]);
    expect((await api(node, "DELETE", `/api/admin/events/${deleted.body.id}`, token)).status).toBe(204);
    world = {
      auth,
      eventId: event.body.id,
      seriesId: series.body.series.id,
      projectId: project.body.id,
      deletedEventId: deleted.body.id,
      remoteEventId: remoteOne.id,
      remoteActorId: remote.actorId,
    };
    watched = [`/api/events/${world.eventId}`, `/api/events/${series.body.id}`, `/api/projects/${world.projectId}`, `/api/events/${world.remoteEventId}`];
    idle = await idleRss(node);
  }, 60_000);

  afterAll(async () => {
    await node?.stop();
    if (node) removeWorkDir(dirname(node.configFile));
  });

  function request(c: AdminCase) {
    const auth = c.auth === undefined ? world.auth.admin : c.auth(world);
    const raw = c.body?.(world);
    const body = raw === undefined ? undefined : Buffer.isBuffer(raw) ? raw : typeof raw === "string" ? raw : JSON.stringify(raw);
    const headers: Record<string, string> = {
      Accept: "application/json",
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
      ...(auth === null ? {} : { Authorization: auth }),
      ...c.headers,
    };
    if (body !== undefined && !headers["Transfer-Encoding"]) headers["Content-Length"] = String(Buffer.byteLength(body));
    return rawRequest(node.origin, { method: c.method ?? "GET", path: c.path(world), headers, ...(body === undefined ? {} : { body }) });
  }

  describe.each(ADMIN_GROUPS)("%s", (_group, rows) => {
    it.each(rows.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
      const before = await snapshot(node, world.auth.admin.replace(/^Bearer /, ""), watched);
      const response = await request(c);
      expectStatus(response.status, c.status);
      if (response.status !== 431 && response.status !== HUNG_UP) expectNamedProblem(response);
      const answer = jsonOf(response);
      if (c.error) expect(answer?.error).toMatch(c.error);
      if (c.field !== undefined && response.status === 422) {
        const fields: string[] = (answer?.problems ?? []).map((p: { field: string }) => p.field);
        expect(fields.filter((f) => f === c.field || f.startsWith(`${c.field}.`) || f.startsWith(`${c.field}[`))).not.toEqual([]);
      }
      // No answer echoes a header an attacker slipped into the path.
      expect(response.headers["set-cookie"]?.some((cookie) => cookie.includes("evil"))).not.toBe(true);
      expect(await snapshot(node, world.auth.admin.replace(/^Bearer /, ""), watched)).toEqual(before);
    });

    it("leaves the node healthy and its memory bounded", async () => {
      await expectHealthy(node, idle);
    }, 60_000);
  });
});
