import { dirname } from "node:path";
import type { NodeProcess } from "./node-process.ts";
import { removeWorkDir, startNodeProcess } from "./node-process.ts";
import { api, issueToken } from "./operator.ts";
import { startTogether } from "./start.ts";
import { waitUntil } from "./wait.ts";

export type CityNode = { node: NodeProcess; token: string; slug: string; handle: string };

export const cities = {
  paris: { name: "La Cantine Paris", city: "Paris", country: "FR", timezone: "Europe/Paris", locale: "fr" },
  sf: { name: "The Cantine San Francisco", city: "San Francisco", country: "US", timezone: "America/Los_Angeles", locale: "en" },
  barcelona: { name: "La Cantina Barcelona", city: "Barcelona", country: "ES", timezone: "Europe/Madrid", locale: "es" },
  saopaulo: { name: "A Cantina São Paulo", city: "São Paulo", country: "BR", timezone: "America/Sao_Paulo", locale: "pt" },
} as const;

/** Starts one real node process per city, each with an operator token. */
export async function startCities(slugs: (keyof typeof cities)[]): Promise<CityNode[]> {
  const nodes = await startTogether(
    ...slugs.map((slug) => startNodeProcess({ slug, config: { ...cities[slug], address: undefined, website: undefined, summary: undefined } })),
  );
  try {
    return await Promise.all(
      nodes.map(async (node, i) => ({ node, token: await issueToken(node, "admin"), slug: slugs[i]!, handle: `${slugs[i]}@${new URL(node.origin).host}` })),
    );
  } catch (error) {
    await Promise.all(nodes.map((node) => node.stop()));
    throw error;
  }
}

export async function stopCities(nodes: CityNode[]): Promise<void> {
  await Promise.all(nodes.map((n) => n.node.stop()));
  for (const n of nodes) removeWorkDir(dirname(n.node.configFile));
}

/** `from` follows `to` through the admin API and waits until `to` has accepted. */
export async function follow(from: CityNode, to: CityNode): Promise<void> {
  const response = await api(from.node, "POST", "/api/admin/follows", from.token, { handle: `@${to.handle}` });
  if (response.status !== 202) throw new Error(`follow failed: ${response.status} ${JSON.stringify(response.body)}`);
  await waitUntil(
    async () => {
      const list = await api(from.node, "GET", "/api/admin/follows", from.token);
      return list.body.items.some((f: any) => f.handle === to.handle && f.state === "accepted" && f.lastSyncAt);
    },
    `${from.slug} following ${to.slug}`,
    30_000,
  );
}

/** The titles in a node's worldwide calendar. */
export async function calendarTitles(n: CityNode, query = ""): Promise<string[]> {
  const response = await api(n.node, "GET", `/api/calendar?limit=200${query}`, null);
  return response.body.items.map((item: any) => item.title);
}
