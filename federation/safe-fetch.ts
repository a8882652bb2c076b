// Outbound fetch guard. Fedify 2.3.8 calls the global `fetch` at call time for
// deliveries, WebFinger, NodeInfo and documents, so wrapping that one function
// covers advisories that are fixed only in releases our registry lacks:
// - GHSA-f59r-8gcj-68f2: SSRF in delivery (inbox URLs and redirects unchecked);
// - GHSA-fq5h-gjhp-g75x, GHSA-9pmv-w936-hj3f, GHSA-64hq-2hgr-q4pm: no deadline
//   on delivery, WebFinger and NodeInfo requests;
// - GHSA-mc44-6cfg-2v6w: remote JSON is read without a size limit.
// Private addresses are refused twice: by URL before anything is sent (a fast refusal with a
// clear message), and by the dispatcher every request goes through when its socket connects
// (safe-dispatcher.ts). The second check is the authority: it sees the addresses actually
// connected to, so a DNS answer that changes between the two (rebinding) is caught too.
// Requests to one host are also limited in number (host-concurrency.ts).
import { validatePublicUrl } from "@fedify/vocab-runtime";
import type { Dispatcher } from "undici";
import { FetchRefusedError, PRIVATE_ADDRESS_HINT, refusalIn } from "./fetch-refused.ts";
import { DEFAULT_CONCURRENCY_PER_HOST, HostConcurrency } from "./host-concurrency.ts";
import { checkJsonLdBudget } from "./jsonld-budget.ts";
import type { Lookup } from "./safe-dispatcher.ts";
import { createSafeDispatcher } from "./safe-dispatcher.ts";
import type { DeliveryAttempt } from "./signature-knocks.ts";
import { guardSignatureKnocks } from "./signature-knocks.ts";

export { FetchRefusedError } from "./fetch-refused.ts";

export type FetchPolicy = {
  allowPrivateAddresses: boolean;
  /** Deadline for the whole exchange, body included. Default 15 s. */
  timeoutMs?: number;
  /** Largest response body accepted (decoded bytes). Default 2 MiB. */
  maxResponseBytes?: number;
  /** Requests in flight to one host (name and port) from this process; more wait. Default 4. */
  concurrencyPerHost?: number;
  /** Why a URL must not be fetched nor delivered to (a blocked server), or null. Every hop is asked. */
  refuses?: (url: string) => string | null;
};

export type SafeFetchOptions = {
  /** Throws when a URL must not be fetched. Default: Fedify's `validatePublicUrl` (does DNS). Tests inject a fake. */
  validateUrl?: (url: string) => Promise<void>;
  /** Every request goes through it. Default: `createSafeDispatcher` for the policy (with `lookup`). */
  dispatcher?: Dispatcher;
  /** The resolver of the default dispatcher; tests inject one. */
  lookup?: Lookup;
  /** The per-host limit, shared by every wrapper of the process. Default: one of this wrapper's own. */
  hosts?: HostConcurrency;
};

const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 2 * 1024 * 1024;
/** Redirect hops we follow ourselves when the caller asked for "follow". */
const MAX_REDIRECTS = 5;

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // Fedify's UrlError says "Invalid or private address: 10.0.0.1".
  const match = /^Invalid or private address: (.+)$/.exec(message);
  if (match) return `private address ${match[1]}; ${PRIVATE_ADDRESS_HINT}`;
  return message === "Localhost is not allowed" ? `localhost is a private address; ${PRIVATE_ADDRESS_HINT}` : message;
}

function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
}

/** Runs the URL check before any connection; the deadline also bounds the DNS lookup. */
async function checkUrl(url: string, validateUrl: (url: string) => Promise<void>, signal: AbortSignal): Promise<void> {
  const verdict = validateUrl(url).catch((error: unknown) => {
    throw new FetchRefusedError(url, reasonOf(error), { cause: error });
  });
  await Promise.race([verdict, untilAborted(signal)]);
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);
const BODY_HEADERS = ["content-type", "content-length", "content-encoding", "content-language", "content-location"];
const CREDENTIAL_HEADERS = ["authorization", "proxy-authorization", "cookie"];

/** Sends one request (one hop) on the network. */
type Send = (target: URL, input: string | URL | Request, init: RequestInit & { signal: AbortSignal }) => Promise<Response>;

/**
 * Deliveries to a host and reads from it (keys, actors, objects) hold slots of separate pools. A
 * server checking our delivery may have to read our key first: were both in one pool, two
 * servers delivering to each other could each hold every slot the other's key read needs, and
 * both wait until the deadline.
 */
function slotsFor(target: URL, method: string): string {
  return method.toUpperCase() === "POST" ? `${target.host} (deliveries)` : target.host;
}

