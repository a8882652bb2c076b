#!/usr/bin/env node
// `npm run demo`: four cantines (Paris, San Francisco, Barcelona, São Paulo) on this machine, seeded,
// following each other, until Ctrl-C. The pieces are in scripts/demo/.
import "../node/temporal.ts";
import { parseArgs } from "node:util";
import { waitForConvergence } from "./demo/converge.ts";
import { Fleet, portIsFree, shown } from "./demo/nodes.ts";
import { describeSeed, seedNode } from "./demo/seed.ts";
import type { DemoOptions } from "./demo/setup.ts";
import { CITIES, prepareDemo, SetupError } from "./demo/setup.ts";

const HELP = `Usage: npm run demo -- [--dir DIR] [--base-port N] [--fresh]

Starts the demo network: four cantine nodes (${CITIES.map((c) => c.venue.city).join(", ")}) on
127.0.0.1, ports N+1 to N+4, seeded with the coming weeks' programme and following each other.
Runs until Ctrl-C.

  --dir DIR       scratch folder for configs, databases and logs (default ./.demo); kept between runs
  --base-port N   the nodes listen on N+1…N+4 (default 8100)
  --fresh         wipe the scratch folder first (new keys, new programme)
  --help          this text`;

class Interrupted extends Error {}

/** Signals within this time of the first one are copies of it (see the handler below). */
const SAME_KEYPRESS_MS = 1000;

const say = (line: string) => process.stdout.write(`${line}\n`);
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

function parseOptions(argv: string[]): DemoOptions | "help" {
  const { values } = parseArgs({
    args: argv,
    options: { dir: { type: "string" }, "base-port": { type: "string" }, fresh: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    strict: true,
  });
  if (values.help) return "help";
  const basePort = Number(values["base-port"] ?? 8100);
  if (!Number.isInteger(basePort) || basePort < 1024 || basePort > 65_531) {
    throw new SetupError(`--base-port must be a whole number from 1024 to 65531 (got "${values["base-port"]}").`);
  }
  return { dir: values.dir ?? ".demo", basePort, fresh: values.fresh ?? false };
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (options === "help") return (say(HELP), 0);
  const nodes = prepareDemo(options);
  const busy = [];
  for (const node of nodes) if (!(await portIsFree(node.port))) busy.push(node.port);
  if (busy.length > 0)
    throw new SetupError(
      `${busy.length > 1 ? "Ports" : "Port"} ${busy.join(", ")} ${busy.length > 1 ? "are" : "is"} already in use (another demo running?): stop it, or pick other ports with --base-port.`,
    );

  const dir = shown(options.dir);
  say(`Cantine demo network in ${dir}/ (node logs: ${dir}/<city>.log)`);
  const started = performance.now();
  process.stdout.write(`starting ${nodes.length} nodes… `);
  const fleet = new Fleet(nodes);
  // From here on, Ctrl-C or SIGTERM stops the nodes first; a later one kills them.
  let stopRequested: (signal: string) => void;
  const signalled = new Promise<string>((resolve) => (stopRequested = resolve));
  let firstSignalAt: number | undefined;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      const at = performance.now();
      if (firstSignalAt === undefined) {
        firstSignalAt = at;
        return stopRequested(signal);
      }
      // One Ctrl-C in a terminal reaches npm and the demo (one process group), and npm forwards
      // its copy: signals this close to the first are the same keypress, not a second one.
      if (at - firstSignalAt < SAME_KEYPRESS_MS) return;
      say("killing the nodes…");
      for (const node of fleet.nodes) if (node.running) node.child.kill("SIGKILL");
    });
  }
  const interrupted = signalled.then((signal) => Promise.reject(new Interrupted(signal)));
  interrupted.catch(() => {});

  const guard = <T>(work: Promise<T>) => Promise.race([work, fleet.died, interrupted]);
  try {
    await guard(fleet.healthy());
    say(`up in ${seconds(started)}`);

    const reports = await guard(Promise.all(nodes.map((node) => seedNode(node, node.city, Temporal.Now.plainDateISO(node.city.venue.timezone)))));
    reports.forEach((report, i) => say(`seeding ${nodes[i]!.label}: ${describeSeed(report)}`));

    const seeded = performance.now();
    process.stdout.write("following… ");
    await guard(
      waitForConvergence(
        nodes,
        nodes.map((n) => n.label),
      ),
    );
    say(`converged in ${seconds(seeded)} (${seconds(started)} after start-up)`);

    say("");
    for (const node of nodes) {
      say(`${node.label.padEnd(15)} ${node.origin}/`);
      say(`  calendar JSON ${node.origin}/api/calendar`);
      say(`  follow        @${node.handle}`);
    }
    say("");
    say("Mastodon can only follow nodes on public HTTPS hosts: these handles work between the demo's nodes only.");
    say(`Press Ctrl-C to stop. Node logs: ${dir}/<city>.log`);
    say("Demo network ready");
    await guard(new Promise<never>(() => {}));
    return 0;
  } catch (error) {
    if (error instanceof Interrupted) {
      say(`\n${error.message}: stopping the ${nodes.length} nodes… (press Ctrl-C again to kill them)`);
      const stops = await fleet.stop();
      for (const stop of stops) say(`  ${stop.label.padEnd(15)} ${stop.how}`);
      const clean = stops.every((stop) => stop.clean);
      say(clean ? "stopped." : "stopped, not all cleanly: see the node logs.");
      return clean ? 0 : 1;
    }
    process.stdout.write("\n");
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    say(`stopping the nodes… (their logs: ${dir}/<city>.log)`);
    await fleet.stop();
    return 1;
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    const known = error instanceof SetupError || (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS");
    process.stderr.write(`demo: ${known ? error.message : error instanceof Error ? error.stack : String(error)}\n`);
    if (known) process.stderr.write("Run `npm run demo -- --help` for the options.\n");
    process.exit(known ? 2 : 1);
  },
);
