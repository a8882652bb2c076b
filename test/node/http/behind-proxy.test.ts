import type { Server } from "node:http";
import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "@jest/globals";
import express from "express";
import { cookieOptions, secureCookies, trustForwardedHeaders } from "../../../node/http/behind-proxy.ts";

type Seen = { ip: string; secure: boolean; protocol: string };

/** An app that says how it sees each request, with `trustProxy` applied as the node does. */
async function listen(trustProxy?: readonly string[]): Promise<Server> {
  const app = express();
  trustForwardedHeaders(app, trustProxy);
  app.get("/", (req, res) => {
    res.json({ ip: req.ip, secure: req.secure, protocol: req.protocol });
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  return server;
}

/** A request from `localAddress` (any 127.x address reaches loopback) claiming https for 203.0.113.9. */
function ask(server: Server, localAddress: string): Promise<Seen> {
  const { port } = server.address() as AddressInfo;
  return new Promise((resolve, reject) => {
    const req = request(
      { host: "127.0.0.1", port, path: "/", localAddress, headers: { "X-Forwarded-For": "203.0.113.9", "X-Forwarded-Proto": "https" } },
      (res) => {
        let body = "";
        res.on("data", (chunk) => (body += chunk));
        res.on("end", () => resolve(JSON.parse(body) as Seen));
      },
    );
    req.once("error", reject);
    req.end();
  });
}

describe("forwarded headers behind a reverse proxy", () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
    server = undefined;
  });

  it("are believed from loopback by default", async () => {
    server = await listen();
    expect(await ask(server, "127.0.0.1")).toEqual({ ip: "203.0.113.9", secure: true, protocol: "https" });
  });

  it("are believed only from the configured proxy", async () => {
    server = await listen(["127.0.0.2"]);
    expect(await ask(server, "127.0.0.2")).toEqual({ ip: "203.0.113.9", secure: true, protocol: "https" });
    expect(await ask(server, "127.0.0.3")).toEqual({ ip: "127.0.0.3", secure: false, protocol: "http" });
  });

  it("are believed from a configured range, and from no one with an empty list", async () => {
    server = await listen(["127.0.0.0/30"]);
    expect((await ask(server, "127.0.0.3")).secure).toBe(true);
    expect((await ask(server, "127.0.0.4")).secure).toBe(false);
    await new Promise((resolve) => server!.close(resolve));
    server = await listen([]);
    expect(await ask(server, "127.0.0.1")).toEqual({ ip: "127.0.0.1", secure: false, protocol: "http" });
  });
});

describe("cookies", () => {
  it("are Secure when the public origin is https, whatever the request", () => {
    expect(secureCookies("https://paris.cantine.example")).toBe(true);
    expect(secureCookies("http://127.0.0.1:8101")).toBe(false);
    expect(cookieOptions("https://paris.cantine.example")).toEqual({ httpOnly: true, sameSite: "lax", path: "/", secure: true });
    expect(cookieOptions("http://127.0.0.1:8101", { maxAge: 1000 })).toEqual({ httpOnly: true, sameSite: "lax", path: "/", secure: false, maxAge: 1000 });
  });
});
