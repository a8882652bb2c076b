import http from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { validatePublicUrl } from "@fedify/vocab-runtime";
import { afterAll, beforeAll, describe, expect, it } from "@jest/globals";
import {
  assertPublicUrl,
  createSafeFetch,
  DEFAULT_MAX_RESPONSE_BYTES,
  FetchRefusedError,
  installSafeFetch,
  jsonOf,
  rememberingPublicHosts,
} from "../../federation/safe-fetch.ts";

const strict = { allowPrivateAddresses: false };
const open = { allowPrivateAddresses: true, timeoutMs: 300 };
const MB = 1024 * 1024;

// The loopback target. `hits` proves whether a request ever reached it.
const hits: string[] = [];
const server = http.createServer((req, res) => {
  hits.push(req.url ?? "");
  if (req.url === "/hang") return; // never answers
  if (req.url === "/stream") {
    res.writeHead(200, { "content-type": "application/octet-stream" }); // chunked, no Content-Length
    for (let i = 0; i < 48; i++) res.write(Buffer.alloc(64 * 1024, 1)); // 3 MB
    return res.end();
  }
  if (req.url === "/gzip-bomb") {
    const packed = gzipSync(Buffer.alloc(3 * MB)); // a few KB on the wire
    res.writeHead(200, { "content-type": "application/octet-stream", "content-encoding": "gzip", "content-length": String(packed.length) });
    return res.end(packed);
  }
  if (req.url === "/big-declared") {
    res.writeHead(200, { "content-length": String(3 * MB) });
    return res.flushHeaders(); // the body never comes: the refusal must not wait for it
  }
  res.writeHead(200, { "content-type": "text/plain", "x-test": "yes" }).end("hello");
});
let base = "";

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

/** An `inner` fetch that records calls and never touches the network. */
function fakeNetwork(
  answer: (url: string, init?: RequestInit) => Response = () => {
    throw new Error("the network must not be touched");
  },
) {
  const calls: string[] = [];
  const inner = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = input instanceof Request ? input.url : String(input);
    calls.push(url);
    return answer(url, init);
  }) as typeof fetch;
  return { calls, inner };
}

/** Treats `*.example` as public (no DNS here); everything else goes through Fedify's check. */
const validateUrl = async (url: string) => {
  if (!new URL(url).hostname.endsWith(".example")) await validatePublicUrl(url);
};

const redirect = (location: string, status = 302) => new Response(null, { status, headers: { location } });

