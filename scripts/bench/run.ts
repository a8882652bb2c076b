// `npm run bench [-- --quick] [-- --only NAME] [-- --profile] [-- --save NAME]`: runs the benchmark
// scenarios on loopback, prints a table (scenario, figure, ours, baseline, ratio, target) and
// writes the same as JSON to bench-results/<timestamp>.json (not committed), whose path is the
// last line printed; with --save, also to bench-results/published/NAME.json (committed: the
// README quotes these).
import "../../node/temporal.ts";
import { loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { backfill } from "./backfill.ts";
import { calendar } from "./calendar.ts";
import { fanout } from "./fanout.ts";
import { hostile } from "./hostile.ts";
import { ingest } from "./ingest.ts";
import type { RunContext } from "./lib.ts";
import { killAll, newWorkRoot, removeDir, repoRoot } from "./lib.ts";
import { memory } from "./memory.ts";
import { mesh } from "./mesh.ts";
import type { Figure, Results, ScenarioOutcome } from "./report.ts";
import { machine, table, writeResults } from "./report.ts";
import { startup } from "./startup.ts";

const scenarios: Record<string, { title: string; run: (ctx: RunContext) => Promise<Figure[]> }> = {
  fanout: { title: "Fan-out of one event to F followers on S servers", run: fanout },
  ingest: { title: "Inbox ingest of signed Create(Event)", run: ingest },
  calendar: { title: "Calendar reads under concurrent load", run: calendar },
  backfill: { title: "Back-fill of a followed node's outbox", run: backfill },
  memory: { title: "Resident memory", run: memory },
  startup: { title: "Start-up to /healthz", run: startup },
  hostile: { title: "Hostile input: the worst bodies, and a flood from one host", run: hostile },
  mesh: { title: "A network of N cantines following each other (full mesh)", run: mesh },
};

const usage = `Usage: npm run bench [-- --quick] [-- --only ${Object.keys(scenarios).join("|")}] [-- --profile] [-- --save NAME]
  --quick     every scenario at a small size (a few minutes)
  --only N    run one scenario (may be repeated)
  --profile   node processes write CPU profiles (--cpu-prof) next to their data
  --save N    also write the results to bench-results/published/N.json, a file to commit
              (N: letters, digits, dots, dashes and underscores, e.g. 2026-12-01-full)`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      quick: { type: "boolean", default: false },
      only: { type: "string", multiple: true },
      profile: { type: "boolean", default: false },
      save: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const only = values.only ?? [];
  const unknown = only.filter((name) => !(name in scenarios));
  if (unknown.length > 0) {
    process.stderr.write(`Unknown scenario ${unknown.join(", ")}.\n${usage}\n`);
    return 2;
  }
  if (values.save !== undefined && !/^[\w.-]{1,100}$/.test(values.save)) {
    process.stderr.write(`--save needs a file name of letters, digits, dots, dashes and underscores, got "${values.save}".\n${usage}\n`);
    return 2;
  }
  const selected = only.length > 0 ? only : Object.keys(scenarios);
  const workRoot = newWorkRoot();
  const startedAt = new Date().toISOString();
  const figures: Figure[] = [];
  const outcomes: ScenarioOutcome[] = [];
  const info = machine();
  process.stdout.write(
    `Cantine benchmark${values.quick ? " (quick)" : ""}: ${info.nproc} × ${info.cpu}, ${info.ramGiB} GiB, Node ${info.node}, load average ${loadavg()[0]!.toFixed(2)}\n`,
  );
  for (const name of selected) {
    const scenario = scenarios[name]!;
    const notes: string[] = [];
    const ctx: RunContext = {
      quick: values.quick,
      nodeFlags: values.profile ? ["--cpu-prof", "--cpu-prof-dir={dir}/profiles"] : [],
      workRoot,
      log: (message) => process.stdout.write(`  ${message}\n`),
      note: (message) => {
        notes.push(message);
        process.stdout.write(`  note: ${message}\n`);
      },
      cache: sharedCache,
    };
    process.stdout.write(`\n== ${name}: ${scenario.title}\n`);
    const started = performance.now();
    const loadBefore = Math.round(loadavg()[0]! * 100) / 100;
    const load = (): [number, number] => [loadBefore, Math.round(loadavg()[0]! * 100) / 100];
    try {
      const produced = await scenario.run(ctx);
      figures.push(...produced);
      for (const f of produced)
        process.stdout.write(`  ${f.figure}: ${f.value.toFixed(2)} ${f.unit} (baseline ${f.baseline.toFixed(2)}, ${f.ratio.toFixed(2)}×)\n`);
      outcomes.push({ name, durationMs: Math.round(performance.now() - started), loadAverage: load(), notes });
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.stderr.write(`  ${name} FAILED: ${message}\n`);
      outcomes.push({ name, durationMs: Math.round(performance.now() - started), loadAverage: load(), error: message, notes });
      killAll();
    }
  }
  killAll();
  if (!values.profile) removeDir(workRoot);
  else process.stdout.write(`\nCPU profiles are under ${workRoot}\n`);
  const results: Results = {
    startedAt,
    finishedAt: new Date().toISOString(),
    quick: values.quick,
    only: only.length ? only.join(",") : null,
    machine: info,
    scenarios: outcomes,
    figures,
  };
  process.stdout.write(`\n${table(figures)}\n\n`);
  const failed = outcomes.filter((o) => o.error);
  if (failed.length) process.stdout.write(`FAILED: ${failed.map((o) => o.name).join(", ")}\n`);
  const file = writeResults(join(repoRoot, "bench-results"), results);
  if (values.save !== undefined)
    process.stdout.write(`Kept for the README: ${writeResults(join(repoRoot, "bench-results/published"), results, values.save)}\n`);
  process.stdout.write(`Results written to:\n${file}\n`);
  return failed.length ? 1 : 0;
}

const sharedCache = new Map<string, unknown>();

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(130);
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    killAll();
    process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
