// Shared machinery of the benchmark: work folders, node processes on loopback (prepared in their
// database before they start), memory readings, polling. Every process started here is ended by
// its pid; every wait is bounded.

import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BuiltNode } from "../../node/app.ts";
import { buildNode } from "../../node/app.ts";
import { parseConfig } from "../../node/config.ts";
import { issueToken } from "../../node/http/auth.ts";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/** What every scenario receives: the size to run at, where to put files, how to report progress. */
export type RunContext = {
  quick: boolean;
  /** Extra flags for every node process (e.g. --cpu-prof). */
  nodeFlags: string[];
  /** A folder of this run, removed at the end. */
  workRoot: string;
  log(message: string): void;
  /** Something worth knowing about a figure (printed and kept in the JSON). */
  note(message: string): void;
  /** Memo shared by scenarios of one run (fixtures built once). */
  cache: Map<string, unknown>;
};

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Asks the kernel for a free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export function workDir(ctx: RunContext, name: string): string {
  mkdirSync(ctx.workRoot, { recursive: true });
  return mkdtempSync(join(ctx.workRoot, `${name}-`));
}

export function newWorkRoot(): string {
  return mkdtempSync(join(tmpdir(), "cantine-bench-"));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Polls `check` every `intervalMs` until it is truthy; throws after `timeoutMs`. */
export async function waitUntil<T>(check: () => Promise<T> | T, what: string, timeoutMs: number, intervalMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** Resident memory of a process in MiB, from /proc/<pid>/status (VmRSS). */
export function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = Number(/^VmRSS:\s+(\d+)\s+kB$/m.exec(status)?.[1]);
  if (!Number.isFinite(kb)) throw new Error(`no VmRSS for process ${pid}`);
  return kb / 1024;
}

/** CPU time (user + system) a process has used so far, in seconds, from /proc/<pid>/stat. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

// -- cantine nodes ---------------------------------------------------------------------------

export type CityInfo = { name: string; city: string; country: string; timezone: string; locale: string };

export const CITIES: Record<string, CityInfo> = {
  paris: { name: "La Cantine Paris", city: "Paris", country: "FR", timezone: "Europe/Paris", locale: "fr" },
  sf: { name: "The Cantine San Francisco", city: "San Francisco", country: "US", timezone: "America/Los_Angeles", locale: "en" },
  barcelona: { name: "La Cantina Barcelona", city: "Barcelona", country: "ES", timezone: "Europe/Madrid", locale: "es" },
  saopaulo: { name: "A Cantina São Paulo", city: "São Paulo", country: "BR", timezone: "America/Sao_Paulo", locale: "pt" },
};

/** A node's raw config (what goes into its JSON file) and where it lives. */
export type NodeSpec = { dir: string; port: number; origin: string; slug: string; raw: Record<string, unknown>; configFile: string };

/** Chooses a port and writes the config of a loopback node (private addresses allowed, as in the demo). */
export async function nodeSpec(ctx: RunContext, slug: keyof typeof CITIES | string, extra: Record<string, unknown> = {}): Promise<NodeSpec> {
  const dir = workDir(ctx, slug);
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const city = CITIES[slug] ?? CITIES.paris!;
  const raw = { slug, ...city, origin, host: "127.0.0.1", port, dataDir: "./data", allowPrivateAddresses: true, logLevel: "info", ...extra };
  const configFile = join(dir, `${slug}.json`);
  writeFileSync(configFile, JSON.stringify(raw, null, 2));
  return { dir, port, origin, slug, raw, configFile };
}

/**
 * Creates the node's database (migrations, keys, the local cantine) in this process, lets `seed`
 * write straight into it, and returns an operator token with every scope. The node is not
 * running: a process started afterwards finds everything in place.
 */
export async function prepareNode(spec: NodeSpec, seed?: (node: BuiltNode) => void | Promise<void>): Promise<{ token: string }> {
  const node = await buildNode(parseConfig(spec.raw, { baseDir: spec.dir }));
  try {
    await seed?.(node);
    const { token } = await issueToken(node.auth, { name: "bench", scopes: ["admin"] });
    node.db.pragma("wal_checkpoint(TRUNCATE)");
    return { token };
  } finally {
    node.close();
  }
}

export type RunningNode = {
  spec: NodeSpec;
  pid: number;
  origin: string;
  /** From spawn to the first 200 of /healthz. */
  startupMs: number;
  rssMiB(): number;
  cpuSeconds(): number;
  logTail(lines?: number): string;
  stop(): Promise<void>;
};

const running = new Set<ChildProcess>();

/** Ends every process the benchmark started and still runs (at exit, or after a failure). */
export function killAll(): void {
  for (const child of running) if (child.exitCode === null && child.signalCode === null && child.pid) process.kill(child.pid, "SIGKILL");
  running.clear();
}

/** Spawns a process, remembered so that a failing run still ends it. */
function spawnTracked(command: string, args: string[], options: Parameters<typeof spawn>[2]): ChildProcess {
  const child = spawn(command, args, options);
  running.add(child);
  child.once("exit", () => running.delete(child));
  return child;
}

async function stopProcess(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || !child.pid) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  process.kill(child.pid, "SIGTERM");
  const timer = setTimeout(() => child.pid && child.exitCode === null && process.kill(child.pid, "SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}

/** A clean environment for child processes: no CANTINE_* variable overrides their config. */
export function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.startsWith("CANTINE_")) delete env[key];
  return env;
}

/** Polls `url` every 10 ms until it answers 200 (or the process dies, or 30 s pass). */
export async function waitForHttp(url: string, child: ChildProcess, describe: () => string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`process exited (${child.exitCode ?? child.signalCode}) before ${url} answered:\n${describe()}`);
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      await response.body?.cancel();
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(10);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${describe()}`);
}

function tail(file: string, lines: number): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}

/** Starts `node node/main.ts --config FILE` (the real node process) and waits for /healthz. */
export async function launchNode(ctx: RunContext, spec: NodeSpec): Promise<RunningNode> {
  const logFile = join(spec.dir, "node.log");
  const fd = openSync(logFile, "a");
  const flags = ctx.nodeFlags.map((f) => f.replace("{dir}", spec.dir));
  const started = performance.now();
  const child = spawnTracked(process.execPath, [...flags, "node/main.ts", "--config", spec.configFile], {
    cwd: repoRoot,
    stdio: ["ignore", fd, fd],
    env: childEnv(),
  });
  closeSync(fd);
  const logTail = (lines = 30) => tail(logFile, lines);
  try {
    await waitForHttp(`${spec.origin}/healthz`, child, logTail);
  } catch (error) {
    await stopProcess(child);
    throw error;
  }
  const startupMs = performance.now() - started;
  return {
    spec,
    pid: child.pid!,
    origin: spec.origin,
    startupMs,
    rssMiB: () => rssMiB(child.pid!),
    cpuSeconds: () => cpuSeconds(child.pid!),
    logTail,
    stop: () => stopProcess(child),
  };
}

/** Calls a node's JSON API. */
export async function api(origin: string, method: string, path: string, token: string | null, body?: unknown): Promise<{ status: number; body: any }> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`${origin}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, body: parsed };
}

