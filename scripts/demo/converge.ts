// Convergence: every node's worldwide calendar holds upcoming events from every city.

import type { NodeSpec } from "./nodes.ts";
import { shown } from "./nodes.ts";

/** For each node, the cities its calendar (`/api/calendar`, upcoming events) has no event from yet. */
async function missingCities(nodes: readonly NodeSpec[], cities: readonly string[]): Promise<Map<NodeSpec, string[]>> {
  const missing = new Map<NodeSpec, string[]>();
  await Promise.all(
    nodes.map(async (node) => {
      const lacks: string[] = [];
      for (const city of cities) if (!(await hasEventsFrom(node, city))) lacks.push(city);
      if (lacks.length > 0) missing.set(node, lacks);
    }),
  );
  return missing;
}

async function hasEventsFrom(node: NodeSpec, city: string): Promise<boolean> {
  try {
    const response = await fetch(`${node.origin}/api/calendar?limit=1&city=${encodeURIComponent(city)}`, { signal: AbortSignal.timeout(5_000) });
    return response.ok && ((await response.json()) as { total: number }).total > 0;
  } catch {
    return false;
  }
}

/** Polls until every calendar has every city; the error names which node lacks which city. */
export async function waitForConvergence(nodes: readonly NodeSpec[], cities: readonly string[], timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const missing = await missingCities(nodes, cities);
    if (missing.size === 0) return;
    if (Date.now() > deadline) {
      const lines = [...missing].map(([node, lacks]) => `  ${node.label} (${node.origin}/api/calendar) has no event from ${lacks.join(", ")}`);
      throw new Error(
        `The network did not converge within ${Math.round(timeoutMs / 1000)} s:\n${lines.join("\n")}\nSee the node logs: ${nodes.map((n) => shown(n.logFile)).join(", ")}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}
