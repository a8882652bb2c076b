// Faults: a follower's server down then back, a following node down then back, and a node killed
// (SIGKILL) in the middle of a burst of writes. Nothing published may be lost; how long the
// redelivery took is reported in test-artifacts/faults.txt (a figure, never an assertion).

import { appendFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { afterEach, describe, expect, it } from "@jest/globals";
import type { CityNode } from "../helpers/network.ts";
import { follow, startCities, stopCities } from "../helpers/network.ts";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir, startNodeProcess } from "../helpers/node-process.ts";
import { api, issueToken } from "../helpers/operator.ts";
import type { Received } from "../helpers/peer.ts";
import { startPeer } from "../helpers/peer.ts";
import { waitUntil } from "../helpers/wait.ts";

const reportFile = new URL("../../test-artifacts/faults.txt", import.meta.url).pathname;

function report(line: string): void {
  mkdirSync(dirname(reportFile), { recursive: true });
  appendFileSync(reportFile, `${new Date().toISOString()} ${line}\n`);
}

/** An event input some days ahead, so that the test holds whatever today is. */
function upcoming(title: string) {
  const date = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
  return { title, startsAt: `${date}T19:00`, endsAt: `${date}T21:00` };
}

const createOf = (url: string) => (r: Received) => r.body?.type === "Create" && (r.body.object?.id ?? r.body.object) === url;

describe("nothing published is lost when a server goes down", () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => {});
  });

  function track(node: NodeProcess): NodeProcess {
    cleanups.push(async () => {
      await node.stop();
      removeWorkDir(dirname(node.configFile));
    });
    return node;
  }

  it("a follower's server that was down gets what was published meanwhile, once it is back", async () => {
    const node = track(await startNodeProcess());
    const first = await startPeer();
    cleanups.push(() => first.close());
    const actor = `${node.origin}/users/paris`;
    await first.follow("alice", actor, `${actor}/inbox`);
    await first.waitFor((r) => r.body?.type === "Accept");
    const port = Number(new URL(first.origin).port);
    await first.close();

    const token = await issueToken(node);
    const created = await api(node, "POST", "/api/admin/events", token, upcoming("Published while the follower was down"));
    expect(created.status).toBe(201);
    await waitUntil(() => node.output().includes("Delivery of"), "the first delivery attempt to fail", 30_000);

    const back = await startPeer({ port });
    cleanups.push(() => back.close());
    const started = Date.now();
    const delivery = await back.waitFor(createOf(created.body.url), 120_000);
    expect(delivery.body!.object.name).toBe("Published while the follower was down");
    report(`follower server back up: the Create arrived ${Date.now() - started} ms later (retry schedule: (n⁴ + 15) s plus jitter)`);
  }, 180_000);

  it("a following node that was down holds what was published meanwhile, once it is back", async () => {
    const nodes: CityNode[] = await startCities(["paris", "sf"]);
    cleanups.push(() => stopCities(nodes));
    const [paris, sf] = nodes as [CityNode, CityNode];
    await follow(sf, paris);
    await sf.node.stop();

    const created = await api(paris.node, "POST", "/api/admin/events", paris.token, upcoming("Published while San Francisco slept"));
    expect(created.status).toBe(201);
    const restarted = await sf.node.restart();
    sf.node = restarted;
    const started = Date.now();
    await waitUntil(
      async () => (await api(restarted, "GET", "/api/calendar?limit=200", null)).body.items.some((i: any) => i.apId === created.body.url),
      "the event on the restarted node",
      90_000,
    );
    report(`following node restarted: the event was in its calendar ${Date.now() - started} ms later`);
  }, 150_000);

  it("a node killed (SIGKILL) during a burst of writes delivers every event it stored, each with one activity id", async () => {
    let node = track(await startNodeProcess());
    const peer = await startPeer();
    cleanups.push(() => peer.close());
    const actor = `${node.origin}/users/paris`;
    await peer.follow("alice", actor, `${actor}/inbox`);
    await peer.waitFor((r) => r.body?.type === "Accept");
    const token = await issueToken(node);

    // Forty writes at once; the node is killed as soon as the tenth is acknowledged.
    let acknowledged = 0;
    const answers: { status: number; body: any }[] = [];
    const writes = Array.from({ length: 40 }, async (_, i) => {
      try {
        const answer = await api(node, "POST", "/api/admin/events", token, upcoming(`Burst ${i}`));
        answers.push(answer);
        if (answer.status === 201 && ++acknowledged === 10) node.process.kill("SIGKILL");
      } catch {
        // the connection died with the node: this write may or may not have been stored
      }
    });
    await Promise.all(writes);
    await waitUntil(() => node.process.exitCode !== null || node.process.signalCode !== null, "the node to die");

    node = await node.restart();
    cleanups.push(() => node.stop());
    const started = Date.now();
    const stored: string[] = (await api(node, "GET", "/api/events?limit=200", null)).body.items.map((e: any) => e.url);
    const confirmed = answers.filter((a) => a.status === 201).map((a) => a.body.url);
    expect(stored).toEqual(expect.arrayContaining(confirmed));
    await waitUntil(() => stored.every((url) => peer.received.some(createOf(url))), `${stored.length} Creates at the follower`, 90_000);
    report(`SIGKILL during ${answers.length} answered of 40 writes: ${stored.length} stored, all delivered ${Date.now() - started} ms after the restart`);
    for (const url of stored) {
      const ids = new Set(peer.received.filter(createOf(url)).map((r) => r.body!.id));
      expect([url, ids.size]).toEqual([url, 1]);
    }
  }, 150_000);
});