/**
 * Every request of the wrapper: through the dispatcher that checks addresses at connect time,
 * holding one of its host's slots until the response's headers arrive (the body is then bounded
 * by the deadline and the size cap; Fedify never reads the body of a successful delivery).
 */
function sender(inner: typeof fetch, dispatcher: Dispatcher, hosts: HostConcurrency): Send {
  return async (target, input, init) => {
    const release = await hosts.acquire(slotsFor(target, init.method ?? (input instanceof Request ? input.method : "GET")), init.signal);
    try {
      // `dispatcher` is undici's extension of RequestInit, honoured by Node's fetch.
      return await inner(input, { ...init, dispatcher } as RequestInit);
    } catch (error) {
      const refused = refusalIn(error);
      throw refused ? new FetchRefusedError(target.href, refused.reason, { cause: error }) : error;
    } finally {
      release();
    }
  };
}

/** How long a host name that resolved to public addresses only is not looked up again. */
const PUBLIC_HOST_TTL_MS = 60_000;
const MAX_PUBLIC_HOSTS = 10_000;

/**
 * Fedify's check resolves the host name on every call; a delivery to a server we talk to often
 * would pay a DNS lookup each time. A public verdict is kept for a minute per origin: the
 * pre-check only gives a fast, clear refusal, while the dispatcher still checks the addresses
 * of every new connection (a host that turns private meanwhile is refused there). Refusals are
 * never kept, so each one is explained afresh.
 */
export function rememberingPublicHosts(validateUrl: (url: string) => Promise<void>, now: () => number = Date.now): (url: string) => Promise<void> {
  const publicUntil = new Map<string, number>();
  return async (url) => {
    const origin = URL.parse(url)?.origin;
    if (origin !== undefined && (publicUntil.get(origin) ?? 0) > now()) return;
    await validateUrl(url);
    if (origin === undefined || origin === "null") return;
    if (publicUntil.size >= MAX_PUBLIC_HOSTS) publicUntil.clear();
    publicUntil.set(origin, now() + PUBLIC_HOST_TTL_MS);
  };
}

/** Follows redirects by hand so that every hop is validated (GHSA-f59r-8gcj-68f2). */
async function followRedirects(
  request: Request,
  signal: AbortSignal,
  send: Send,
  validateUrl: (url: string) => Promise<void>,
): Promise<{ response: Response; url: string; redirected: boolean }> {
  // Buffered so that 307/308 can resend it; outbound bodies are our own and small.
  let body: ArrayBuffer | null = request.body == null ? null : await request.arrayBuffer();
  let method = request.method;
  let url = request.url;
  const headers = new Headers(request.headers);
  for (let hop = 0; ; hop++) {
    await checkUrl(url, validateUrl, signal);
    const response = await send(new URL(url), url, { method, headers, body, redirect: "manual", signal });
    const location = response.headers.get("location");
    if (!REDIRECT_STATUSES.has(response.status) || location == null) {
      return { response, url, redirected: hop > 0 };
    }
    void response.body?.cancel().catch(() => {});
    if (hop >= MAX_REDIRECTS) throw new FetchRefusedError(request.url, `more than ${MAX_REDIRECTS} redirects`);
    const next = new URL(location, url);
    // As the Fetch standard does: 303 (and 301/302 after POST) continue as a bodiless GET,
    if ((response.status === 303 && method !== "HEAD") || (response.status <= 302 && method === "POST")) {
      method = "GET";
      body = null;
      for (const name of BODY_HEADERS) headers.delete(name);
    }
    // and credentials never follow a redirect to another origin.
    if (next.origin !== new URL(url).origin) for (const name of CREDENTIAL_HEADERS) headers.delete(name);
    url = next.href;
  }
}

/** Errors the stream once more than `maxBytes` have been read (GHSA-mc44-6cfg-2v6w). */
function limitStream(source: ReadableStream<Uint8Array>, maxBytes: number, url: string): ReadableStream<Uint8Array> {
  const reader = source.getReader();
  let total = 0;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) return controller.close();
      total += value.byteLength;
      if (total > maxBytes) {
        void reader.cancel().catch(() => {});
        return controller.error(new FetchRefusedError(url, `response body exceeds the ${maxBytes}-byte cap`));
      }
      controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
}

function capResponse(response: Response, url: string, redirected: boolean, method: string, maxBytes: number): Response {
  const length = response.headers.get("content-length");
  const declared = Number(length);
  const hasBody = response.body != null && method !== "HEAD" && !NULL_BODY_STATUSES.has(response.status);
  if (hasBody && declared > maxBytes) {
    void response.body?.cancel().catch(() => {});
    throw new FetchRefusedError(url, `Content-Length ${declared} exceeds the ${maxBytes}-byte cap`);
  }
  // Fetch's own response, unredirected, whose body cannot pass the cap: passed on as it is. Fetch
  // reads no more than a declared length, and an encoded body (which may inflate) is always
  // measured. Most answers to a delivery are of this kind: an empty 202, a short error.
  const bounded = length !== null && !response.headers.has("content-encoding");
  if ((!hasBody || bounded) && !redirected && response.url !== "") return response;
  const body = hasBody && response.body ? limitStream(response.body, maxBytes, url) : null;
  const capped = new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
  // A constructed Response has url "" and redirected false; Fedify resolves Location against `url`.
  Object.defineProperties(capped, {
    url: { value: response.url || url },
    redirected: { value: redirected || response.redirected },
  });
  return capped;
}

