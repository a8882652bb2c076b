import { createHash, timingSafeEqual } from "node:crypto";
import { BlockList, isIP } from "node:net";
import type { Request } from "express";
import { Router } from "express";

/** Who may read /metrics: clients at these addresses (or networks, "10.0.0.0/8"), or bearers of the token. */
type MetricsAccess = Readonly<{ allow: readonly string[]; token?: string }>;

export type MetricsDeps = Readonly<{
  access: MetricsAccess;
  render: () => Promise<{ contentType: string; body: string }>;
}>;

/** "::ffff:127.0.0.1" (an IPv4 client on a dual-stack socket) is 127.0.0.1. */
export function plainAddress(address: string): string {
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i.exec(address);
  return mapped ? mapped[1]! : address;
}

/** The allow list as a BlockList (a list of addresses to match, despite its name). */
export function addressList(entries: readonly string[]): BlockList {
  const list = new BlockList();
  for (const entry of entries) {
    const [address, prefix] = entry.split("/") as [string, string | undefined];
    const family = isIP(plainAddress(address)) === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(plainAddress(address), family);
    else list.addSubnet(plainAddress(address), Number(prefix), family);
  }
  return list;
}

function digest(text: string): Buffer {
  return createHash("sha256").update(text, "utf8").digest();
}

/** Whether the request may read the metrics: an allowed client address, or the right bearer token. */
export function metricsAllowed(req: Pick<Request, "ip" | "get">, allowed: BlockList, token: string | undefined): boolean {
  // req.ip honours X-Forwarded-For only from trusted proxies, so behind a reverse proxy it is the real client.
  const address = plainAddress(req.ip ?? "");
  const family = isIP(address);
  if (family !== 0 && allowed.check(address, family === 6 ? "ipv6" : "ipv4")) return true;
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.get("authorization") ?? "")?.[1];
  return token !== undefined && bearer !== undefined && timingSafeEqual(digest(bearer), digest(token));
}

/** `GET /metrics`: the node's metrics in Prometheus text format, for allowed addresses or the token. */
export function metricsRoutes(deps: MetricsDeps): Router {
  const router = Router();
  const allowed = addressList(deps.access.allow);
  router.get("/metrics", async (req, res) => {
    if (!metricsAllowed(req, allowed, deps.access.token)) {
      res.status(403).set("Cache-Control", "no-store").json({
        error: "Metrics are served only to the addresses in the config's metrics.allow, or with its metrics.token as a bearer token",
      });
      return;
    }
    const { contentType, body } = await deps.render();
    res.status(200).set({ "Content-Type": contentType, "Cache-Control": "no-store" }).send(body);
  });
  return router;
}
