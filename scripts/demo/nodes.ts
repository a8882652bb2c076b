// The demo's node processes: one `node node/main.ts --config FILE` per city, its output in a log
// file, watched for an unexpected death, stopped with SIGTERM (then SIGKILL) at the end.

import type { ChildProcess } from "node:child_process";
import { spawn } from "node:child_process";
import { appendFileSync, closeSync, fstatSync, openSync, readSync, writeSync } from "node:fs";
import { createServer } from "node:net";
import { relative } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

export type NodeSpec = Readonly<{
  slug: string;
  /** The city, for messages ("Paris"). */
  label: string;
  origin: string;
  port: number;
  configFile: string;
  logFile: string;
}>;

/** A node process ended while the demo still needed it. */
class NodeDied extends Error {}

/** The environment of a child process: without the variables that would override the demo's configs. */
export function childEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of ["CANTINE_CONFIG", "CANTINE_PORT", "CANTINE_HOST", "CANTINE_DATA_DIR"]) delete env[key];
  return env;
}

/** Whether nothing listens on 127.0.0.1:port. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** The last `count` lines of a log file (reading at most its last 64 kB). */
function lastLines(file: string, count = 20): string {
  let fd: number | undefined;
  try {
    fd = openSync(file, "r");
    const size = fstatSync(fd).size;
    const length = Math.min(size, 65_536);
    const buffer = Buffer.alloc(length);
    readSync(fd, buffer, 0, length, size - length);
    return buffer.toString("utf8").trimEnd().split("\n").slice(-count).join("\n");
  } catch {
    return "(no log)";
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

type Exit = { code: number | null; signal: NodeJS.Signals | null };

/** How a node ended when the demo stopped it: `clean` when it closed its database and exited with 0. */
export type Stopped = Readonly<{ label: string; clean: boolean; how: string }>;

function describeExit({ code, signal }: Exit): string {
  return signal ? `killed by ${signal}` : code === null ? "never started" : code === 0 ? "stopped (exit code 0)" : `exited with code ${code}`;
}

class NodeProcess {
  readonly spec: NodeSpec;
  readonly child: ChildProcess;
  readonly exited: Promise<Exit>;

  constructor(spec: NodeSpec) {
    this.spec = spec;
    const log = openSync(spec.logFile, "a");
    writeSync(log, `\n=== ${new Date().toISOString()} demo: starting ${spec.label} on ${spec.origin} ===\n`);
    try {
      // Its own process group: a Ctrl-C in the terminal reaches the demo only, which stops the nodes in order.
      this.child = spawn(process.execPath, ["node/main.ts", "--config", spec.configFile], {
        cwd: repoRoot,
        env: childEnv(),
        stdio: ["ignore", log, log],
        detached: true,
      });
    } finally {
      closeSync(log); // the child has its own copy
    }
    this.exited = new Promise((resolve) => {
      this.child.once("exit", (code, signal) => resolve({ code, signal }));
      this.child.once("error", () => resolve({ code: null, signal: null })); // could not be spawned
    });
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null && this.child.pid !== undefined;
  }

  /** SIGTERM (the node closes its server and database), SIGKILL after `graceMs`; notes the outcome in its log. */
  async stop(graceMs: number): Promise<Stopped> {
    if (this.running) {
      this.child.kill("SIGTERM");
      const timer = setTimeout(() => this.child.kill("SIGKILL"), graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    const exit = await this.exited;
    const how = describeExit(exit);
    try {
      appendFileSync(this.spec.logFile, `=== ${new Date().toISOString()} demo: ${this.spec.label} ${how} ===\n`);
    } catch {
      // the log folder is gone: nothing to note
    }
    return { label: this.spec.label, clean: exit.code === 0 && exit.signal === null, how };
  }
}

/** The four node processes of the demo. */
export class Fleet {
  readonly nodes: readonly NodeProcess[];
  /** Rejects with NodeDied as soon as a node exits while the demo has not asked it to stop. */
  readonly died: Promise<never>;
  #stopping = false;

  constructor(specs: readonly NodeSpec[]) {
    let reject!: (error: Error) => void;
    this.died = new Promise<never>((_, no) => (reject = no));
    this.died.catch(() => {}); // handled by whoever races it
    this.nodes = specs.map((spec) => new NodeProcess(spec));
    for (const node of this.nodes) {
      void node.exited.then(({ code, signal }) => {
        if (this.#stopping) return;
        const how = signal ? `was killed by ${signal}` : code === null ? "could not be started" : `exited with code ${code}`;
        reject(new NodeDied(`The ${node.spec.label} node ${how}. Last lines of ${shown(node.spec.logFile)}:\n${indent(lastLines(node.spec.logFile))}`));
      });
    }
    // Last resort if the demo itself ends abruptly (an uncaught error): leave no node behind.
    process.once("exit", () => {
      for (const node of this.nodes) if (node.running) node.child.kill("SIGTERM");
    });
  }

  /** Waits until every node answers /healthz. */
  async healthy(timeoutMs = 30_000): Promise<void> {
    await Promise.race([Promise.all(this.nodes.map((node) => waitForHealth(node.spec, timeoutMs))), this.died]);
  }

  /** SIGTERM to every node, SIGKILL to those still running after `graceMs`; resolves once all have exited. */
  async stop(graceMs = 10_000): Promise<Stopped[]> {
    this.#stopping = true;
    return Promise.all(this.nodes.map((node) => node.stop(graceMs)));
  }
}

async function waitForHealth(spec: NodeSpec, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const response = await fetch(`${spec.origin}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      throw new Error(
        `The ${spec.label} node did not answer ${spec.origin}/healthz within ${timeoutMs / 1000} s. Last lines of ${shown(spec.logFile)}:\n${indent(lastLines(spec.logFile))}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function indent(text: string): string {
  return text.replace(/^/gm, "    ");
}

/** A path as the user would type it from here. */
export function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === "" ? "." : rel.startsWith("..") ? path : rel;
}
