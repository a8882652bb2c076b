import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { getLogger } from "@logtape/logtape";
import { FollowerSoftware, lookUpSoftware } from "../../federation/instance-software.ts";
import type { Follower, FollowerStore } from "../../node/domain/network/followers.ts";

const log = getLogger(["cantine", "test"]);

function follower(actorId: string, software: string | null = null): Follower {
  return {
    actorId,
    inbox: `${actorId}/inbox`,
    sharedInbox: null,
    followId: `${actorId}#follow`,
    actorType: "Application",
    handle: null,
    software,
    state: "accepted",
    createdAt: "",
    acceptedAt: "",
  };
}

function store() {
  const stored = new Map<string, string>();
  const followers = { setSoftware: (actorId: string, software: string) => void stored.set(actorId, software) } as unknown as FollowerStore;
  return { stored, followers };
}

describe("lookUpSoftware", () => {
  let server: http.Server;
  let origin: string;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const json = (body: unknown) => res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify(body));
      if (req.url === "/.well-known/nodeinfo") {
        return json({
          links: [
            { rel: "https://www.w3.org/ns/activitystreams#Application", href: `${origin}/relay` },
            { rel: "http://nodeinfo.diaspora.software/ns/schema/2.0", href: "/nodeinfo/2.0" },
          ],
        });
      }
      if (req.url === "/nodeinfo/2.0")
        return json({ version: "2.0", software: { name: "Mobilizon", version: "5.1.3" }, protocols: ["activitypub"], usage: { users: {} } });
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("reads the software name from the server's NodeInfo, lower-cased", async () => {
    expect(await lookUpSoftware(origin)).toBe("mobilizon");
  });

  it("fails when the server publishes no NodeInfo", async () => {
    const empty = http.createServer((_req, res) => res.writeHead(404).end());
    await new Promise<void>((resolve) => empty.listen(0, "127.0.0.1", resolve));
    try {
      await expect(lookUpSoftware(`http://127.0.0.1:${(empty.address() as AddressInfo).port}`)).rejects.toThrow(/answered 404/);
    } finally {
      await new Promise<void>((resolve) => empty.close(() => resolve()));
    }
  });
});

describe("FollowerSoftware", () => {
  it("uses what the follower's row already says, without a lookup", async () => {
    const { followers } = store();
    const software = new FollowerSoftware(followers, log, async () => {
      throw new Error("no lookup expected");
    });
    expect(await software.of(follower("https://mobilizon.example/relay", "mobilizon"))).toBe("mobilizon");
  });

  it("looks an unknown one up once, stores it, and shares a lookup between concurrent asks", async () => {
    const { stored, followers } = store();
    let lookups = 0;
    const software = new FollowerSoftware(followers, log, async (origin) => (lookups++, origin === "https://gancio.example" ? "gancio" : "?"));
    const relay = follower("https://gancio.example/federation/u/relay");
    expect(await Promise.all([software.of(relay), software.of(relay)])).toEqual(["gancio", "gancio"]);
    expect(lookups).toBe(1);
    expect(stored.get(relay.actorId)).toBe("gancio");
  });

  it("after a failed lookup, asks again only an hour later", async () => {
    const { stored, followers } = store();
    let now = 0;
    let lookups = 0;
    let up = false;
    const software = new FollowerSoftware(
      followers,
      log,
      async () => {
        lookups++;
        if (!up) throw new Error("down");
        return "mobilizon";
      },
      () => now,
    );
    const relay = follower("https://mobilizon.example/relay");
    expect(await software.of(relay)).toBeNull();
    up = true;
    now += 59 * 60_000;
    expect(await software.of(relay)).toBeNull();
    expect(lookups).toBe(1);
    now += 2 * 60_000;
    expect(await software.of(relay)).toBe("mobilizon");
    expect(stored.get(relay.actorId)).toBe("mobilizon");
  });
});
