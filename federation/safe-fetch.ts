// Outbound fetch guard. Fedify 2.3.8 calls the global `fetch` at call time for
// deliveries, WebFinger, NodeInfo and documents, so wrapping that one function
// covers advisories that are fixed only in releases our registry lacks:
// - GHSA-f59r-8gcj-68f2: SSRF in delivery (inbox URLs and redirects unchecked);
// - GHSA-fq5h-gjhp-g75x, GHSA-9pmv-w936-hj3f, GHSA-64hq-2hgr-q4pm: no deadline
//   on delivery, WebFinger and NodeInfo requests;
// - GHSA-mc44-6cfg-2v6w: remote JSON is read without a size limit.
// Known gap: the DNS check and the connection are separate steps, so a DNS
// rebinding attacker still has a window (Fedify's own loaders share it).
import { validatePublicUrl } from "@fedify/vocab-runtime";
import { checkJsonLdBudget } from "./jsonld-budget.ts";
import { guardSignatureKnocks } from "./signature-knocks.ts";

export type FetchPolicy = {
  allowPrivateAddresses: boolean;
  /** Deadline for the whole exchange, body included. Default 15 s. */
  timeoutMs?: number;
  /** Largest response body accepted (decoded bytes). Default 2 MiB. */
  maxResponseBytes?: number;
};

export type SafeFetchOptions = {
  /** Throws when a URL must not be fetched. Default: Fedify's `validatePublicUrl` (does DNS). Tests inject a fake. */
  validateUrl?: (url: string) => Promise<void>;
};

export const DEFAULT_TIMEOUT_MS = 15_000;
export const DEFAULT_MAX_RESPONSE_BYTES = 2 * 1024 * 1024;
/** Redirect hops we follow ourselves when the caller asked for "follow". */
export const MAX_REDIRECTS = 5;

/** A request or response that the policy refuses (not a network failure). */
export class FetchRefusedError extends Error {
  readonly url: string;

  constructor(url: string, reason: string, options?: { cause?: unknown }) {
    super(`refusing to fetch ${url}: ${reason}`, options);
    this.name = "FetchRefusedError";
    this.url = url;
  }
}

function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // Fedify's UrlError says "Invalid or private address: 10.0.0.1".
  const match = /^Invalid or private address: (.+)$/.exec(message);
  return match ? `private address ${match[1]}` : message;
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

