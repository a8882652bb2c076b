// Two nodes in the world: each behind nginx on its own address and host name, with https
// origins and certificates from a test authority. They find each other by WebFinger, follow
// each other and deliver over HTTPS through the proxies, which log what went through them.
// The host names resolve for the node processes through a test-only module (host-map.ts) and for
// the test through its own client; the nodes trust the test authority via NODE_EXTRA_CA_CERTS.

import type { ChildProcess } from "node:child_process";
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import { runCantine } from "../helpers/cli.ts";
import { dateFromToday } from "../helpers/dates.ts";
import { freePort } from "../helpers/node-process.ts";
import type { Nginx } from "../helpers/tls-proxy.ts";
import { freePortOn, httpsClient, makeTestCa, requireProgram, sampleProxyDirectives, startNginx } from "../helpers/tls-proxy.ts";
import { waitUntil } from "../helpers/wait.ts";

const repoRoot = new URL("../../", import.meta.url).pathname;

type Site = { slug: "paris" | "sf"; host: string; address: string; proxyPort: number; nodePort: number; origin: string; configFile: string };
type Running = { site: Site; child: ChildProcess; output: () => string };

const cities = {
  paris: { name: "La Cantine Paris", city: "Paris", country: "FR", timezone: "Europe/Paris" },
  sf: { name: "The Cantine San Francisco", city: "San Francisco", country: "US", timezone: "America/Los_Angeles" },
} as const;

