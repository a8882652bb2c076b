// An operator backs up a node while it runs, and brings a backup back after a stop: the events
// come back, and so does the node's identity (its keys are in the database).

import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import Database from "better-sqlite3";
import { runCantine } from "../helpers/cli.ts";
import { dateFromToday } from "../helpers/dates.ts";
import type { NodeProcess } from "../helpers/node-process.ts";
import { removeWorkDir, startNodeProcess } from "../helpers/node-process.ts";
import { api, issueToken } from "../helpers/operator.ts";
import { waitUntil } from "../helpers/wait.ts";

async function actorPublicKey(node: NodeProcess): Promise<unknown> {
  const response = await fetch(`${node.origin}/users/paris`, { headers: { Accept: "application/activity+json" } });
  expect(response.status).toBe(200);
  return ((await response.json()) as { publicKey: unknown }).publicKey;
}

async function ownTitles(node: NodeProcess): Promise<string[]> {
  const response = await api(node, "GET", "/api/events?limit=200", null);
  return response.body.items.map((item: { title: string }) => item.title);
}

function titlesIn(file: string): string[] {
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    expect(db.pragma("integrity_check", { simple: true })).toBe("ok");
    return (db.prepare("SELECT title FROM events WHERE local = 1").all() as { title: string }[]).map((row) => row.title);
  } finally {
    db.close();
  }
}

describe("backups and restores of a node", () => {
  let node: NodeProcess;
  let token: string;
  let spare: string;
  const cli = (...args: string[]) => runCantine([...args, "--config", node.configFile]);
  const publish = (title: string, days: number) =>
    api(node, "POST", "/api/admin/events", token, { title, startsAt: `${dateFromToday(days)}T19:00`, endsAt: `${dateFromToday(days)}T21:00` });

  beforeAll(async () => {
    node = await startNodeProcess({ slug: "paris" });
    token = await issueToken(node, "admin");
    spare = mkdtempSync(join(tmpdir(), "cantine-backups-"));
  }, 30_000);
  afterAll(async () => {
    await node?.stop();
    if (node) removeWorkDir(dirname(node.configFile));
    if (spare) rmSync(spare, { recursive: true, force: true });
  });

  it("backs up while the node writes, refuses to restore while it runs, and restores events and keys after a stop", async () => {
    const before = ["Avant 1", "Avant 2", "Avant 3"];
    for (const [i, title] of before.entries()) expect((await publish(title, 10 + i)).status).toBe(201);
    const publicKey = await actorPublicKey(node);

    // A writer keeps publishing while the backup is taken.
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        expect((await publish(`Pendant ${written}`, 20)).status).toBe(201);
        written++;
      }
    })();
    const file = join(spare, "paris.db");
    let backup: Awaited<ReturnType<typeof cli>>;
    try {
      await waitUntil(() => written >= 2, "the writer under way");
      backup = await cli("backup", file);
    } finally {
      writing = false;
      await writer;
    }
    expect(backup.stderr).toBe("");
    expect(backup.code).toBe(0);
    expect(backup.stdout).toContain(`Backed up La Cantine paris to ${file}`);
    expect(backup.stdout).toContain("the keys of paris");
    const copied = titlesIn(file);
    expect(copied).toEqual(expect.arrayContaining(before));
    expect(copied.filter((title) => title.startsWith("Pendant")).length).toBeLessThanOrEqual(written);

    // After the backup: an event it does not hold.
    expect((await publish("Après la sauvegarde", 30)).status).toBe(201);

    const refused = await cli("restore", file);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("the node is running");
    expect(await ownTitles(node)).toContain("Après la sauvegarde");
    expect(readdirSync(node.dataDir).filter((name) => name.includes("before-restore"))).toEqual([]);

    await node.stop();
    const restored = await cli("restore", file);
    expect(restored.stderr).toBe("");
    expect(restored.code).toBe(0);
    const kept = readdirSync(node.dataDir).filter((name) => /^cantine\.db\.before-restore-\d{8}T\d{6}Z$/.test(name));
    expect(kept).toHaveLength(1);
    expect(restored.stdout).toContain(kept[0]);

    node = await node.restart();
    const titles = await ownTitles(node);
    expect(titles).toEqual(expect.arrayContaining(before));
    expect(titles).not.toContain("Après la sauvegarde");
    expect(await actorPublicKey(node)).toEqual(publicKey);
  }, 60_000);

  it("refuses another node's backup and a file that is not a backup", async () => {
    const lyon = join(spare, "lyon");
    const init = await runCantine([
      "init",
      "--yes",
      "--config",
      join(lyon, "cantine.json"),
      "--slug",
      "lyon",
      "--name",
      "La Cantine Lyon",
      "--city",
      "Lyon",
      "--country",
      "FR",
      "--timezone",
      "Europe/Paris",
      "--origin",
      "https://lyon.cantine.example",
    ]);
    expect(init.code).toBe(0);
    const lyonBackup = join(spare, "lyon.db");
    expect((await runCantine(["backup", lyonBackup, "--config", join(lyon, "cantine.json")])).code).toBe(0);

    const wrongNode = await cli("restore", lyonBackup);
    expect(wrongNode.code).toBe(1);
    expect(wrongNode.stderr).toContain("it holds the keys of lyon, not those of paris");
    const notABackup = await cli("restore", node.configFile);
    expect(notABackup.code).toBe(1);
    expect(notABackup.stderr).toContain("not a readable SQLite database");
    expect(await ownTitles(node)).toContain("Avant 1"); // still the same node, still running
  }, 30_000);

  it("runs the scheduled backup from the config, keeping backup.keep copies", async () => {
    const scheduled = await startNodeProcess({ slug: "paris", config: { backup: { schedule: "* * * * * *", keep: 2, dir: "./backups" } } });
    try {
      const folder = join(dirname(scheduled.configFile), "backups");
      await waitUntil(
        () => /Job backup: database copied to .*; 1 older copy\(ies\) removed/.test(scheduled.output()),
        "a scheduled backup that pruned an older one",
        20_000,
      );
      expect(existsSync(folder)).toBe(true);
      const copies = readdirSync(folder).filter((name) => /^cantine-\d{8}T\d{6}Z\.db$/.test(name));
      expect(copies.length).toBeGreaterThanOrEqual(2);
      expect(copies.length).toBeLessThanOrEqual(3); // the newest may be written before the oldest is pruned
    } finally {
      await scheduled.stop();
      removeWorkDir(dirname(scheduled.configFile));
    }
  }, 40_000);
});
