import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const repoRoot = new URL("../../", import.meta.url).pathname;

/** Asks the kernel for a free loopback port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

export type NodeProcess = {
  origin: string;
  port: number;
  configFile: string;
  dataDir: string;
  config: Record<string, unknown>;
  process: ChildProcess;
  output: () => string;
  /** Stops the process (SIGTERM, then SIGKILL) and waits for it to exit. */
  stop(): Promise<void>;
  /** Starts the same node again on the same port and data folder. */
  restart(): Promise<NodeProcess>;
};

export type NodeProcessOptions = { slug?: string; config?: Record<string, unknown>; workDir?: string; port?: number };

/**
 * Starts a real cantine node process (`node node/main.ts --config FILE`) on a free loopback port.
 * Another process may take the port between our probe and the node's listen: then the node
 * starts again on another one (unless the caller chose the port).
 */
export async function startNodeProcess(options: NodeProcessOptions = {}): Promise<NodeProcess> {
  const workDir = options.workDir ?? mkdtempSync(join(tmpdir(), "cantine-node-"));
  for (let attempt = 1; ; attempt++) {
    const port = options.port ?? (await freePort());
    try {
      return await launch(writeConfig(workDir, port, options));
    } catch (error) {
      if (options.port !== undefined || attempt >= 5 || !String(error).includes("EADDRINUSE")) throw error;
    }
  }
}

function writeConfig(workDir: string, port: number, options: NodeProcessOptions) {
  const slug = options.slug ?? "paris";
  const origin = `http://127.0.0.1:${port}`;
  const config = {
    slug,
    name: `La Cantine ${slug}`,
    city: "Paris",
    country: "FR",
    timezone: "Europe/Paris",
    origin,
    host: "127.0.0.1",
    port,
    dataDir: "./data",
    allowPrivateAddresses: true,
    address: "151 rue Montmartre, 75002 Paris",
    website: "https://lacantine.example",
    summary: "Espace de coworking et lieu d'événements.",
    logLevel: "info",
    ...options.config,
  };
  const configFile = join(workDir, `${slug}.json`);
  writeFileSync(configFile, JSON.stringify(config, null, 2));
  return { workDir, port, origin, configFile, config };
}

async function launch(spec: { workDir: string; port: number; origin: string; configFile: string; config: Record<string, unknown> }): Promise<NodeProcess> {
  let log = "";
  const child = spawn(process.execPath, ["node/main.ts", "--config", spec.configFile], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, CANTINE_CONFIG: "" },
  });
  child.stdout!.on("data", (chunk) => (log += chunk));
  child.stderr!.on("data", (chunk) => (log += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));

  const handle: NodeProcess = {
    ...spec,
    dataDir: join(spec.workDir, "data"),
    process: child,
    output: () => log,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      }
    },
    restart: () => launch(spec),
  };
  try {
    await waitForHealth(spec.origin, child, () => log);
  } catch (error) {
    await handle.stop();
    throw error;
  }
  return handle;
}

async function waitForHealth(origin: string, child: ChildProcess, log: () => string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`node exited with ${child.exitCode}:\n${log()}`);
    try {
      const response = await fetch(`${origin}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`node at ${origin} did not become healthy:\n${log()}`);
}

/** Removes a work folder made by startNodeProcess. */
export function removeWorkDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
