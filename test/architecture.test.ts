import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { describe, expect, it } from "@jest/globals";

const root = new URL("../", import.meta.url).pathname;

/** Which top-level layers each layer may import (ARCHITECTURE.md); node/app.ts may import all. */
const allowed: Record<string, string[]> = {
  "node/domain": ["node/domain"],
  "node/storage": ["node/storage", "node/domain"],
  "node/http": ["node/http", "node/domain"],
  "node/scheduler": ["node/scheduler", "node/domain"],
  // The metrics registry and log formats implement the layers' reporting ports, nothing more.
  "node/observability": ["node/observability", "federation/metrics.ts", "node/http/metrics.ts"],
  "federation/vocab": ["federation/vocab", "node/domain"],
  federation: ["federation", "node/domain"],
};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

function layerOf(file: string): string | undefined {
  const rel = relative(root, file);
  return Object.keys(allowed)
    .sort((a, b) => b.length - a.length)
    .find((layer) => rel === layer || rel.startsWith(`${layer}/`));
}

function relativeImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+"(\.[^"]+)"/gms), ...text.matchAll(/^\s*import\s+"(\.[^"]+)"/gm)];
  return specifiers.map((match) => relative(root, normalize(join(dirname(file), match[1]!))));
}

describe("architecture", () => {
  const files = [...sourceFiles(join(root, "node")), ...sourceFiles(join(root, "federation"))];

  it("keeps imports pointing down the layers", () => {
    const violations: string[] = [];
    for (const file of files) {
      const layer = layerOf(file);
      if (!layer) continue; // node/app.ts, node/main.ts, node/config.ts … are the composition root
      for (const target of relativeImports(file)) {
        const targetLayer = layerOf(join(root, target));
        const permitted = allowed[layer]!.some((ok) => target === ok || target.startsWith(`${ok}/`) || targetLayer === ok);
        if (!permitted) violations.push(`${relative(root, file)} imports ${target}`);
      }
    }
    expect(violations).toEqual([]);
  });

  it("keeps the domain free of I/O libraries", () => {
    const forbidden = /from\s+"(express|better-sqlite3|@fedify\/[^"]+|node-cron|node:fs|node:http)"/;
    const offenders = files.filter((file) => layerOf(file) === "node/domain" && forbidden.test(readFileSync(file, "utf8")));
    expect(offenders.map((file) => relative(root, file))).toEqual([]);
  });

  it("never imports scripts/ or test/ from the source", () => {
    const offenders = files.filter((file) => relativeImports(file).some((target) => /^(scripts|test)\//.test(target)));
    expect(offenders.map((file) => relative(root, file))).toEqual([]);
  });
});
