import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import { SqliteMessageQueue } from "../../federation/queue.ts";
import { processScope, releaseLeasesOfGoneOwners } from "../../federation/queue-owners.ts";
import type { Db } from "../../node/storage/db.ts";
import { openDatabase } from "../../node/storage/db.ts";
import { migrate } from "../../node/storage/migrate.ts";
import { waitUntil } from "../helpers/wait.ts";

const repoRoot = new URL("../../", import.meta.url).pathname;

// Another process on the same database: leases the next outbox message, reports it, then either
// dies on the spot (a kill -9 in the middle of a delivery) or holds the lease until it is killed.
const holder = `
import { SqliteMessageQueue } from ${JSON.stringify(`${repoRoot}federation/queue.ts`)};
import { openDatabase } from ${JSON.stringify(`${repoRoot}node/storage/db.ts`)};
const queue = new SqliteMessageQueue(openDatabase(process.env.QUEUE_DB), { name: "outbox" });
process.stdout.write(JSON.stringify(queue.claim() ?? null) + "\\n");
if (process.env.CRASH) process.kill(process.pid, "SIGKILL");
setInterval(() => {}, 60_000);
`;

type Holder = { child: ChildProcess; claimed: { id: number; payload: string } | null; exited: Promise<void> };

let dir: string;
let file: string;
let dbs: Db[];
let children: ChildProcess[];
let listeners: { controller: AbortController; done: Promise<void> }[];

function open(): Db {
  const db = openDatabase(file);
  migrate(db);
  dbs.push(db);
  return db;
}

async function startHolder(options: { crash?: boolean } = {}): Promise<Holder> {
  const child = spawn(process.execPath, ["--input-type=module", "-e", holder], {
    cwd: repoRoot,
    env: { ...process.env, QUEUE_DB: file, ...(options.crash ? { CRASH: "1" } : {}) },
    stdio: ["ignore", "pipe", "inherit"],
  });
  children.push(child);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const line = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (chunk) => {
      out += chunk;
      if (out.includes("\n")) resolve(out.slice(0, out.indexOf("\n")));
    });
    child.once("exit", (code, signal) => reject(new Error(`holder exited (${code ?? signal}) before claiming`)));
  });
  return { child, claimed: JSON.parse(line), exited };
}

async function kill(holder: Holder): Promise<void> {
  holder.child.kill("SIGKILL");
  await holder.exited; // reaped: its pid no longer names a process
}

function leases(db: Db): { payload: string; leased: boolean; owner: string | null }[] {
  return (
    db.prepare("SELECT payload, lease_until, lease_owner FROM fedify_queue ORDER BY id").all() as {
      payload: string;
      lease_until: number | null;
      lease_owner: string | null;
    }[]
  ).map((row) => ({ payload: row.payload, leased: row.lease_until !== null, owner: row.lease_owner }));
}

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cantine-queue-recovery-"));
  file = path.join(dir, "node.db");
  dbs = [];
  children = [];
  listeners = [];
});