describe("createSafeFetch, guarding (allowPrivateAddresses: false)", () => {
  it("GHSA-f59r-8gcj-68f2: refuses the loopback server before connecting", async () => {
    const before = hits.length;
    const safeFetch = createSafeFetch(strict, globalThis.fetch);
    const attempt = safeFetch(`${base}/`);
    await expect(attempt).rejects.toThrow(FetchRefusedError);
    await expect(attempt).rejects.toThrow(`refusing to fetch ${base}/: private address 127.0.0.1`);
    expect(hits.length).toBe(before);
  });

  it("GHSA-f59r-8gcj-68f2: refuses localhost, 10.x and [::1] without any network traffic", async () => {
    const { calls, inner } = fakeNetwork();
    const safeFetch = createSafeFetch(strict, inner);
    for (const url of ["http://localhost/inbox", "http://10.1.2.3/inbox", "http://[::1]:8080/inbox"]) {
      await expect(safeFetch(url, { method: "POST", body: "{}" })).rejects.toThrow(FetchRefusedError);
    }
    expect(calls).toEqual([]);
  });

  it("GHSA-f59r-8gcj-68f2: fails closed when the host name does not resolve", async () => {
    const { calls, inner } = fakeNetwork();
    await expect(createSafeFetch(strict, inner)("https://social.nonexistent.invalid/inbox")).rejects.toThrow(
      "refusing to fetch https://social.nonexistent.invalid/inbox: DNS lookup failed",
    );
    expect(calls).toEqual([]);
  });

  it("GHSA-f59r-8gcj-68f2: refuses a followed redirect to a private address", async () => {
    const { calls, inner } = fakeNetwork(() => redirect("http://10.0.0.1/"));
    const safeFetch = createSafeFetch(strict, inner, { validateUrl });
    await expect(safeFetch("https://public.example/start")).rejects.toThrow("refusing to fetch http://10.0.0.1/: private address 10.0.0.1");
    expect(calls).toEqual(["https://public.example/start"]);
  });

  it("follows public redirects itself, keeping method and body on 307", async () => {
    const seen: string[] = [];
    const { inner } = fakeNetwork((url, init) => {
      seen.push(`${init?.method} ${url} ${init?.body ? new TextDecoder().decode(init.body as ArrayBuffer) : ""}`);
      return url.endsWith("/start") ? redirect("/final", 307) : new Response("done");
    });
    const response = await createSafeFetch(strict, inner, { validateUrl })("https://public.example/start", {
      method: "POST",
      body: "payload",
    });
    expect(await response.text()).toBe("done");
    expect(response.url).toBe("https://public.example/final");
    expect(response.redirected).toBe(true);
    expect(seen).toEqual(["POST https://public.example/start payload", "POST https://public.example/final payload"]);
  });

  it("gives up after 5 redirects", async () => {
    const { calls, inner } = fakeNetwork((url) => redirect(`${url}x`));
    await expect(createSafeFetch(strict, inner, { validateUrl })("https://public.example/r")).rejects.toThrow("more than 5 redirects");
    expect(calls).toHaveLength(6);
  });

  it("returns a 3xx untouched for redirect: manual (Fedify fetches each hop again, through the guard)", async () => {
    const { inner } = fakeNetwork(() => redirect("http://10.0.0.1/"));
    const response = await createSafeFetch(strict, inner, { validateUrl })("https://public.example/start", {
      redirect: "manual",
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("http://10.0.0.1/");
    expect(response.url).toBe("https://public.example/start");
  });
});

describe("createSafeFetch, deadline and size cap (allowPrivateAddresses: true)", () => {
  it("fetches private addresses when the policy allows them", async () => {
    const response = await createSafeFetch(open)(`${base}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get("x-test")).toBe("yes");
    expect(await response.text()).toBe("hello");
  });

  it("GHSA-fq5h-gjhp-g75x: aborts a server that never answers after timeoutMs", async () => {
    const started = Date.now();
    await expect(createSafeFetch(open)(`${base}/hang`)).rejects.toMatchObject({ name: "TimeoutError" });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(250);
    expect(elapsed).toBeLessThan(5_000);
  });

  it("keeps the caller's own signal working", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const safeFetch = createSafeFetch({ allowPrivateAddresses: true });
    await expect(safeFetch(`${base}/hang`, { signal: controller.signal })).rejects.toMatchObject({ name: "AbortError" });
  });

  it("GHSA-mc44-6cfg-2v6w: errors when a streamed body passes the cap", async () => {
    const response = await createSafeFetch(open)(`${base}/stream`);
    expect(response.status).toBe(200);
    await expect(response.arrayBuffer()).rejects.toThrow(`exceeds the ${DEFAULT_MAX_RESPONSE_BYTES}-byte cap`);
  });

  it("GHSA-mc44-6cfg-2v6w: measures a compressed body as it inflates, whatever its Content-Length", async () => {
    const response = await createSafeFetch(open)(`${base}/gzip-bomb`);
    await expect(response.arrayBuffer()).rejects.toThrow(`exceeds the ${DEFAULT_MAX_RESPONSE_BYTES}-byte cap`);
  });

  it("GHSA-mc44-6cfg-2v6w: refuses a large Content-Length before reading the body", async () => {
    await expect(createSafeFetch(open)(`${base}/big-declared`)).rejects.toThrow(`Content-Length ${3 * MB} exceeds the ${DEFAULT_MAX_RESPONSE_BYTES}-byte cap`);
  });
});

describe("documents measured by the guard", () => {
  const page = {
    "@context": "https://www.w3.org/ns/activitystreams",
    id: "https://public.example/outbox?page=1",
    type: "OrderedCollectionPage",
    orderedItems: [],
  };
  const serve = (type: string) => fakeNetwork(() => new Response(JSON.stringify(page), { headers: { "content-type": type } })).inner;

  it("hands a reader the JSON the guard parsed to measure", async () => {
    const response = await createSafeFetch(strict, serve("application/activity+json"), { validateUrl })("https://public.example/outbox?page=1");
    expect(await jsonOf(response)).toEqual(page);
  });

  it("parses the body of what the guard did not measure (not JSON-LD, or not through the guard)", async () => {
    const plain = await createSafeFetch(strict, serve("text/plain"), { validateUrl })("https://public.example/outbox?page=1");
    expect(await jsonOf(plain)).toEqual(page);
    expect(await jsonOf(new Response(JSON.stringify(page)))).toEqual(page);
  });

  it("still refuses a JSON-LD bomb before anyone reads it", async () => {
    const bomb = { "@context": Array.from({ length: 200 }, (_, i) => `https://contexts.example/${i}`), id: "https://public.example/x" };
    const inner = fakeNetwork(() => new Response(JSON.stringify(bomb), { headers: { "content-type": "application/ld+json" } })).inner;
    await expect(createSafeFetch(strict, inner, { validateUrl })("https://public.example/x")).rejects.toBeInstanceOf(FetchRefusedError);
  });
});

describe("the public-host check", () => {
  it("looks a public origin up once, and a refused one every time", async () => {
    const asked: string[] = [];
    const check = rememberingPublicHosts(async (url) => {
      asked.push(url);
      if (url.includes("private.example")) throw new Error("Invalid or private address: 10.0.0.1");
    });
    await check("https://public.example/inbox");
    await check("https://public.example/users/a/inbox");
    await expect(check("https://private.example/inbox")).rejects.toThrow("private address");
    await expect(check("https://private.example/inbox")).rejects.toThrow("private address");
    await check("https://public.example:8443/inbox");
    expect(asked).toEqual([
      "https://public.example/inbox",
      "https://private.example/inbox",
      "https://private.example/inbox",
      "https://public.example:8443/inbox",
    ]);
  });
});

describe("installSafeFetch", () => {
  it("nests installs (strictest wins) and restores the previous fetch in any uninstall order", async () => {
    const before = globalThis.fetch;
    const uninstallStrict = installSafeFetch(strict);
    const uninstallOpen = installSafeFetch({ allowPrivateAddresses: true });
    expect(globalThis.fetch).not.toBe(before);
    await expect(globalThis.fetch(`${base}/`)).rejects.toThrow(FetchRefusedError);
    uninstallStrict(); // out of order: only the permissive node is left
    expect(await (await globalThis.fetch(`${base}/`)).text()).toBe("hello");
    uninstallOpen();
    expect(globalThis.fetch).toBe(before);
    uninstallOpen(); // idempotent
    expect(globalThis.fetch).toBe(before);
  });
});

describe("assertPublicUrl", () => {
  it("GHSA-f59r-8gcj-68f2: refuses storing a private inbox URL", async () => {
    await expect(assertPublicUrl("http://10.0.0.1/inbox", strict)).rejects.toThrow("refusing to fetch http://10.0.0.1/inbox: private address 10.0.0.1");
    await expect(assertPublicUrl(new URL("https://public.example/inbox"), strict, validateUrl)).resolves.toBeUndefined();
  });

  it("lets private addresses through only when allowed, and never other schemes", async () => {
    await expect(assertPublicUrl("http://127.0.0.1:8080/inbox", open)).resolves.toBeUndefined();
    await expect(assertPublicUrl("ftp://mastodon.example/inbox", open)).rejects.toThrow("unsupported protocol ftp:");
    await expect(assertPublicUrl("not a url", open)).rejects.toThrow(FetchRefusedError);
  });
});
