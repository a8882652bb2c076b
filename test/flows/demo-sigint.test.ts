// Ctrl-C in a terminal running `npm run demo`: the terminal sends SIGINT to the whole foreground
// process group (npm and the demo), and npm forwards its own copy to the demo. That one keypress
// must stop every node cleanly (SIGTERM, servers and databases closed), not kill them.

import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "@jest/globals";
import { freeBasePort, isFree } from "../helpers/ports.ts";

const repoRoot = new URL("../../", import.meta.url).pathname;
const SLUGS = { paris: "Paris", sf: "San Francisco", barcelona: "Barcelona", saopaulo: "São Paulo" } as const;

/** npm as the test runner's own npm runs it (`npm run jest` sets npm_execpath), else the one on the PATH. */
function npmCommand(args: string[]): [string, string[]] {
  const cli = process.env.npm_execpath;
  return cli?.endsWith(".js") ? [process.execPath, [cli, ...args]] : ["npm", args];
}

/** Every file under `dir`, as paths relative to it. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1));
}

describe("npm run demo in a terminal", () => {
  let npm: ChildProcess | undefined;
  let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> | undefined;
  let output = "";
  const dir = mkdtempSync(join(tmpdir(), "cantine-demo-sigint-"));

  afterAll(async () => {
    if (npm?.pid && npm.exitCode === null && npm.signalCode === null) {
      process.kill(-npm.pid, "SIGTERM");
      const timer = setTimeout(() => npm?.pid && process.kill(-npm.pid, "SIGKILL"), 20_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it("stops every node cleanly on one Ctrl-C sent to npm's whole process group", async () => {
    const base = await freeBasePort();
    const [command, args] = npmCommand(["run", "--silent", "demo", "--", "--dir", dir, "--base-port", String(base)]);
    // Its own process group, as a terminal's foreground job is: the test then signals the group.
    const child = spawn(command, args, { cwd: repoRoot, env: { ...process.env, CANTINE_CONFIG: "" }, stdio: ["ignore", "pipe", "pipe"], detached: true });
    npm = child;
    child.stdout!.on("data", (chunk) => (output += chunk));
    child.stderr!.on("data", (chunk) => (output += chunk));
    exited = new Promise((resolve) => child.once("exit", (code, signal) => resolve({ code, signal })));

    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "Demo network ready" after 150 s:\n${output}`)), 150_000);
      child.stdout!.on("data", () => output.includes("Demo network ready") && (clearTimeout(timer), resolve()));
      void exited!.then(({ code }) => (clearTimeout(timer), reject(new Error(`npm run demo exited with ${code} before being ready:\n${output}`))));
    });

    const demoPid = Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, "utf8").trim().split(/\s+/)[0]);
    expect(demoPid).toBeGreaterThan(0);
    process.kill(-child.pid!, "SIGINT");
    // npm forwards its copy to the demo a moment later; the kernel merges it with the first when
    // both are still pending, so send one more to be sure the demo sees the keypress twice.
    setTimeout(() => {
      try {
        process.kill(demoPid, "SIGINT");
      } catch {
        // already gone
      }
    }, 50);
    let timer: NodeJS.Timeout | undefined;
    const result = await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(() => resolve("still running after 40 s"), 40_000)))]);
    clearTimeout(timer);
    expect({ result, output }).toEqual({ result: { code: 0, signal: null }, output: expect.stringContaining("stopped.") });
    expect(output).not.toContain("killing the nodes");

    for (const [slug, label] of Object.entries(SLUGS)) {
      // The demo notes how each node ended, in its output and at the end of the node's log.
      expect(output).toMatch(new RegExp(`${label}\\s+stopped \\(exit code 0\\)`));
      const log = readFileSync(join(dir, `${slug}.log`), "utf8");
      expect(log).toContain("Received SIGTERM, stopping");
      expect(log.trimEnd().split("\n").at(-1)).toMatch(new RegExp(`demo: ${label} stopped \\(exit code 0\\) ===$`));
      // A database closed by its last connection has checkpointed and removed its write-ahead log.
      const data = join(dir, slug);
      expect(existsSync(data)).toBe(true);
      const files = filesUnder(data);
      expect(files.some((file) => file.endsWith(".db"))).toBe(true);
      expect(files.filter((file) => file.endsWith("-wal") || file.endsWith("-shm"))).toEqual([]);
    }
    for (let i = 1; i <= 4; i++) expect(await isFree(base + i)).toBe(true);
  }, 220_000);
});