describe("two nodes behind TLS reverse proxies", () => {
  let dir: string;
  let sites: Site[];
  let nginx: Nginx | undefined;
  const nodes: Running[] = [];
  let request: (url: string, init?: RequestInit) => Promise<Response>;
  const tokens: Record<string, string> = {};

  async function call(site: Site, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const headers: Record<string, string> = { Accept: "application/json", Authorization: `Bearer ${tokens[site.slug]}` };
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await request(`${site.origin}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : null };
  }

  function startNode(site: Site, caFile: string, hostMap: string): Running {
    const child = spawn(process.execPath, ["--import", join(repoRoot, "test/helpers/host-map.ts"), "node/main.ts", "--config", site.configFile], {
      cwd: repoRoot,
      env: { ...process.env, CANTINE_CONFIG: "", NODE_EXTRA_CA_CERTS: caFile, CANTINE_TEST_HOSTS: hostMap },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let log = "";
    child.stdout!.on("data", (chunk) => (log += chunk));
    child.stderr!.on("data", (chunk) => (log += chunk));
    const running = { site, child, output: () => log };
    nodes.push(running);
    return running;
  }

  /** Runs `work`; if it fails, the error carries what the nodes and the proxy logged. */
  async function withLogs<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const logs = [...nodes.map((node) => `--- ${node.site.slug}\n${node.output()}`), `--- nginx\n${nginx?.output() ?? ""}\n${nginx?.accessLog() ?? ""}`];
      throw new Error(`${error instanceof Error ? error.message : String(error)}\n${logs.join("\n")}`);
    }
  }

  beforeAll(async () => {
    // Fail, never skip, when the machine lacks the proxy or openssl.
    requireProgram("nginx");
    requireProgram("openssl");
    dir = mkdtempSync(join(tmpdir(), "cantine-https-"));
    const plan = [
      { slug: "paris" as const, host: "paris.cantine.test", address: "127.0.0.2" },
      { slug: "sf" as const, host: "sf.cantine.test", address: "127.0.0.3" },
    ];
    sites = await Promise.all(
      plan.map(async ({ slug, host, address }) => {
        const proxyPort = await freePortOn(address);
        const nodePort = await freePort();
        return { slug, host, address, proxyPort, nodePort, origin: `https://${host}:${proxyPort}`, configFile: join(dir, `${slug}.json`) };
      }),
    );
    const ca = makeTestCa(
      join(dir, "ca"),
      sites.map((site) => site.host),
    );
    const hosts = Object.fromEntries(sites.map((site) => [site.host, site.address]));
    request = httpsClient(ca.caFile, hosts);

    for (const site of sites) {
      writeFileSync(
        site.configFile,
        JSON.stringify(
          {
            slug: site.slug,
            ...cities[site.slug],
            origin: site.origin,
            host: "127.0.0.1",
            port: site.nodePort,
            dataDir: `./${site.slug}-data`,
            allowPrivateAddresses: true,
            logLevel: "info",
            // Paris names its proxy's address; San Francisco keeps the default (loopback).
            ...(site.slug === "paris" ? { trustProxy: ["127.0.0.1"] } : {}),
          },
          null,
          2,
        ),
      );
      const issued = await runCantine(["token", "issue", "--config", site.configFile, "--name", "https test", "--scope", "admin"]);
      if (issued.code !== 0) throw new Error(`token issue failed: ${issued.stderr}`);
      tokens[site.slug] = issued.stdout.trim();
    }

    const proxyDir = join(dir, "nginx");
    mkdirSync(proxyDir);
    nginx = await startNginx(
      proxyDir,
      sites.map((site) => ({
        address: site.address,
        port: site.proxyPort,
        serverName: site.host,
        ...ca.certs[site.host]!,
        upstream: `127.0.0.1:${site.nodePort}`,
      })),
    );
    const hostMap = sites.map((site) => `${site.host}=${site.address}`).join(",");
    for (const site of sites) startNode(site, ca.caFile, hostMap);
    for (const node of nodes) {
      await waitUntil(
        async () => {
          if (node.child.exitCode !== null) throw new Error(`node ${node.site.slug} exited:\n${node.output()}`);
          return (await request(`${node.site.origin}/healthz`).catch(() => undefined))?.ok === true;
        },
        `${node.site.slug} healthy through its proxy`,
        20_000,
      );
    }
  }, 60_000);

  afterAll(async () => {
    await Promise.all(
      nodes.map(async ({ child }) => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
        await exited;
        clearTimeout(timer);
      }),
    );
    await nginx?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("serves its actor, WebFinger and Secure cookies on the public https origin", async () => {
    const [paris] = sites as [Site, Site];
    const actor = await request(`${paris.origin}/users/paris`, { headers: { Accept: "application/activity+json" } });
    expect(actor.status).toBe(200);
    const document = (await actor.json()) as { id: string; inbox: string; publicKey: { id: string } };
    expect(document.id).toBe(`${paris.origin}/users/paris`);
    expect(document.inbox).toBe(`${paris.origin}/users/paris/inbox`);
    expect(document.publicKey.id.startsWith(`${paris.origin}/users/paris#`)).toBe(true);

    const finger = await request(`${paris.origin}/.well-known/webfinger?resource=acct:paris@${paris.host}:${paris.proxyPort}`);
    expect(finger.status).toBe(200);
    const links = ((await finger.json()) as { links: { rel: string; href?: string }[] }).links;
    expect(links.find((link) => link.rel === "self")?.href).toBe(`${paris.origin}/users/paris`);

    // A page that remembers the visitor's language: its cookie is Secure behind the proxy.
    const page = await request(`${paris.origin}/?lang=en`);
    expect(page.status).toBe(200);
    const cookies = page.headers.getSetCookie();
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies) expect(cookie).toMatch(/;\s*Secure/i);
  });

  it("follows each other and delivers over HTTPS through the proxies", async () => {
    const [paris, sf] = sites as [Site, Site];
    const handle = (site: Site) => `${site.slug}@${site.host}:${site.proxyPort}`;
    for (const [from, to] of [
      [paris, sf],
      [sf, paris],
    ] as const) {
      const followed = await call(from, "POST", "/api/admin/follows", { handle: `@${handle(to)}` });
      expect(followed.status).toBe(202);
    }
    for (const [from, to] of [
      [paris, sf],
      [sf, paris],
    ] as const) {
      await withLogs(() =>
        waitUntil(
          async () => {
            const follows = await call(from, "GET", "/api/admin/follows");
            return follows.body.items.some((f: any) => f.handle === handle(to) && f.state === "accepted");
          },
          `${from.slug} following ${to.slug}`,
          30_000,
        ),
      );
    }

    const day = dateFromToday(14);
    expect((await call(paris, "POST", "/api/admin/events", { title: "Apéro chiffré", startsAt: `${day}T19:00` })).status).toBe(201);
    expect((await call(sf, "POST", "/api/admin/events", { title: "TLS all the way down", startsAt: `${day}T18:00` })).status).toBe(201);
    for (const [site, title] of [
      [sf, "Apéro chiffré"],
      [paris, "TLS all the way down"],
    ] as const) {
      await withLogs(() =>
        waitUntil(
          async () => {
            const calendar = await call(site, "GET", "/api/calendar?limit=200");
            return calendar.body.items.some((item: any) => item.title === title);
          },
          `"${title}" in ${site.slug}'s calendar`,
          30_000,
        ),
      );
    }
    const arrived = await call(sf, "GET", "/api/calendar?limit=200");
    expect(arrived.body.items.find((item: any) => item.title === "Apéro chiffré").url).toMatch(new RegExp(`^${paris.origin}/events/`));

    // Both deliveries went through the proxies over TLS and were accepted.
    const log = nginx!.accessLog();
    for (const site of [paris, sf]) {
      const inboxPosts = log.split("\n").filter((line) => line.includes(` ${site.host} "POST /`) && /\/inbox HTTP/.test(line));
      expect(inboxPosts.length).toBeGreaterThan(0);
      expect(inboxPosts.filter((line) => !/" 202 TLSv1\.[23] "/.test(line))).toEqual([]);
    }
  }, 90_000);

  it("ships an nginx sample that nginx accepts", async () => {
    const nginxBinary = requireProgram("nginx");
    const [paris] = sites as [Site, Site];
    const ca = join(dir, "ca");
    // nginx -t opens the listening sockets too: ports 80 and 443 become free ports on loopback
    // (the machine may run a web server, and a test may not be root).
    const ports = { 80: await freePortOn("127.0.0.4"), 443: await freePortOn("127.0.0.4") };
    const sample = readFileSync(join(repoRoot, "scripts/deploy/nginx/cantine.conf"), "utf8")
      .replaceAll("/etc/letsencrypt/live/paris.cantine.example/fullchain.pem", join(ca, `${paris.host}.crt`))
      .replaceAll("/etc/letsencrypt/live/paris.cantine.example/privkey.pem", join(ca, `${paris.host}.key`))
      .replace(/^\s*listen \[::\]:(80|443)[^;]*;\n/gm, "")
      .replace(/listen (80|443)\b/g, (_, port: "80" | "443") => `listen 127.0.0.4:${ports[port]}`);
    expect(sample).toMatch(/listen 127\.0\.0\.4:\d+ ssl http2;/);
    const checkDir = join(dir, "nginx-check");
    mkdirSync(checkDir);
    writeFileSync(join(checkDir, "site.conf"), sample);
    const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"].map((kind) => `  ${kind}_temp_path ${join(checkDir, kind)};`).join("\n");
    writeFileSync(
      join(checkDir, "nginx.conf"),
      `pid ${join(checkDir, "nginx.pid")};\nerror_log stderr;\nevents {}\nhttp {\n  access_log off;\n${temp}\n  include ${join(checkDir, "site.conf")};\n}\n`,
    );
    const check = execFileSync(nginxBinary, ["-t", "-e", "stderr", "-p", checkDir, "-c", join(checkDir, "nginx.conf")], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    expect(check).toBe("");
    expect(sampleProxyDirectives("127.0.0.1:1")).toContain("proxy_set_header Host $http_host;");
  });
});
