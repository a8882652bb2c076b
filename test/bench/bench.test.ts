import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "@jest/globals";

const repoRoot = new URL("../../", import.meta.url).pathname;
const SCENARIOS = ["fanout", "ingest", "calendar", "backfill", "memory", "startup", "hostile", "mesh"];

/** Figures that must be there by name (beyond "each scenario has some"): the read modes and the network. */
const NAMED: Record<string, RegExp[]> = {
  calendar: ["a month of one city", "a tag's iCalendar feed", "the HTML home page"].flatMap((endpoint) =>
    ["", " \\(every answer computed\\)", " \\(a remote event arriving every 100 ms\\)"].map(
      (mode) => new RegExp(`${endpoint.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}.*\\)${mode}: requests per second$`),
    ),
  ),
  mesh: [
    /^4 nodes .*: time until every calendar holds every event$/,
    /^4 nodes: deliveries/,
    /^4 nodes: bytes sent per node/,
    /^4 nodes: CPU per node/,
    /^4 nodes: RSS per node/,
    /CPU per follow/,
  ],
};

/** Runs `node scripts/bench/run.ts --quick` as a child process; resolves with its exit code and output. */
function runQuickBench(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["scripts/bench/run.ts", "--quick"], {
      cwd: repoRoot,
      env: { ...process.env, CANTINE_CONFIG: "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}

const finitePositive = (value: unknown) => typeof value === "number" && Number.isFinite(value) && value > 0;

describe("npm run bench -- --quick", () => {
  it("produces every figure of every scenario, each with a baseline (never how fast)", async () => {
    const { code, stdout, stderr } = await runQuickBench();
    const lines = stdout.trimEnd().split("\n");
    const file = lines[lines.length - 1]!.trim();
    expect({ code, stderr: code === 0 ? "" : stderr.slice(-3000) }).toEqual({ code: 0, stderr: "" });
    expect(file).toMatch(/bench-results\/.+\.json$/);
    const results = JSON.parse(readFileSync(file, "utf8"));
    expect(results.quick).toBe(true);
    expect(results.scenarios.map((s: any) => s.name)).toEqual(SCENARIOS);
    expect(results.scenarios.filter((s: any) => s.error)).toEqual([]);
    for (const scenario of SCENARIOS) {
      const figures = results.figures.filter((f: any) => f.scenario === scenario);
      expect({ scenario, count: figures.length > 0 }).toEqual({ scenario, count: true });
      const missing = (NAMED[scenario] ?? []).filter((name) => !figures.some((f: any) => name.test(f.figure))).map(String);
      expect({ scenario, missing }).toEqual({ scenario, missing: [] });
      for (const f of figures) {
        expect({ figure: f.figure, value: finitePositive(f.value), baseline: finitePositive(f.baseline), ratio: finitePositive(f.ratio) }).toEqual({
          figure: f.figure,
          value: true,
          baseline: true,
          ratio: true,
        });
      }
    }
  }, 480_000);
});