afterEach(async () => {
  for (const { controller } of listeners) controller.abort();
  await Promise.all(listeners.map(({ done }) => done));
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  for (const db of dbs) if (db.open) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("leases after a crash", () => {
  it("resumes at start the message a killed process was handling, long before its lease expires", async () => {
    const db = open();
    await new SqliteMessageQueue(db, { name: "outbox" }).enqueue({ activity: "Create" });
    const crashed = await startHolder({ crash: true });
    await crashed.exited;
    expect(crashed.claimed?.payload).toBe(JSON.stringify({ activity: "Create" }));
    expect(leases(db)).toEqual([{ payload: crashed.claimed!.payload, leased: true, owner: expect.any(String) }]);

    // A listener whose clock stands still well inside the 60 s lease: only the release can hand
    // it the message.
    const frozen = Date.now();
    const queue = new SqliteMessageQueue(db, { name: "outbox", now: () => frozen });
    const received: unknown[] = [];
    const controller = new AbortController();
    listeners.push({ controller, done: queue.listen((message) => void received.push(message), { signal: controller.signal }) });
    await waitUntil(() => received.length > 0, "the released message");
    expect(received).toEqual([{ activity: "Create" }]);
  });

  it("leaves alone the lease of a process that still runs, and releases it once that process is gone", async () => {
    const db = open();
    await new SqliteMessageQueue(db, { name: "outbox" }).enqueue("held");
    const running = await startHolder();
    expect(running.claimed?.payload).toBe(JSON.stringify("held"));

    expect(releaseLeasesOfGoneOwners(db)).toEqual(new Map());
    expect(leases(db)).toEqual([{ payload: JSON.stringify("held"), leased: true, owner: expect.any(String) }]);
    expect(new SqliteMessageQueue(db, { name: "outbox" }).claim()).toBeUndefined();

    await kill(running);
    expect(releaseLeasesOfGoneOwners(db)).toEqual(new Map([["outbox", 1]]));
    expect(new SqliteMessageQueue(db, { name: "outbox" }).claim()?.payload).toBe(JSON.stringify("held"));
  });

  // Linux tells when a process started: a pid given to a new process since no longer vouches for
  // the owner that recorded it.
  (fs.existsSync("/proc/self/stat") ? it : it.skip)("treats an owner whose pid now names a younger process as gone", async () => {
    const db = open();
    const running = await startHolder(); // nothing to claim: it only lends its live pid
    await new SqliteMessageQueue(db, { name: "outbox" }).enqueue("before the pid was reused");
    db.prepare("INSERT INTO fedify_queue_owners (token, queue, pid, scope, started, registered_at) VALUES ('older', 'outbox', ?, ?, '1', ?)").run(
      running.child.pid!,
      processScope,
      Date.now(),
    );
    db.prepare("UPDATE fedify_queue SET lease_until = ?, lease_owner = 'older', attempts = 1").run(Date.now() + 60_000);

    expect(releaseLeasesOfGoneOwners(db)).toEqual(new Map([["outbox", 1]]));
    // The holder's own record, with its true start, stays.
    expect(db.prepare("SELECT pid FROM fedify_queue_owners").all()).toEqual([{ pid: running.child.pid }]);
  });

  it("leaves alone the leases of another queue of this very process", async () => {
    const db = open();
    const first = new SqliteMessageQueue(db, { name: "outbox" });
    await first.enqueue("mine");
    expect(first.claim()?.payload).toBe(JSON.stringify("mine"));
    expect(releaseLeasesOfGoneOwners(db)).toEqual(new Map());
    expect(leases(db)[0]!.leased).toBe(true);
  });

  it("treats an owner with our pid but not one of our tokens as a process before us (a restarted container)", async () => {
    const db = open();
    const queue = new SqliteMessageQueue(db, { name: "inbox" });
    await queue.enqueue("left");
    const token = "previous-incarnation";
    db.prepare("INSERT INTO fedify_queue_owners (token, queue, pid, scope, started, registered_at) VALUES (?, 'inbox', ?, ?, NULL, ?)").run(
      token,
      process.pid,
      processScope,
      Date.now(),
    );
    db.prepare("UPDATE fedify_queue SET lease_until = ?, lease_owner = ?, attempts = 1").run(Date.now() + 60_000, token);

    expect(releaseLeasesOfGoneOwners(db)).toEqual(new Map([["inbox", 1]]));
    expect(queue.claim()?.payload).toBe(JSON.stringify("left"));
    expect(db.prepare("SELECT COUNT(*) AS n FROM fedify_queue_owners WHERE token = ?").get(token)).toEqual({ n: 0 });
  });

  it("does not judge an owner from another host or pid namespace, whose pid means nothing here", async () => {
    const db = open();
    const crashed = await startHolder({ crash: true }); // nothing to claim: its pid is simply gone
    await crashed.exited;
    await new SqliteMessageQueue(db, { name: "outbox" }).enqueue("elsewhere");
    db.prepare(
      "INSERT INTO fedify_queue_owners (token, queue, pid, scope, started, registered_at) VALUES ('other-host', 'outbox', ?, 'another-host', NULL, ?)",
    ).run(crashed.child.pid!, Date.now());
    db.prepare("UPDATE fedify_queue SET lease_until = ?, lease_owner = 'other-host', attempts = 1").run(Date.now() + 60_000);

    expect(releaseLeasesOfGoneOwners(db)).toEqual(new Map());
    expect(leases(db)[0]!.leased).toBe(true);
  });

  it("forgets its owner record once it stops listening", async () => {
    const db = open();
    const queue = new SqliteMessageQueue(db, { name: "fanout" });
    await queue.enqueue("one");
    let handled = 0;
    const controller = new AbortController();
    const done = queue.listen(() => void handled++, { signal: controller.signal });
    await waitUntil(() => handled > 0, "the message handled");
    expect(db.prepare("SELECT queue, pid FROM fedify_queue_owners").all()).toEqual([{ queue: "fanout", pid: process.pid }]);
    controller.abort();
    await done;
    expect(db.prepare("SELECT COUNT(*) AS n FROM fedify_queue_owners").get()).toEqual({ n: 0 });
  });
});
