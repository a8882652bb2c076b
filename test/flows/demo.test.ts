import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "@jest/globals";
import { freeBasePort, isFree } from "../helpers/ports.ts";
import { waitUntil } from "../helpers/wait.ts";

const repoRoot = new URL("../../", import.meta.url).pathname;
const CITIES = ["Paris", "San Francisco", "Barcelona", "São Paulo"];

async function calendar(port: number): Promise<any[]> {
  const response = await fetch(`http://127.0.0.1:${port}/api/calendar?limit=200`);
  expect(response.status).toBe(200);
  return ((await response.json()) as { items: any[] }).items;
}

describe("npm run demo", () => {
  let demo: ChildProcess | undefined;
  let exited: Promise<number | null> | undefined;
  let output = "";
  const dir = mkdtempSync(join(tmpdir(), "cantine-demo-"));

  afterAll(async () => {
    if (demo && demo.exitCode === null && demo.signalCode === null) {
      demo.kill("SIGTERM"); // the demo stops its nodes before exiting
      const timer = setTimeout(() => demo?.kill("SIGKILL"), 20_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it("starts four seeded nodes that follow each other, then stops them all on Ctrl-C", async () => {
    const base = await freeBasePort();
    const ports = [1, 2, 3, 4].map((i) => base + i);
    const child = spawn(process.execPath, ["scripts/demo.ts", "--dir", dir, "--base-port", String(base)], {
      cwd: repoRoot,
      env: { ...process.env, CANTINE_CONFIG: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    demo = child;
    child.stdout!.on("data", (chunk) => (output += chunk));
    child.stderr!.on("data", (chunk) => (output += chunk));
    exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));

    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "Demo network ready" after 150 s:\n${output}`)), 150_000);
      const check = () => {
        if (output.includes("Demo network ready")) clearTimeout(timer), resolve();
      };
      child.stdout!.on("data", check);
      void exited!.then((code) => (clearTimeout(timer), reject(new Error(`the demo exited with ${code} before being ready:\n${output}`))));
    });
    expect(output).toMatch(/seeding Paris: \d+ events/);
    for (const port of ports) expect(output).toContain(`http://127.0.0.1:${port}/api/calendar`);

    for (const port of ports) {
      const items = await calendar(port);
      expect(new Set(items.map((item) => item.city))).toEqual(new Set(CITIES));
    }
    // Each city cancelled one event after publishing it: every calendar shows all four as cancelled.
    for (const port of ports) {
      await waitUntil(
        async () => {
          const cancelled = (await calendar(port)).filter((item) => item.status === "cancelled");
          return CITIES.every((city) => cancelled.some((item) => item.city === city));
        },
        `the cancelled events of every city on port ${port}`,
        30_000,
      );
    }

    child.kill("SIGINT");
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(() => resolve("still running after 20 s"), 20_000)))]);
    clearTimeout(timer);
    expect(code).toBe(0);
    for (const port of ports) expect(await isFree(port)).toBe(true);
  }, 200_000);
});
