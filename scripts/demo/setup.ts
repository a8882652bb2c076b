// The demo's scratch folder: one config per city (each following the three others), the nodes'
// data folders and logs, and a marker that says the folder is the demo's (so --fresh may wipe it).
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { NodeSpec } from "./nodes.ts";
import { shown } from "./nodes.ts";
import type { DemoCity } from "./programme.ts";
import { barcelona } from "./seed/barcelona.ts";
import { paris } from "./seed/paris.ts";
import { saopaulo } from "./seed/saopaulo.ts";
import { sf } from "./seed/sf.ts";

/** The cities of the demo network; the n-th listens on base port + n + 1. */
export const CITIES: readonly DemoCity[] = [paris, sf, barcelona, saopaulo];

export type DemoOptions = Readonly<{ dir: string; basePort: number; fresh: boolean }>;

export type DemoNode = NodeSpec & Readonly<{ city: DemoCity; handle: string }>;

const MARKER = ".cantine-demo.json";

export class SetupError extends Error {}

/** Prepares the scratch folder (wiping it first with `fresh`) and writes the four configs. */
export function prepareDemo(options: DemoOptions): DemoNode[] {
  const dir = resolve(options.dir);
  const marker = join(dir, MARKER);
  const isDemoDir = existsSync(marker);
  const isEmpty = !existsSync(dir) || readdirSync(dir).length === 0;
  if (!isEmpty && !isDemoDir) {
    throw new SetupError(`${shown(dir)} is not empty and was not made by the demo (no ${MARKER}): choose another --dir.`);
  }
  if (options.fresh) rmSync(dir, { recursive: true, force: true });
  else if (isDemoDir) {
    const { basePort } = JSON.parse(readFileSync(marker, "utf8")) as { basePort?: number };
    if (basePort !== options.basePort) {
      // Actor ids contain the port: the stored network only works on the ports it was made with.
      throw new SetupError(
        `${shown(dir)} holds a demo network made with --base-port ${basePort}: run with --base-port ${basePort}, or add --fresh to start over.`,
      );
    }
  }
  mkdirSync(dir, { recursive: true });
  writeFileSync(marker, `${JSON.stringify({ basePort: options.basePort }, null, 2)}\n`);

  const nodes = CITIES.map((city, i): DemoNode => {
    const port = options.basePort + i + 1;
    const { slug, city: label } = city.venue;
    return {
      slug,
      label,
      port,
      city,
      origin: `http://127.0.0.1:${port}`,
      handle: `${slug}@127.0.0.1:${port}`,
      configFile: join(dir, `${slug}.json`),
      logFile: join(dir, `${slug}.log`),
    };
  });
  for (const node of nodes) {
    const { slug, name, city, country, timezone, locale, address, summary, website } = node.city.venue;
    const config = {
      slug,
      name,
      city,
      country,
      timezone,
      origin: node.origin,
      host: "127.0.0.1",
      port: node.port,
      dataDir: `./${slug}`,
      allowPrivateAddresses: true, // the demo's peers are all on 127.0.0.1
      locale,
      logLevel: "info",
      network: nodes.filter((other) => other !== node).map((other) => other.handle),
      summary,
      address,
      website,
    };
    writeFileSync(node.configFile, `${JSON.stringify(config, null, 2)}\n`);
  }
  return nodes;
}
