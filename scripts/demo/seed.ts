// Seeds a running demo node through its admin API, as an operator would: a token from the
// `cantine token issue` command, then one POST per event and project. The running node stays
// the only writer of its federation state, so what is published reaches its followers.
import { spawn } from "node:child_process";
import type { NodeSpec } from "./nodes.ts";
import { childEnv, repoRoot } from "./nodes.ts";
import type { DemoCity } from "./programme.ts";

export type SeedReport =
  | Readonly<{ kind: "seeded"; events: number; series: number; occurrences: number; cancelled: number; projects: number; past: number }>
  | Readonly<{ kind: "kept"; events: number }>;

/**
 * Publishes the city's programme for the weeks after `today`, unless the node already has events of
 * its own: a re-run keeps the data. (If all of them are past, the demo is weeks old: a new programme
 * is added; the past events and the projects stay.)
 */
export async function seedNode(spec: NodeSpec, city: DemoCity, today: Temporal.PlainDate): Promise<SeedReport> {
  const existing = (await call(spec, "GET", "/api/events?past=true&limit=1")).total as number;
  const upcoming = existing > 0 ? ((await call(spec, "GET", "/api/events?limit=1")).total as number) : 0;
  if (upcoming > 0) return { kind: "kept", events: existing };

  const token = await issueToken(spec);
  const { events, projects: announced } = city.programme(today);
  const projects = existing > 0 ? [] : announced; // projects have no dates: those of the first run still stand
  let series = 0,
    occurrences = 0,
    cancelled = 0;
  for (const { cancel, ...input } of events) {
    const created = await call(spec, "POST", "/api/admin/events", input, token);
    if (created.series) series++, (occurrences += created.series.occurrences.length);
    else occurrences++;
    if (cancel) {
      await call(spec, "POST", `/api/admin/events/${encodeURIComponent(created.id)}/cancel`, {}, token);
      cancelled++;
    }
  }
  for (const input of projects) await call(spec, "POST", "/api/admin/projects", input, token);
  return { kind: "seeded", events: events.length, series, occurrences, cancelled, projects: projects.length, past: existing };
}

/** "9 events, 1 weekly series (6 dates), 1 cancelled, 2 projects", or what was kept. */
export function describeSeed(report: SeedReport): string {
  if (report.kind === "kept") return `already has ${report.events} event(s) of its own: kept as they are`;
  const { events, series, occurrences, cancelled, projects } = report;
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  return (
    [
      plural(events - series, "event"),
      series ? `${series} weekly series (${occurrences - (events - series)} dates)` : "",
      cancelled ? `${cancelled} cancelled` : "",
      plural(projects, "project"),
    ]
      .filter(Boolean)
      .join(", ") + (report.past > 0 ? ` (its ${report.past} earlier events are all past)` : "")
  );
}

/** A short-lived operator token, issued by the CLI in its own process. */
async function issueToken(spec: NodeSpec): Promise<string> {
  const args = [
    "scripts/cantine.ts",
    "token",
    "issue",
    "--config",
    spec.configFile,
    "--name",
    "demo seeding",
    "--scope",
    "events:write,projects:write",
    "--days",
    "1",
  ];
  const { code, stdout, stderr } = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd: repoRoot, env: childEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "",
      stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
  const token = stdout.trim();
  if (code !== 0 || !token) throw new Error(`\`cantine token issue\` failed for ${spec.label} (exit code ${code}):\n${stderr.trim()}`);
  return token;
}

// The admin API's answers are JSON; an error names the event or project it was about.
// biome-ignore lint/suspicious/noExplicitAny: the seed reads back whatever JSON the API answers.
async function call(spec: NodeSpec, method: string, path: string, body?: unknown, token?: string): Promise<any> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  const response = await fetch(`${spec.origin}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (response.ok) return text ? JSON.parse(text) : null;
  const what = (body as { title?: string } | undefined)?.title;
  throw new Error(`${spec.label}: ${method} ${path}${what ? ` ("${what}")` : ""} answered ${response.status}: ${text.slice(0, 1000)}`);
}
