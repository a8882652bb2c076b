// The benchmark's results: one figure per line of the table, the same records in the JSON file.
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { join } from "node:path";

/** One measured figure, next to what it is compared with. `ratio` is always ours ÷ baseline. */
export type Figure = {
  scenario: string;
  figure: string;
  unit: string;
  value: number;
  /** Which direction is good: req/s are "higher", milliseconds and megabytes "lower". */
  better: "higher" | "lower";
  baseline: number;
  baselineLabel: string;
  ratio: number;
  /** A target from the issue, when it has one; checked, never asserted. */
  target?: { text: string; reached: boolean };
  note?: string;
};

/** `loadAverage`: the machine's 1-minute load average before and after (other work skews figures). */
export type ScenarioOutcome = { name: string; durationMs: number; loadAverage: [number, number]; error?: string; notes: string[] };

export type Machine = { nproc: number; cpu: string; ramGiB: number; node: string; platform: string };

export type Results = {
  startedAt: string;
  finishedAt: string;
  quick: boolean;
  only: string | null;
  machine: Machine;
  scenarios: ScenarioOutcome[];
  figures: Figure[];
};

/** A figure from its value and its baseline; the ratio is computed here. */
export function figure(
  scenario: string,
  name: string,
  unit: string,
  value: number,
  better: Figure["better"],
  baseline: { value: number; label: string },
  extra: { target?: Figure["target"]; note?: string } = {},
): Figure {
  return { scenario, figure: name, unit, value, better, baseline: baseline.value, baselineLabel: baseline.label, ratio: value / baseline.value, ...extra };
}

export function machine(): Machine {
  let cpu = cpus()[0]?.model ?? "unknown";
  try {
    cpu = /^model name\s*:\s*(.+)$/m.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1]?.trim() ?? cpu;
  } catch {
    // not Linux: os.cpus() is good enough
  }
  let nproc = cpus().length;
  try {
    nproc = Number(execFileSync("nproc", { encoding: "utf8" }).trim()) || nproc;
  } catch {
    // no nproc: keep os.cpus()
  }
  return { nproc, cpu, ramGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10, node: process.version, platform: `${process.platform}-${process.arch}` };
}

function shown(value: number, unit: string): string {
  if (!Number.isFinite(value)) return String(value);
  const digits = Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  return `${value.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits })} ${unit}`;
}

/** The table printed at the end of a run. */
export function table(figures: readonly Figure[]): string {
  const rows = figures.map((f) => [
    f.scenario,
    f.figure,
    shown(f.value, f.unit),
    `${shown(f.baseline, f.unit)} (${f.baselineLabel})`,
    `${f.ratio.toFixed(2)}× (${f.better} is better)`,
    f.target ? `${f.target.reached ? "reached" : "MISSED"}: ${f.target.text}` : "",
  ]);
  const header = ["scenario", "figure", "ours", "baseline", "ratio", "target"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/** Writes the results to `<dir>/<name>.json` (by default the start time) and returns the file's path. */
export function writeResults(dir: string, results: Results, name = results.startedAt.replace(/[:.]/g, "-")): string {
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.json`);
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  return file;
}