const JSON_LD_TYPES = /^application\/(activity\+json|ld\+json|json)\b/i;

/**
 * A JSON document fetched for processing (an actor and its key, an object, an outbox page) is
 * measured before anyone expands it: a hostile server must not make us pay for a JSON-LD bomb
 * (jsonld-budget.ts). Other responses pass as they are.
 */
async function checkDocument(response: Response, url: string, method: string): Promise<Response> {
  if (method !== "GET" || !response.ok || response.body == null || !JSON_LD_TYPES.test(response.headers.get("content-type") ?? "")) return response;
  const bytes = await response.arrayBuffer();
  let document: unknown;
  try {
    document = JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return rebuilt(response, bytes); // not JSON after all: the reader says so itself
  }
  const verdict = checkJsonLdBudget(document);
  if (!verdict.ok) throw new FetchRefusedError(url, verdict.reason);
  const checked = rebuilt(response, bytes);
  measured.set(checked, document);
  return checked;
}

// Documents parsed to be measured, by the response that carries them: a reader that knows it
// can take the document instead of parsing the body again (a back-fill walks hundreds of pages).
const measured = new WeakMap<Response, unknown>();

/** The JSON of a response, parsed once: the guard's own parse when it measured it, else the body's. */
export async function jsonOf(response: Response): Promise<unknown> {
  if (measured.has(response)) {
    const document = measured.get(response);
    measured.delete(response); // one reader: the body itself stays unread
    await response.body?.cancel();
    return document;
  }
  return response.json();
}

function rebuilt(response: Response, bytes: ArrayBuffer): Response {
  const copy = new Response(bytes, { status: response.status, statusText: response.statusText, headers: response.headers });
  Object.defineProperties(copy, { url: { value: response.url }, redirected: { value: response.redirected } });
  return copy;
}

/**
 * Wraps `inner` with the policy: URL check, address check at connect time, per-host limit,
 * deadline, body cap, JSON-LD budget.
 */
export function createSafeFetch(policy: FetchPolicy, inner: typeof fetch = globalThis.fetch, options: SafeFetchOptions = {}): typeof fetch {
  const validateUrl = options.validateUrl ?? rememberingPublicHosts(validatePublicUrl);
  const timeoutMs = policy.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = policy.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const dispatcher = options.dispatcher ?? createSafeDispatcher({ allowPrivateAddresses: policy.allowPrivateAddresses, lookup: options.lookup });
  const hosts = options.hosts ?? new HostConcurrency({ perHost: policy.concurrencyPerHost ?? DEFAULT_CONCURRENCY_PER_HOST });
  const send = sender(inner, dispatcher, hosts);
  const refuse = (url: string) => {
    const reason = policy.refuses?.(url);
    if (reason) throw new FetchRefusedError(url, reason);
  };
  const validate = policy.refuses ? async (url: string) => (refuse(url), validateUrl(url)) : validateUrl;
  return async (input, init) => {
    // Read from the arguments as `new Request(input, init)` would, without building one: the
    // request is built once, by the fetch that sends it.
    const given = input instanceof Request ? input : null;
    const target = input instanceof URL ? input : new URL(given ? given.url : String(input));
    const url = target.href;
    const method = (init?.method ?? given?.method ?? "GET").toUpperCase();
    refuse(url);
    // The caller's signal keeps working; the timeout adds a deadline (GHSA-fq5h, GHSA-9pmv, GHSA-64hq).
    const deadline = AbortSignal.timeout(timeoutMs);
    const callerSignal = init?.signal ?? given?.signal;
    const signal = callerSignal ? AbortSignal.any([callerSignal, deadline]) : deadline;
    if (policy.allowPrivateAddresses || (init?.redirect ?? given?.redirect ?? "follow") !== "follow") {
      // With "manual" (what Fedify uses) the caller fetches each hop again, through this wrapper.
      if (!policy.allowPrivateAddresses) await checkUrl(url, validateUrl, signal);
      const response = await send(target, input, { ...init, signal });
      return checkDocument(capResponse(response, url, false, method, maxBytes), url, method);
    }
    const request = new Request(input, init);
    const followed = await followRedirects(request, signal, send, validate);
    return checkDocument(capResponse(followed.response, followed.url, followed.redirected, request.method, maxBytes), followed.url, request.method);
  };
}

