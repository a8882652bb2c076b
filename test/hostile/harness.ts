// What every runner of the hostile corpus shares: answers that name their problem, a snapshot of
// what the node holds, and the health check run after each group of cases.

import { readFileSync } from "node:fs";
import { expect } from "@jest/globals";
import type { NodeProcess } from "../helpers/node-process.ts";
import { api } from "../helpers/operator.ts";
import type { RawResponse } from "./raw-http.ts";

/** The JSON body of an answer, or undefined when it is not JSON. */
export function jsonOf(response: RawResponse): any {
  if (!/json/.test(String(response.headers["content-type"] ?? ""))) return undefined;
  try {
    return JSON.parse(response.text);
  } catch {
    return undefined;
  }
}

/**
 * A refusal of the JSON API or the inbox must say what was wrong: a JSON body with `error` (and
 * `problems` for invalid input), Fedify's own refusals (a signature that does not verify, an
 * activity it cannot parse) included.
 */
export function expectNamedProblem(response: RawResponse): void {
  const body = jsonOf(response);
  expect([response.status, String(response.headers["content-type"])]).toEqual([response.status, expect.stringMatching(/json/)]);
  expect(typeof body?.error).toBe("string");
  expect(body.error.length).toBeGreaterThan(3);
}

/** The node's resident memory, from the kernel. */
function rssMiB(node: NodeProcess): number {
  const status = readFileSync(`/proc/${node.process.pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)![1]) / 1024;
}

/** Memory a group of hostile requests may leave the node with, above its idle value. */
const RSS_ALLOWANCE_MIB = 100;

/**
 * After a group: /healthz answers 200 and the node's memory is back within the allowance. A
 * burst of costly documents grows V8's heap for a while; what it does not give back within half
 * a minute of quiet (V8 shrinks an idle heap after about ten seconds) would be a leak.
 */
export async function expectHealthy(node: NodeProcess, idleRssMiB: number): Promise<void> {
  const response = await fetch(`${node.origin}/healthz`);
  expect(response.status).toBe(200);
  expect((await response.json()).status).toBe("ok");
  expect(node.process.exitCode).toBeNull();
  const deadline = Date.now() + 30_000;
  while (rssMiB(node) - idleRssMiB >= RSS_ALLOWANCE_MIB && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    await fetch(`${node.origin}/healthz`);
  }
  expect(Math.round(rssMiB(node) - idleRssMiB)).toBeLessThan(RSS_ALLOWANCE_MIB);
}

/**
 * Inbox budgets for a node under the corpus: its rows come from two peers on one machine, far
 * faster than the per-host budget lets a real server send, and must reach the checks they test.
 */
export const CORPUS_LIMITS = { inboxRequestsPerMinute: 100_000, inboxBytesPerMinute: 10_737_418_240, inboxConcurrency: 64 };

/** Warms the node up (first requests compile code paths) and reads its idle memory. */
export async function idleRss(node: NodeProcess): Promise<number> {
  for (const path of ["/healthz", "/api/calendar", "/api/board", "/.well-known/nodeinfo"]) await fetch(`${node.origin}${path}`);
  return rssMiB(node);
}

export type Snapshot = Record<string, unknown>;

/**
 * What the node holds, as its public and admin APIs show it: counts of the calendar, the board,
 * its own events and projects, its followers, what it has published, and its follows, plus the full JSON of `watched`
 * items (an event or project a case tries to change).
 */
export async function snapshot(node: NodeProcess, token: string, watched: string[] = []): Promise<Snapshot> {
  const total = async (path: string) => {
    const response = await api(node, "GET", path, null);
    expect(response.status).toBe(200);
    return response.body.total as number;
  };
  const collection = async (name: string) => {
    const response = await fetch(`${node.origin}/users/${String(node.config.slug)}/${name}`, { headers: { Accept: "application/activity+json" } });
    return ((await response.json()) as { totalItems: number }).totalItems;
  };
  const follows = await api(node, "GET", "/api/admin/follows", token);
  const items: Record<string, unknown> = {};
  for (const path of watched) items[path] = (await api(node, "GET", path, null)).body;
  return {
    calendar: await total("/api/calendar?from=2000-01-01&limit=1"),
    board: await total("/api/board?limit=1"),
    events: await total("/api/events?past=true&limit=1"),
    projects: await total("/api/projects?limit=1"),
    followers: await collection("followers"),
    // The publication log: what the node has announced (or queued) to its followers.
    outbox: await collection("outbox"),
    follows: follows.body.items.map((f: { actorId: string; state: string }) => `${f.actorId} ${f.state}`),
    items,
  };
}

/** The statuses a table row may expect: one, or any of several. */
export type Expected = number | readonly number[];

export function expectStatus(status: number, expected: Expected | undefined): void {
  expect(status).toBeLessThan(500);
  if (expected === undefined) return;
  if (typeof expected === "number") expect(status).toBe(expected);
  else expect(expected).toContain(status);
}
