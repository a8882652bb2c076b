import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import type { LogRecord } from "@logtape/logtape";
import { getLogger, reset } from "@logtape/logtape";
import express from "express";
import type { HttpMetrics } from "../../../node/http/metrics.ts";
import { requestContext, routeOf, saneRequestId } from "../../../node/http/request-context.ts";
import { configureLogging } from "../../../node/logging.ts";
import { jsonFormatter, textFormatter } from "../../../node/observability/log-format.ts";

const records: LogRecord[] = [];
const observed: { method: string; route: string; status: number }[] = [];
const metrics: HttpMetrics = {
  request: (method, route, status) => void observed.push({ method, route, status }),
  inboxRequest: () => {},
  cacheLookup: () => {},
};
let server: Server;
let origin: string;

beforeAll(async () => {
  await configureLogging("debug", { sink: (record) => void records.push(record) });
  const app = express();
  app.use(requestContext(metrics));
  const router = express.Router();
  router.get("/events/:id", async (req, res) => {
    await new Promise((resolve) => setImmediate(resolve)); // the context follows async work
    getLogger(["cantine", "test"]).info("Showing event {id}", { id: req.params.id });
    res.json({ id: req.params.id });
  });
  router.get(["/api/calendar", "/api/events"], (_req, res) => void res.json({}));
  app.use(router);
  server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await reset();
});

describe("request ids", () => {
  it("keeps a sane incoming id, echoes it and puts it in every record of the request", async () => {
    const response = await fetch(`${origin}/events/e1`, { headers: { "X-Request-Id": "trace-42.a" } });
    expect(response.headers.get("x-request-id")).toBe("trace-42.a");
    const record = records.find((r) => r.properties.id === "e1")!;
    expect(record.properties.requestId).toBe("trace-42.a");

    const line = JSON.parse(jsonFormatter()(record));
    expect(line).toMatchObject({ level: "INFO", logger: "cantine.test", message: "Showing event e1", properties: { id: "e1", requestId: "trace-42.a" } });
    expect(textFormatter()(record)).toMatch(/ INF cantine·test: Showing event e1 \[trace-42\.a\]\n$/);
  });

  it("draws a new id when none or a strange one comes", async () => {
    for (const headers of [{}, { "X-Request-Id": 'has spaces and "quotes"' }, { "X-Request-Id": "x".repeat(300) }] as Record<string, string>[]) {
      const id = (await fetch(`${origin}/events/e2`, { headers })).headers.get("x-request-id");
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
    }
    expect(saneRequestId(" abc ")).toBe("abc");
    expect(saneRequestId("")).toBeUndefined();
  });

  it("measures requests under their route template, not their path", async () => {
    observed.length = 0;
    await fetch(`${origin}/events/some-id`);
    await fetch(`${origin}/api/events`);
    await fetch(`${origin}/users/paris/outbox`);
    await fetch(`${origin}/wp-login.php`);
    expect(observed).toEqual([
      { method: "GET", route: "/events/:id", status: 200 },
      { method: "GET", route: "/api/events", status: 200 },
      { method: "GET", route: "/users/*", status: 404 },
      { method: "GET", route: "unmatched", status: 404 },
    ]);
    expect(routeOf({ route: { path: "/events/:id.ics" }, baseUrl: "", path: "/events/x.ics" } as never)).toBe("/events/:id.ics");
  });
});

describe("the JSON lines formatter", () => {
  it("writes one JSON object per line, errors with their stack", () => {
    const error = new TypeError("boom");
    const record: LogRecord = {
      category: ["cantine", "federation"],
      level: "warning",
      message: ["Delivery of ", "https://x.example/a/1", " failed: ", error, ""],
      rawMessage: "Delivery of {activity} failed: {error}",
      timestamp: Date.parse("2030-01-01T00:00:00Z"),
      properties: { activity: "https://x.example/a/1", error },
    };
    const text = jsonFormatter()(record);
    expect(text.endsWith("\n")).toBe(true);
    expect(text.trimEnd()).not.toContain("\n");
    const line = JSON.parse(text);
    expect(line).toMatchObject({
      "@timestamp": "2030-01-01T00:00:00.000Z",
      level: "WARN",
      logger: "cantine.federation",
      message: "Delivery of https://x.example/a/1 failed: TypeError: boom",
      properties: { activity: "https://x.example/a/1", error: { name: "TypeError", message: "boom" } },
    });
    expect(line.properties.error.stack).toContain("TypeError: boom");
  });
});
