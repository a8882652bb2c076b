// Fedify "double-knocks" its deliveries: when an inbox answers a signed POST with any 4xx or
// 5xx, it sends the same activity again at once, signed with the other HTTP-signature scheme
// (draft-cavage ↔ RFC 9421), and remembers that scheme for the server unless the second answer
// is 400 or 401 (Fedify 2.3.8, sig/http.ts `doubleKnock`). Only a 401 means "I could not check
// that signature". After any other 4xx the second knock does harm: Gancio answers 404 to an
// Announce, then 500 to the RFC 9421 copy, so the delivery failed with a transient 500 and was
// retried for days; and a server that answers 202 to what it cannot verify would make Fedify
// switch to RFC 9421 for it and silently lose what follows.
//
// This wrapper of `fetch` remembers, for a minute, the answer an inbox gave to a signed POST.
// When the same body comes again to the same inbox under the other scheme after a 4xx other than
// 401, it answers for the server without sending anything: 400 when the first answer was final
// (Fedify gives up: every final 4xx is in its `permanentFailureStatusCodes`), 401 when it was
// "later" (408, 429: Fedify retries on its schedule). Fedify remembers no scheme after either.
import { getLogger } from "@logtape/logtape";
import { isFinalDeliveryStatus } from "./retry-policy.ts";

const logger = getLogger(["cantine", "federation", "delivery"]);

type Scheme = "draft-cavage" | "rfc9421";
type FirstAnswer = { scheme: Scheme; status: number; statusText: string; until: number };

/** One delivery POST as it went out: the inbox, the key that signed it, and the answer (or "error"). */
export type DeliveryAttempt = { url: string; keyId: string | null; answer: number | "error" };

export type KnockGuardOptions = {
  ttlMs?: number;
  maxEntries?: number;
  now?: () => number;
  /** Told of every signed POST sent on the network (not of a second knock answered here). */
  observe?: (attempt: DeliveryAttempt) => void;
};

function schemeOf(headers: Headers): Scheme | null {
  if (headers.has("signature-input")) return "rfc9421";
  return headers.has("signature") ? "draft-cavage" : null;
}

/** The body's SHA-256 as both schemes state it: `Digest: SHA-256=…` or `Content-Digest: sha-256=:…:`. */
function bodyDigest(headers: Headers): string | null {
  const digest = /(?:^|,)\s*sha-256=([^,\s]+)/i.exec(headers.get("digest") ?? "")?.[1];
  if (digest) return digest;
  return /(?:^|,)\s*sha-256=:([^:]+):/i.exec(headers.get("content-digest") ?? "")?.[1] ?? null;
}

function answer(first: FirstAnswer): Response {
  const final = isFinalDeliveryStatus(first.status);
  const text = `The first attempt got ${first.status} ${first.statusText}: not sent again with another signature${final ? "" : "; retry later"}.`;
  return new Response(text, { status: final ? 400 : 401, headers: { "Content-Type": "text/plain; charset=utf-8" } });
}

/** The key id a signed request names: draft-cavage `Signature: keyId="…"` or RFC 9421 `Signature-Input: …;keyid="…"`. */
function signingKeyId(headers: Headers): string | null {
  const cavage = /(?:^|,)\s*keyId="([^"]*)"/.exec(headers.get("signature") ?? "")?.[1];
  return cavage ?? /;\s*keyid="([^"]*)"/.exec(headers.get("signature-input") ?? "")?.[1] ?? null;
}

/** Wraps `inner` so that a signed POST refused with a 4xx other than 401 is not sent again under the other scheme. */
export function guardSignatureKnocks(inner: typeof fetch, options: KnockGuardOptions = {}): typeof fetch {
  const ttlMs = options.ttlMs ?? 60_000;
  const maxEntries = options.maxEntries ?? 1_000;
  const now = options.now ?? Date.now;
  const answers = new Map<string, FirstAnswer>(); // oldest first: entries are re-inserted when set
  // Counting must never break a delivery.
  const tell = (attempt: DeliveryAttempt) => {
    try {
      options.observe?.(attempt);
    } catch (error) {
      logger.warn("Observing a delivery to {inbox} failed: {error}", { inbox: attempt.url, error });
    }
  };

  function remember(key: string, first: FirstAnswer): void {
    answers.delete(key);
    answers.set(key, first);
    for (const [oldKey, old] of answers) {
      if (answers.size <= maxEntries && old.until > now()) break;
      answers.delete(oldKey);
    }
  }

  return async (input, init) => {
    // Read from the arguments as `new Request(input, init)` would, without building one.
    const given = input instanceof Request ? input : null;
    const method = (init?.method ?? given?.method ?? "GET").toUpperCase();
    if (method !== "POST") return inner(input, init);
    const headers = init?.headers !== undefined ? new Headers(init.headers) : (given?.headers ?? new Headers());
    const scheme = schemeOf(headers);
    const digest = scheme === null ? null : bodyDigest(headers);
    if (scheme === null || digest === null) return inner(input, init);
    const url = input instanceof URL ? input.href : given ? given.url : new URL(String(input)).href;
    const key = `${url}\n${digest}`;
    const first = answers.get(key);
    if (first !== undefined && first.until > now() && first.scheme !== scheme) {
      logger.info("{inbox} answered {status} to a delivery: not sending it again signed with {scheme}", { inbox: url, status: first.status, scheme });
      return answer(first);
    }
    let response: Response;
    try {
      response = await inner(input, init);
    } catch (error) {
      tell({ url, keyId: signingKeyId(headers), answer: "error" });
      throw error;
    }
    tell({ url, keyId: signingKeyId(headers), answer: response.status });
    if (response.status >= 400 && response.status < 500 && response.status !== 401) {
      remember(key, { scheme, status: response.status, statusText: response.statusText, until: now() + ttlMs });
    }
    return response;
  };
}
