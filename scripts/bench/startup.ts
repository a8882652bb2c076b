// 6. Start-up: from process start to /healthz answering 200, on an empty database (first start:
// migrations and key generation included) and on the calendar benchmark's database (E events).
// Baseline: a bare Fedify federation process (import, create, listen) to its first answer, in
// the same run. Each node start after the first finds its modules in Node's compile cache, as
// a production node does from its second start on.
import { join } from "node:path";
import { calendarFixture } from "./calendar.ts";
import type { RunContext } from "./lib.ts";
import { cpuSeconds, forkHelper, freePort, launchNode, median, nodeSpec, waitForHttp } from "./lib.ts";
import type { Figure } from "./report.ts";
import { figure } from "./report.ts";

/** Spawns the bare Fedify process and times it to its first 200 on /healthz. */
export async function launchBare(): Promise<{ startupMs: number; pid: number; stop(): Promise<void> }> {
  const port = await freePort();
  const started = performance.now();
  const bare = forkHelper("bare-fedify.ts", ["idle", String(port)]);
  try {
    await waitForHttp(`http://127.0.0.1:${port}/healthz`, bare.child, () => "bare Fedify process");
  } catch (error) {
    await bare.stop();
    throw error;
  }
  return { startupMs: performance.now() - started, pid: bare.pid, stop: () => bare.stop() };
}

/** Runs `work` with Node's compile cache in `dir` for every process started meanwhile, or disabled (null). */
export async function withCompileCache<T>(dir: string | null, work: () => Promise<T>): Promise<T> {
  const saved = { cache: process.env.NODE_COMPILE_CACHE, disabled: process.env.NODE_DISABLE_COMPILE_CACHE };
  if (dir === null) process.env.NODE_DISABLE_COMPILE_CACHE = "1";
  else {
    process.env.NODE_COMPILE_CACHE = dir;
    delete process.env.NODE_DISABLE_COMPILE_CACHE;
  }
  try {
    return await work();
  } finally {
    for (const [key, value] of [
      ["NODE_COMPILE_CACHE", saved.cache],
      ["NODE_DISABLE_COMPILE_CACHE", saved.disabled],
    ] as const) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

export async function startup(ctx: RunContext): Promise<Figure[]> {
  const repeats = ctx.quick ? 1 : 5;
  const fixture = await calendarFixture(ctx);
  const empty: number[] = [];
  const loaded: number[] = [];
  const bare: number[] = [];
  const cold: number[] = [];
  const bareCold: number[] = [];
  // CPU time spent until the first answer: wall-clock figures stretch on a loaded machine, these less.
  const cpu: number[] = [];
  const bareCpu: number[] = [];
  const timeNode = async (spec: Parameters<typeof launchNode>[1], cpuTimes?: number[]) => {
    const node = await launchNode(ctx, spec);
    cpuTimes?.push(node.cpuSeconds() * 1000);
    await node.stop();
    return node.startupMs;
  };
  const timeBare = async (cpuTimes?: number[]) => {
    const b = await launchBare();
    cpuTimes?.push(cpuSeconds(b.pid) * 1000);
    await b.stop();
    return b.startupMs;
  };
  // Both processes with a compile cache of their own in this run's folder, filled by one start
  // each before the timed ones: what a node restarting in production sees.
  await withCompileCache(join(ctx.workRoot, "compile-cache"), async () => {
    await timeNode(await nodeSpec(ctx, "paris"));
    await timeBare();
    for (let i = 0; i < repeats; i++) {
      empty.push(await timeNode(await nodeSpec(ctx, "paris"), cpu));
      loaded.push(await timeNode(fixture.spec));
      bare.push(await timeBare(bareCpu));
    }
  });
  // Without it: the first start after an install or an upgrade.
  await withCompileCache(null, async () => {
    for (let i = 0; i < repeats; i++) {
      cold.push(await timeNode(await nodeSpec(ctx, "paris")));
      bareCold.push(await timeBare());
    }
  });
  const list = (values: number[]) => values.map((v) => v.toFixed(0)).join(", ");
  ctx.log(
    `empty ${list(empty)} ms; ${fixture.events} events ${list(loaded)} ms; bare ${list(bare)} ms; without compile cache: empty ${list(cold)} ms, bare ${list(bareCold)} ms`,
  );
  const target = (value: number) => ({ text: "< 400 ms", reached: value < 400 });
  const emptyMs = median(empty);
  const loadedMs = median(loaded);
  const bareLabel = "bare Fedify process to its first answer";
  return [
    figure(
      "startup",
      `empty database (first start: migrations, key generation), median of ${repeats}`,
      "ms",
      emptyMs,
      "lower",
      { value: median(bare), label: bareLabel },
      { target: target(emptyMs) },
    ),
    figure(
      "startup",
      `${fixture.events.toLocaleString("en-US")}-event database, median of ${repeats}`,
      "ms",
      loadedMs,
      "lower",
      { value: median(bare), label: bareLabel },
      { target: target(loadedMs) },
    ),
    figure("startup", `empty database: CPU time until the first answer, median of ${repeats}`, "ms", median(cpu), "lower", {
      value: median(bareCpu),
      label: "bare Fedify process, CPU time until its first answer",
    }),
    figure("startup", `empty database, compile cache off (first start after an install), median of ${repeats}`, "ms", median(cold), "lower", {
      value: median(bareCold),
      label: `${bareLabel}, compile cache off`,
    }),
  ];
}
