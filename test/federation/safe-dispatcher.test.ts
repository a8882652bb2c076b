import { spawnSync } from "node:child_process";
import type { LookupAddress } from "node:dns";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createFederation, generateCryptoKeyPair, MemoryKvStore } from "@fedify/fedify";
import { Create, Note } from "@fedify/vocab";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "@jest/globals";
import type { Lookup } from "../../federation/safe-dispatcher.ts";
import { createSafeDispatcher, nonPublicRange } from "../../federation/safe-dispatcher.ts";
import { createSafeFetch, FetchRefusedError, installSafeFetch } from "../../federation/safe-fetch.ts";

const PUBLIC = "93.184.216.34"; // answered by the fake resolver only: nothing ever connects to it

// The local server a rebinding attacker would like us to reach. `hits` proves whether anything did.
const hits: string[] = [];
const server = http.createServer((req, res) => {
  hits.push(`${req.method} ${req.url}`);
  res.writeHead(202).end("reached");
});
let port = 0;

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** A resolver that answers `answers[i]` to its i-th question (the last one ever after), recording questions. */
function resolver(...answers: string[][]) {
  const questions: string[] = [];
  const lookup: Lookup = (hostname, options, callback) => {
    questions.push(hostname);
    const addresses: LookupAddress[] = answers[Math.min(questions.length, answers.length) - 1]!.map((address) => ({
      address,
      family: address.includes(":") ? 6 : 4,
    }));
    if (options.all) callback(null, addresses);
    else callback(null, addresses[0]!.address, addresses[0]!.family);
  };
  return { questions, lookup };
}

/** The URL pre-check as it runs in production (every address of the name public), on the fake resolver. */
function precheckWith(lookup: Lookup) {
  return (url: string) =>
    new Promise<void>((resolve, reject) => {
      lookup(new URL(url).hostname, { all: true }, (error, addresses) => {
        if (error) return reject(error);
        const bad = (addresses as LookupAddress[]).find((a) => nonPublicRange(a.address) !== undefined);
        if (bad) reject(new Error(`Invalid or private address: ${bad.address}`));
        else resolve();
      });
    });
}

const strict = { allowPrivateAddresses: false };

describe("nonPublicRange", () => {
  it.each([
    ["127.0.0.1", "loopback"],
    ["127.255.0.9", "loopback"],
    ["10.1.2.3", "private"],
    ["172.16.0.1", "private"],
    ["172.31.255.255", "private"],
    ["192.168.1.1", "private"],
    ["169.254.169.254", "link-local"],
    ["100.64.0.1", "shared address space"],
    ["0.0.0.0", "unspecified"],
    ["224.0.0.1", "multicast"],
    ["255.255.255.255", "reserved"],
    ["198.18.0.1", "benchmarking"],
    ["::", "unspecified"],
    ["::1", "loopback"],
    ["[::1]", "loopback"],
    ["fe80::1", "link-local"],
    ["fe80::1%eth0", "link-local"],
    ["fc00::1", "unique-local"],
    ["fd12:3456::1", "unique-local"],
    ["ff02::1", "multicast"],
    ["::ffff:127.0.0.1", "IPv4-mapped loopback"],
    ["::ffff:7f00:1", "IPv4-mapped loopback"],
    ["::ffff:10.0.0.1", "IPv4-mapped private"],
    ["64:ff9b::a9fe:a9fe", "NAT64 link-local"],
    ["::127.0.0.1", "reserved"],
    ["2001:db8::1", "documentation"],
    ["2002:7f00:1::", "6to4"],
    ["2001:0:4136:e378::1", "Teredo"],
    ["localhost", "not an IP address"],
  ])("%s is %s", (address, range) => {
    expect(nonPublicRange(address)).toBe(range);
  });

  it.each(["93.184.216.34", "8.8.8.8", "172.32.0.1", "100.128.0.1", "2606:4700:4700::1111", "2a01:4f8::1", "::ffff:8.8.8.8", "64:ff9b::808:808"])(
    "%s is public",
    (address) => {
      expect(nonPublicRange(address)).toBeUndefined();
    },
  );
});