/** How many events a node's worldwide calendar holds from `from` on (optionally in one city). */
export async function calendarTotal(origin: string, query: Record<string, string> = {}): Promise<number> {
  const params = new URLSearchParams({ limit: "1", from: "2000-01-01", ...query });
  const { status, body } = await api(origin, "GET", `/api/calendar?${params}`, null);
  if (status !== 200) throw new Error(`/api/calendar answered ${status}: ${JSON.stringify(body).slice(0, 300)}`);
  return body.total as number;
}

// -- helper processes with IPC (the sink, the bare Fedify baselines) --------------------------

export type Helper = {
  child: ChildProcess;
  pid: number;
  post(message: unknown): void;
  /** The next message of this type (rejects on an error message, on exit, or after `timeoutMs`). */
  next<T = any>(type: string, timeoutMs: number): Promise<T>;
  stop(): Promise<void>;
};

/** Forks `scripts/bench/<script>` (TypeScript, run by the same Node) with an IPC channel. */
export function forkHelper(script: string, args: string[] = [], nodeFlags: string[] = []): Helper {
  const child = spawnTracked(process.execPath, [...nodeFlags, join(repoRoot, "scripts/bench", script), ...args], {
    cwd: repoRoot,
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    env: childEnv(),
  });
  const inbox: any[] = [];
  const waiters = new Set<() => void>();
  child.on("message", (message) => {
    inbox.push(message);
    for (const wake of [...waiters]) wake();
  });
  child.once("exit", () => {
    for (const wake of [...waiters]) wake();
  });
  return {
    child,
    pid: child.pid!,
    post: (message) => child.send(message as never),
    next<T>(type: string, timeoutMs: number): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        const check = () => {
          const index = inbox.findIndex((m) => m?.type === type || m?.type === "error");
          if (index >= 0) {
            const [message] = inbox.splice(index, 1);
            finish();
            if (message.type === "error") reject(new Error(`${script}: ${message.error}`));
            else resolve(message as T);
          } else if (child.exitCode !== null || child.signalCode !== null) {
            finish();
            reject(new Error(`${script} exited (${child.exitCode ?? child.signalCode}) while we waited for "${type}"`));
          }
        };
        const timer = setTimeout(() => {
          finish();
          reject(new Error(`${script}: no "${type}" within ${timeoutMs} ms`));
        }, timeoutMs);
        const finish = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    stop: () => stopProcess(child, 2_000),
  };
}
