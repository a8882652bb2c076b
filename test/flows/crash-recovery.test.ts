import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "@jest/globals";
import { openDatabase } from "../../node/storage/db.ts";
import { SqliteFollowerStore } from "../../node/storage/follower-store.ts";
import type { InboxSink } from "../helpers/inbox-sink.ts";
import { startInboxSink } from "../helpers/inbox-sink.ts";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir, startNodeProcess } from "../helpers/node-process.ts";
import { api, issueToken } from "../helpers/operator.ts";
import { waitUntil } from "../helpers/wait.ts";

const FOLLOWERS = 24;
const artifacts = new URL("../../test-artifacts/", import.meta.url).pathname;

describe("a node killed with SIGKILL during a fan-out", () => {
  const nodes: NodeProcess[] = [];
  let sink: InboxSink | undefined;
  afterAll(async () => {
    await Promise.all([...nodes.map((node) => node.stop()), sink?.close()]);
    if (nodes[0]) removeWorkDir(dirname(nodes[0].configFile));
  });

  it("delivers the Create to every follower after its restart, under the same activity id", async () => {
    // Every follower on a server of its own: one delivery queue each, several in flight at once.
    sink = await startInboxSink(FOLLOWERS, { holding: true });
    const first = await startNodeProcess();
    nodes.push(first);
    const db = openDatabase(join(first.dataDir, "cantine.db"));
    try {
      const followers = new SqliteFollowerStore(db);
      const at = new Date().toISOString();
      for (const origin of sink.origins) {
        const actorId = `${origin}/users/follower`;
        followers.upsert({
          actorId,
          inbox: `${actorId}/inbox`,
          sharedInbox: null,
          followId: `${origin}/follows/1`,
          actorType: "Person",
          handle: null,
          state: "accepted",
          createdAt: at,
          acceptedAt: at,
        });
      }
    } finally {
      db.close();
    }

    const token = await issueToken(first, "events:write");
    const startsAt = new Date(Date.now() + 7 * 86_400_000).toISOString();
    const created = await api(first, "POST", "/api/admin/events", token, { title: "Apéro après la panne", startsAt });
    expect(created.status).toBe(201);

    // Deliveries in flight: read by their servers, not yet answered. Then the plug is pulled.
    await waitUntil(() => sink!.held().length >= 2, "deliveries in flight");
    const exited = new Promise((resolve) => first.process.once("exit", resolve));
    first.process.kill("SIGKILL");
    await exited;
    const inFlightAtKill = sink.held().length;
    sink.release();

    const restartedAt = Date.now();
    const second = await first.restart();
    nodes.push(second);
    const healthyAt = Date.now();
    const answered = () => sink!.deliveries.filter((d) => d.answered && d.body?.type === "Create");
    await waitUntil(() => new Set(answered().map((d) => d.port)).size === FOLLOWERS, "the Create on every follower's server", 120_000);
    const doneAt = Date.now();

    const creates = sink.deliveries.filter((d) => d.body?.type === "Create");
    const report = {
      followers: FOLLOWERS,
      inFlightAtKill,
      deliveriesReceived: creates.length,
      duplicates: creates.length - FOLLOWERS,
      msFromRestartToAllDelivered: doneAt - restartedAt,
      msFromHealthyToAllDelivered: doneAt - healthyAt,
    };
    console.log(`crash recovery: ${JSON.stringify(report)}`);
    mkdirSync(artifacts, { recursive: true });
    writeFileSync(join(artifacts, "crash-recovery.json"), `${JSON.stringify(report, null, 2)}\n`);

    // Complete, and every delivery — before the kill and after — is the same activity.
    expect(new Set(answered().map((d) => d.port))).toEqual(new Set(sink.origins.map((origin) => Number(new URL(origin).port))));
    expect(new Set(creates.map((d) => d.body!.id))).toEqual(new Set([creates[0]!.body!.id]));
    expect(new Set(creates.map((d) => (d.body!.object as { id?: unknown }).id))).toEqual(new Set([created.body.url]));
  }, 180_000);
});