// One process may run several nodes (tests, the demo) but has only one global
// fetch, which cannot tell which node is calling. The combined policy must be
// safe for every node, so:
// - private addresses are allowed only if every active policy allows them: a
//   strict node must not become SSRF-able because a dev node runs beside it
//   (the dispatcher follows the combined policy too);
// - timeout, body cap and requests per host take the largest value: any finite
//   bound closes the DoS advisories, while the smallest would break the node
//   that needs more. The per-host count is one for the whole process.
type Registry = {
  base: typeof fetch;
  installed: typeof fetch;
  wrapped: typeof fetch;
  entries: { policy: FetchPolicy; onDelivery?: (attempt: DeliveryAttempt) => void }[];
  hosts: HostConcurrency;
  /** One dispatcher (and so one connection pool) per address policy, made when first needed. */
  dispatchers: Map<boolean, Dispatcher>;
};
let registry: Registry | undefined;

function combine(policies: FetchPolicy[]): FetchPolicy {
  return {
    allowPrivateAddresses: policies.every((p) => p.allowPrivateAddresses),
    timeoutMs: Math.max(...policies.map((p) => p.timeoutMs ?? DEFAULT_TIMEOUT_MS)),
    maxResponseBytes: Math.max(...policies.map((p) => p.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES)),
    concurrencyPerHost: Math.max(...policies.map((p) => p.concurrencyPerHost ?? DEFAULT_CONCURRENCY_PER_HOST)),
    // A URL one node refuses is refused for the whole process (each node's own blocks).
    refuses: (url) => policies.reduce<string | null>((reason, p) => reason ?? p.refuses?.(url) ?? null, null),
  };
}

function rewrap(reg: Registry): void {
  const policy = combine(reg.entries.map((e) => e.policy));
  let dispatcher = reg.dispatchers.get(policy.allowPrivateAddresses);
  if (dispatcher === undefined) {
    dispatcher = createSafeDispatcher({ allowPrivateAddresses: policy.allowPrivateAddresses });
    reg.dispatchers.set(policy.allowPrivateAddresses, dispatcher);
  }
  reg.hosts.perHost = policy.concurrencyPerHost!;
  reg.wrapped = createSafeFetch(policy, reg.base, { dispatcher, hosts: reg.hosts });
}

/**
 * Replaces `globalThis.fetch` with the guarded one; returns the uninstall function. `onDelivery`
 * hears of every signed POST the process sends (each node keeps those signed with its own keys).
 */
export function installSafeFetch(policy: FetchPolicy, onDelivery?: (attempt: DeliveryAttempt) => void): () => void {
  if (registry == null) {
    const base = globalThis.fetch;
    // The installed function reads its own registry at call time, so nested
    // installs and out-of-order uninstalls only swap `wrapped`. Outermost, it sees
    // deliveries as Fedify signs them, so it can tell a second knock (signature-knocks.ts).
    const reg: Registry = { base, wrapped: base, entries: [], installed: base, hosts: new HostConcurrency(), dispatchers: new Map() };
    reg.installed = guardSignatureKnocks((input, init) => reg.wrapped(input, init), {
      observe: (attempt) => {
        for (const entry of reg.entries) entry.onDelivery?.(attempt);
      },
    });
    registry = reg;
    globalThis.fetch = reg.installed;
  }
  const reg = registry;
  const entry = { policy, onDelivery };
  reg.entries.push(entry);
  rewrap(reg);
  return () => {
    const index = reg.entries.indexOf(entry);
    if (index < 0) return; // already uninstalled
    reg.entries.splice(index, 1);
    if (reg.entries.length > 0) return rewrap(reg);
    reg.wrapped = reg.base; // anyone still holding `installed` gets plain fetch
    if (globalThis.fetch === reg.installed) globalThis.fetch = reg.base; // leave a later replacement alone
    if (registry === reg) registry = undefined;
    // Requests under way finish first; idle keep-alive sockets close now.
    for (const dispatcher of reg.dispatchers.values()) void dispatcher.close().catch(() => {});
  };
}

/** For URLs we store and fetch later (follower inbox / sharedInbox). Throws FetchRefusedError. */
export async function assertPublicUrl(url: string | URL, policy: FetchPolicy, validateUrl: (url: string) => Promise<void> = validatePublicUrl): Promise<void> {
  const href = String(url);
  let protocol: string;
  try {
    protocol = new URL(href).protocol;
  } catch {
    throw new FetchRefusedError(href, "not a valid absolute URL");
  }
  if (protocol !== "http:" && protocol !== "https:") throw new FetchRefusedError(href, `unsupported protocol ${protocol}`);
  if (policy.allowPrivateAddresses) return;
  try {
    await validateUrl(href);
  } catch (error) {
    throw new FetchRefusedError(href, reasonOf(error), { cause: error });
  }
}