/** Follows redirects by hand so that every hop is validated (GHSA-f59r-8gcj-68f2). */
async function followRedirects(
  request: Request,
  signal: AbortSignal,
  inner: typeof fetch,
  validateUrl: (url: string) => Promise<void>,
): Promise<{ response: Response; url: string; redirected: boolean }> {
  // Buffered so that 307/308 can resend it; outbound bodies are our own and small.
  let body: ArrayBuffer | null = request.body == null ? null : await request.arrayBuffer();
  let method = request.method;
  let url = request.url;
  const headers = new Headers(request.headers);
  for (let hop = 0; ; hop++) {
    await checkUrl(url, validateUrl, signal);
    const response = await inner(url, { method, headers, body, redirect: "manual", signal });
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
  const declared = Number(response.headers.get("content-length"));
  const hasBody = response.body != null && method !== "HEAD" && !NULL_BODY_STATUSES.has(response.status);
  if (hasBody && declared > maxBytes) {
    void response.body?.cancel().catch(() => {});
    throw new FetchRefusedError(url, `Content-Length ${declared} exceeds the ${maxBytes}-byte cap`);
  }
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
  return rebuilt(response, bytes);
}

function rebuilt(response: Response, bytes: ArrayBuffer): Response {
  const copy = new Response(bytes, { status: response.status, statusText: response.statusText, headers: response.headers });
  Object.defineProperties(copy, { url: { value: response.url }, redirected: { value: response.redirected } });
  return copy;
}

/** Wraps `inner` with the policy: URL check, deadline, body cap, JSON-LD budget. */
export function createSafeFetch(
  policy: FetchPolicy,
  inner: typeof fetch = globalThis.fetch,
  options: SafeFetchOptions = {},
): typeof fetch {
  const validateUrl = options.validateUrl ?? validatePublicUrl;
  const timeoutMs = policy.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const maxBytes = policy.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  return async (input, init) => {
    const request = new Request(input, init);
    // The caller's signal keeps working; the timeout adds a deadline (GHSA-fq5h, GHSA-9pmv, GHSA-64hq).
    const signal = AbortSignal.any([request.signal, AbortSignal.timeout(timeoutMs)]);
    if (policy.allowPrivateAddresses || request.redirect !== "follow") {
      // With "manual" (what Fedify uses) the caller fetches each hop again, through this wrapper.
      if (!policy.allowPrivateAddresses) await checkUrl(request.url, validateUrl, signal);
      const response = await inner(request, { signal });
      return checkDocument(capResponse(response, request.url, false, request.method, maxBytes), request.url, request.method);
    }
    const { response, url, redirected } = await followRedirects(request, signal, inner, validateUrl);
    return checkDocument(capResponse(response, url, redirected, request.method, maxBytes), url, request.method);
  };
}

// One process may run several nodes (tests, the demo) but has only one global
// fetch, which cannot tell which node is calling. The combined policy must be
// safe for every node, so:
// - private addresses are allowed only if every active policy allows them: a
//   strict node must not become SSRF-able because a dev node runs beside it;
// - timeout and body cap take the largest value: any finite bound closes the
//   DoS advisories, while the smallest would break the node that needs more.
type Registry = { base: typeof fetch; installed: typeof fetch; wrapped: typeof fetch; entries: { policy: FetchPolicy }[] };
let registry: Registry | undefined;

function combine(policies: FetchPolicy[]): FetchPolicy {
  return {
    allowPrivateAddresses: policies.every((p) => p.allowPrivateAddresses),
    timeoutMs: Math.max(...policies.map((p) => p.timeoutMs ?? DEFAULT_TIMEOUT_MS)),
    maxResponseBytes: Math.max(...policies.map((p) => p.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES)),
  };
}

/** Replaces `globalThis.fetch` with the guarded one; returns the uninstall function. */
export function installSafeFetch(policy: FetchPolicy): () => void {
  if (registry == null) {
    const base = globalThis.fetch;
    // The installed function reads its own registry at call time, so nested
    // installs and out-of-order uninstalls only swap `wrapped`. Outermost, it sees
    // deliveries as Fedify signs them, so it can tell a second knock (signature-knocks.ts).
    const reg: Registry = { base, wrapped: base, entries: [], installed: base };
    reg.installed = guardSignatureKnocks((input, init) => reg.wrapped(input, init));
    registry = reg;
    globalThis.fetch = reg.installed;
  }
  const reg = registry;
  const entry = { policy };
  reg.entries.push(entry);
  reg.wrapped = createSafeFetch(combine(reg.entries.map((e) => e.policy)), reg.base);
  return () => {
    const index = reg.entries.indexOf(entry);
    if (index < 0) return; // already uninstalled
    reg.entries.splice(index, 1);
    if (reg.entries.length > 0) {
      reg.wrapped = createSafeFetch(combine(reg.entries.map((e) => e.policy)), reg.base);
      return;
    }
    reg.wrapped = reg.base; // anyone still holding `installed` gets plain fetch
    if (globalThis.fetch === reg.installed) globalThis.fetch = reg.base; // leave a later replacement alone
    if (registry === reg) registry = undefined;
  };
}

/** For URLs we store and fetch later (follower inbox / sharedInbox). Throws FetchRefusedError. */
export async function assertPublicUrl(
  url: string | URL,
  policy: FetchPolicy,
  validateUrl: (url: string) => Promise<void> = validatePublicUrl,
): Promise<void> {
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
