// Locates the shared JSON fixtures. They live in `shared/fixtures/<kind>/`, where `shared` is
// a sibling of the repository root, so paths are resolved from this file, never from the
// working directory or an absolute path.

import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export type FixtureKind = "mastodon" | "peers";

const FIXTURES_ROOT = new URL("../../../shared/fixtures/", import.meta.url);

/** File-system path of `shared/fixtures/<kind>/<name>`; throws a clear error when it is missing. */
function fixturePath(kind: FixtureKind, name: string): string {
  const path = fileURLToPath(new URL(`${kind}/${name}`, FIXTURES_ROOT));
  if (!existsSync(path)) {
    throw new Error(`fixture ${kind}/${name} not found at ${path} (expected shared/ next to the repository root)`);
  }
  return path;
}

/** Parsed JSON content of a fixture. */
export function readJsonFixture<T = unknown>(kind: FixtureKind, name: string): T {
  return JSON.parse(readFileSync(fixturePath(kind, name), "utf8")) as T;
}
