import { isRecord } from "./remote-json.ts";

const NODEINFO_SCHEMAS = ["http://nodeinfo.diaspora.software/ns/schema/2.1", "http://nodeinfo.diaspora.software/ns/schema/2.0"];
const APPLICATION_REL = "https://www.w3.org/ns/activitystreams#Application";

/** What a server lists at `/.well-known/nodeinfo`: its NodeInfo 2.x document, and its instance actor (FEP-2677). */
type NodeInfoIndex = Readonly<{ nodeInfo: URL | null; application: URL | null }>;

/** A JSON document read with the node's fetch (its address policy, deadline and size cap); a non-2xx answer throws. */
export async function getJson(url: URL): Promise<unknown> {
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) {
    await response.body?.cancel();
    throw new Error(`${url.href} answered ${response.status}`);
  }
  return response.json();
}

/**
 * A server's NodeInfo index, read with the node's own fetch rather than Fedify's `getNodeInfo`:
 * Fedify 2.3.8 refuses every private address there, whatever the node allows (a loopback
 * network included), and does not give the FEP-2677 link Gancio and Mobilizon publish.
 */
export async function readNodeInfoIndex(origin: string): Promise<NodeInfoIndex> {
  const url = new URL("/.well-known/nodeinfo", origin);
  const index = await getJson(url);
  const links = isRecord(index) && Array.isArray(index.links) ? index.links.filter(isRecord) : [];
  const href = (rel: string) => {
    const link = links.find((l) => l.rel === rel && typeof l.href === "string");
    return link ? new URL(String(link.href), url) : null;
  };
  return { nodeInfo: NODEINFO_SCHEMAS.map(href).find((found) => found !== null) ?? null, application: href(APPLICATION_REL) };
}
