import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { AddressInfo, Server } from "node:net";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "@jest/globals";

const repoRoot = new URL("../../", import.meta.url).pathname;
const workDir = mkdtempSync(join(tmpdir(), "cantine-startup-"));
// A process still running after this long is stuck (the old /proc spin): it is killed, and the
// test fails on its missing exit code.
const STUCK_AFTER_MS = 20_000;

type Run = { code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string };

function configFile(overrides: Record<string, unknown>): string {
  const port = (overrides.port as number | undefined) ?? 8101;
  const config = {
    slug: "paris",
    name: "La Cantine",
    city: "Paris",
    country: "FR",
    timezone: "Europe/Paris",
    origin: `http://127.0.0.1:${port}`,
    host: "127.0.0.1",
    port,
    dataDir: "./data",
    allowPrivateAddresses: true,
    ...overrides,
  };
  const file = join(workDir, `config-${crypto.randomUUID()}.json`);
  writeFileSync(file, JSON.stringify(config));
  return file;
}

function run(script: string, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: repoRoot,
      env: { ...process.env, CANTINE_CONFIG: "", CANTINE_PORT: "", CANTINE_HOST: "", CANTINE_DATA_DIR: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), STUCK_AFTER_MS);
    child.once("error", reject);
    child.once("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

const startNode = (config: string) => run("node/main.ts", ["--config", config]);

/** Exit code 2, one line on stderr naming the key, and no stack trace anywhere. */
function expectClearFailure(result: Run, key: string, problem: RegExp): void {
  const lines = result.stderr.split("\n").filter((line) => line.trim() !== "");
  expect({ code: result.code, signal: result.signal, lines }).toEqual({ code: 2, signal: null, lines: [expect.any(String)] });
  expect(lines[0]).toContain(`"${key}"`);
  expect(lines[0]).toMatch(problem);
  expect(`${result.stdout}\n${result.stderr}`).not.toMatch(/^ {4}at /m);
}

describe("a node that cannot start", () => {
  const servers: Server[] = [];
  afterAll(async () => {
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    rmSync(workDir, { recursive: true, force: true });
  });

  it("says which port is already in use", async () => {
    const server = createServer();
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;

    const result = await startNode(configFile({ port }));
    expectClearFailure(result, "port", new RegExp(`${port}.*already in use.*EADDRINUSE`));
  });

  it("says the data folder is below a regular file", async () => {
    writeFileSync(join(workDir, "a-file"), "not a folder");
    const result = await startNode(configFile({ dataDir: "./a-file/data" }));
    expectClearFailure(result, "dataDir", /a-file is a file, not a folder/);
  });

  // Root may write in a folder whatever its mode: /proc refuses new files to everyone.
  it("says the data folder cannot be written", async () => {
    const result = await startNode(configFile({ dataDir: "/proc" }));
    expectClearFailure(result, "dataDir", /cannot write in the folder \/proc/);
  });

  it("answers at once for a data folder under /proc instead of spinning", async () => {
    const result = await startNode(configFile({ dataDir: "/proc/cantine-data" }));
    expectClearFailure(result, "dataDir", /cannot create the folder \/proc\/cantine-data/);
  });

  it("fails the same way in the command line", async () => {
    const result = await run("scripts/cantine.ts", ["event", "list", "--config", configFile({ dataDir: "/proc/cantine-data" })]);
    expectClearFailure(result, "dataDir", /cannot create the folder \/proc\/cantine-data/);
  });
});
