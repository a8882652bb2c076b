// 6. Start-up: from process start to /healthz answering 200, on an empty database (first start:
// migrations and key generation included) and on the calendar benchmark's database (E events).
// Baseline: a bare Fedify federation process (import, create, listen) to its first answer.
import { calendarFixture } from "./calendar.ts";
import type { RunContext } from "./lib.ts";
import { forkHelper, freePort, launchNode, median, nodeSpec, waitForHttp } from "./lib.ts";
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

export async function startup(ctx: RunContext): Promise<Figure[]> {
  const repeats = ctx.quick ? 1 : 5;
  const fixture = await calendarFixture(ctx);
  const empty: number[] = [];
  const loaded: number[] = [];
  const bare: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const fresh = await launchNode(ctx, await nodeSpec(ctx, "paris"));
    empty.push(fresh.startupMs);
    await fresh.stop();
    const full = await launchNode(ctx, fixture.spec);
    loaded.push(full.startupMs);
    await full.stop();
    const b = await launchBare();
    bare.push(b.startupMs);
    await b.stop();
  }
  ctx.log(
    `empty ${empty.map((v) => v.toFixed(0)).join(", ")} ms; ${fixture.events} events ${loaded.map((v) => v.toFixed(0)).join(", ")} ms; bare ${bare.map((v) => v.toFixed(0)).join(", ")} ms`,
  );
  const target = (value: number) => ({ text: "< 1.5 s", reached: value < 1_500 });
  const emptyMs = median(empty);
  const loadedMs = median(loaded);
  return [
    figure(
      "startup",
      `empty database (first start: migrations, key generation), median of ${repeats}`,
      "ms",
      emptyMs,
      "lower",
      { value: median(bare), label: "bare Fedify process to its first answer" },
      { target: target(emptyMs) },
    ),
    figure(
      "startup",
      `${fixture.events.toLocaleString("en-US")}-event database, median of ${repeats}`,
      "ms",
      loadedMs,
      "lower",
      { value: emptyMs, label: "our node on an empty database" },
      { target: target(loadedMs) },
    ),
  ];
}