describe("createSafeDispatcher: the address is checked when the socket connects", () => {
  it("DNS rebinding: a name that was public for the pre-check and is loopback at connect time is refused, and nothing reaches the local server", async () => {
    const before = hits.length;
    const { questions, lookup } = resolver([PUBLIC], ["127.0.0.1"]);
    const safeFetch = createSafeFetch(strict, globalThis.fetch, { validateUrl: precheckWith(lookup), lookup });
    const attempt = safeFetch(`http://rebind.example:${port}/inbox`, { method: "POST", body: "{}" });
    await expect(attempt).rejects.toThrow(FetchRefusedError);
    await expect(attempt).rejects.toThrow(
      `refusing to fetch http://rebind.example:${port}/inbox: private address 127.0.0.1 (loopback) at connect time; set "allowPrivateAddresses": true in the node config`,
    );
    expect(questions).toEqual(["rebind.example", "rebind.example"]); // asked by the pre-check, then by the connection
    expect(hits.length).toBe(before);
  });

  it("refuses a name with any private address among public ones", async () => {
    const before = hits.length;
    const { lookup } = resolver([PUBLIC, "127.0.0.1"]);
    const safeFetch = createSafeFetch(strict, globalThis.fetch, { validateUrl: async () => {}, lookup }); // as if the pre-check had let it pass
    await expect(safeFetch(`http://mixed.example:${port}/`)).rejects.toThrow("private address 127.0.0.1 (loopback) at connect time");
    expect(hits.length).toBe(before);
  });

  it.each([
    ["an IPv4 literal", () => `http://127.0.0.1:${port}/`, "127.0.0.1 (loopback)"],
    ["an IPv6 literal", () => `http://[::1]:${port}/`, "::1 (loopback)"],
    ["an IPv4-mapped IPv6 literal", () => `http://[::ffff:127.0.0.1]:${port}/`, "::ffff:7f00:1 (IPv4-mapped loopback)"],
  ])("refuses %s (no name to resolve) before connecting", async (_label, url, address) => {
    const before = hits.length;
    const { questions, lookup } = resolver([PUBLIC]);
    const safeFetch = createSafeFetch(strict, globalThis.fetch, { validateUrl: async () => {}, lookup }); // as if the pre-check had let it pass
    await expect(safeFetch(url())).rejects.toThrow(`private address ${address} at connect time; set "allowPrivateAddresses": true`);
    expect(questions).toEqual([]);
    expect(hits.length).toBe(before);
  });

  it("loads undici, a large module, with the first request through it, not when a node installs its guard", () => {
    // In a process of its own: Node's module cache is shared by the test files of a Jest worker.
    const script = `
      import { createRequire } from "node:module";
      import http from "node:http";
      import { installSafeFetch } from "./federation/safe-fetch.ts";
      const loaded = () => Object.keys(createRequire(import.meta.url).cache).some((file) => file.includes("/node_modules/undici/"));
      installSafeFetch({ allowPrivateAddresses: true });
      const before = loaded();
      const server = http.createServer((_req, res) => res.end("reached")).listen(0, "127.0.0.1");
      await new Promise((resolve) => server.once("listening", resolve));
      const text = await (await fetch("http://127.0.0.1:" + server.address().port + "/")).text();
      server.close();
      console.log(JSON.stringify({ before, text, after: loaded() }));`;
    const run = spawnSync(process.execPath, ["--input-type=module", "--no-warnings", "-e", script], { cwd: process.cwd(), encoding: "utf8", timeout: 20_000 });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({ before: false, text: "reached", after: true });
  });

  it("connects to private addresses when they are allowed", async () => {
    const dispatcher = createSafeDispatcher({ allowPrivateAddresses: true });
    const response = await fetch(`http://127.0.0.1:${port}/open`, { dispatcher } as RequestInit);
    expect([response.status, await response.text()]).toEqual([202, "reached"]);
    await dispatcher.close();
  });

  it("keeps the pre-check's quick refusal, which names the config key too", async () => {
    const { questions, lookup } = resolver(["10.0.0.1"]);
    const safeFetch = createSafeFetch(strict, globalThis.fetch, { validateUrl: precheckWith(lookup), lookup });
    await expect(safeFetch("http://intranet.example/")).rejects.toThrow(
      `refusing to fetch http://intranet.example/: private address 10.0.0.1; set "allowPrivateAddresses": true`,
    );
    expect(questions).toEqual(["intranet.example"]); // no connection was attempted
    await expect(createSafeFetch(strict, globalThis.fetch, { lookup })(`http://localhost:${port}/`)).rejects.toThrow(
      `refusing to fetch http://localhost:${port}/: localhost is a private address; set "allowPrivateAddresses": true`,
    );
  });
});

describe("Fedify's own requests go through the global wrapper", () => {
  const realFetch = globalThis.fetch;
  afterEach(() => {
    globalThis.fetch = realFetch;
  });

  it("GHSA-f59r-8gcj-68f2: a delivery to an inbox whose name rebinds to loopback never reaches it", async () => {
    const before = hits.length;
    const { lookup } = resolver([PUBLIC], ["127.0.0.1"]);
    globalThis.fetch = createSafeFetch(strict, realFetch, { validateUrl: precheckWith(lookup), lookup });
    // Fedify's own URL check is off, as it is in a dev node: only our wrapper stands in the way.
    const federation = createFederation<void>({ kv: new MemoryKvStore(), allowPrivateAddress: true, firstKnock: "draft-cavage-http-signatures-12" });
    const ctx = federation.createContext(new URL("https://paris.cantine.example"), undefined);
    const { privateKey } = await generateCryptoKeyPair("RSASSA-PKCS1-v1_5");
    const actor = "https://paris.cantine.example/users/paris";
    const activity = new Create({
      id: new URL(`${actor}/creates/1`),
      actor: new URL(actor),
      object: new Note({ id: new URL("https://paris.cantine.example/notes/1"), content: "hi" }),
    });
    const inbox = `http://mastodon.example:${port}/inbox`;
    const sending = ctx.sendActivity(
      { keyId: new URL(`${actor}#main-key`), privateKey },
      { id: new URL(`http://mastodon.example:${port}/users/a`), inboxId: new URL(inbox) },
      activity,
      { immediate: true },
    );
    await expect(sending).rejects.toThrow(/private address 127\.0\.0\.1 \(loopback\) at connect time/);
    expect(hits.length).toBe(before);
  });

  it("several nodes in one process: a strict node keeps the address check even beside a dev node", async () => {
    const before = hits.length;
    const uninstallDev = installSafeFetch({ allowPrivateAddresses: true });
    const uninstallStrict = installSafeFetch(strict);
    try {
      await expect(globalThis.fetch(`http://127.0.0.1:${port}/`)).rejects.toThrow(FetchRefusedError);
      expect(hits.length).toBe(before);
    } finally {
      uninstallStrict();
    }
    try {
      expect((await globalThis.fetch(`http://127.0.0.1:${port}/dev`)).status).toBe(202); // the dev node alone again
    } finally {
      uninstallDev();
    }
  });
});
