// Draft-cavage HTTP signatures (draft-cavage-http-signatures-12), the way Mastodon signs and
// verifies them (app/lib/request.rb, app/lib/signed_request.rb). Written with node:crypto only,
// so that tests of our Fedify node are checked by an implementation that is not Fedify.
//
// Everything here is pure except `verifyCavageRequest`, which is given its key fetcher.

import type { KeyObject } from "node:crypto";
import crypto from "node:crypto";

/** Headers signed on a POST delivery, in Mastodon's order (older versions, still common). */
export const POST_SIGNED_HEADERS = ["(request-target)", "host", "date", "digest", "content-type"] as const;
/** Headers signed on a GET (Mastodon's fetches of actors, keys and objects). */
const GET_SIGNED_HEADERS = ["(request-target)", "host", "date"] as const;
/** What a POST must cover before a Mastodon-like verifier even looks at the signature. */
const REQUIRED_POST_HEADERS = ["(request-target)", "host", "date", "digest"] as const;

/** Largest accepted clock difference between the `Date` header and now (Mastodon: about 1 h). */
const DATE_WINDOW_MS = 60 * 60 * 1000;

/** Lower-case header name → value, as received (duplicates joined with ", "). */
type HeaderMap = Readonly<Record<string, string | undefined>>;

export interface SignatureParams {
  keyId: string;
  /** As sent; `hs2019` when absent (what Mastodon assumes). */
  algorithm: string;
  /** Lower-case names of the covered headers, in order. */
  headers: string[];
  /** Base64. */
  signature: string;
}

/**
 * Parses a draft-cavage `Signature` header value:
 * `keyId="…",algorithm="rsa-sha256",headers="(request-target) host date",signature="…"`.
 * A leading `Signature ` (the `Authorization` form) is tolerated. Throws on malformed input,
 * on duplicate parameters and when `keyId` or `signature` is missing.
 */
export function parseSignatureHeader(value: string): SignatureParams {
  const text = value.trim().replace(/^Signature\s+/i, "");
  const params = new Map<string, string>();
  const param = /\s*([A-Za-z][A-Za-z0-9_-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^,\s]*))\s*(,|$)/y;
  let position = 0;
  while (position < text.length) {
    param.lastIndex = position;
    const match = param.exec(text);
    if (match === null) throw new Error(`malformed Signature header near ${JSON.stringify(text.slice(position))}`);
    const name = match[1]!;
    if (params.has(name)) throw new Error(`duplicate Signature parameter ${name}`);
    params.set(name, match[2] !== undefined ? match[2].replace(/\\(.)/g, "$1") : match[3]!);
    position = param.lastIndex;
  }
  const keyId = params.get("keyId");
  const signature = params.get("signature");
  if (!keyId) throw new Error("Signature header has no keyId");
  if (!signature) throw new Error("Signature header has no signature");
  const algorithm = params.get("algorithm") ?? "hs2019";
  // Without `headers`, hs2019 covers `(created)` only (draft-cavage-12 §2.1.6).
  const headers = (params.get("headers") ?? "(created)").trim().toLowerCase().split(/\s+/);
  return { keyId, algorithm, headers, signature };
}

/** Formats `Signature` header parameters in Mastodon's order. */
export function formatSignatureHeader(params: SignatureParams): string {
  return [`keyId="${params.keyId}"`, `algorithm="${params.algorithm}"`, `headers="${params.headers.join(" ")}"`, `signature="${params.signature}"`].join(",");
}

export interface SigningStringInput {
  /** HTTP method, any case; written lower-case in `(request-target)`. */
  method: string;
  /** Path plus query, exactly as on the request line (e.g. `/users/alice/inbox`). */
  target: string;
  /** Lower-case header names. */
  headers: HeaderMap;
}

/**
 * Builds the string to sign: one `name: value` line per covered header, in the order given,
 * joined with "\n". `(request-target)` is `<method lower-case> <path?query>`.
 * Throws when a covered header is absent or a pseudo-header is unsupported.
 */
export function buildSigningString(signedHeaders: readonly string[], request: SigningStringInput): string {
  return signedHeaders
    .map((rawName) => {
      const name = rawName.toLowerCase();
      if (name === "(request-target)") return `${name}: ${request.method.toLowerCase()} ${request.target}`;
      if (name.startsWith("(")) throw new Error(`unsupported pseudo-header ${name}`);
      const value = request.headers[name];
      if (value === undefined) throw new Error(`signed header ${name} is missing from the request`);
      return `${name}: ${value}`;
    })
    .join("\n");
}

/** `SHA-256=<base64 of the SHA-256 of body>`, the `Digest` header Mastodon sends. */
export function digestHeader(body: string | Uint8Array): string {
  return `SHA-256=${crypto.createHash("sha256").update(body).digest("base64")}`;
}

/**
 * Checks a `Digest` header (possibly listing several algorithms, `a=…,b=…`) against the raw
 * body: the `SHA-256` entry (algorithm name case-insensitive) must be present and match.
 */
export function verifyDigest(header: string | undefined, body: string | Uint8Array): boolean {
  if (header === undefined) return false;
  const expected = crypto.createHash("sha256").update(body).digest("base64");
  for (const part of header.split(",")) {
    const separator = part.indexOf("=");
    if (separator < 0) continue;
    if (part.slice(0, separator).trim().toLowerCase() === "sha-256") {
      return part.slice(separator + 1).trim() === expected;
    }
  }
  return false;
}

export interface SignRequestInput {
  method: "GET" | "POST";
  url: string | URL;
  keyId: string;
  privateKey: KeyObject | string;
  /** Request body, for POST. */
  body?: string;
  /** Defaults to now. Written as an RFC 7231 date (`toUTCString()`). */
  date?: Date;
  /** For POST; defaults to `application/activity+json`. */
  contentType?: string;
  /** Covered headers; defaults to POST_SIGNED_HEADERS or GET_SIGNED_HEADERS. */
  signedHeaders?: readonly string[];
}

/**
 * Returns the headers of a request signed the way Mastodon signs it: `Host`, `Date`, and for a
 * POST `Digest` and `Content-Type`, plus `Signature` (rsa-sha256, RSASSA-PKCS1-v1_5).
 */
export function signRequest(input: SignRequestInput): Record<string, string> {
  const url = new URL(input.url);
  const headers: Record<string, string> = {
    Host: url.host,
    Date: (input.date ?? new Date()).toUTCString(),
  };
  if (input.method === "POST") {
    headers["Digest"] = digestHeader(input.body ?? "");
    headers["Content-Type"] = input.contentType ?? "application/activity+json";
  }
  const signedHeaders = [...(input.signedHeaders ?? (input.method === "POST" ? POST_SIGNED_HEADERS : GET_SIGNED_HEADERS))];
  const lowerCased = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const signingString = buildSigningString(signedHeaders, {
    method: input.method,
    target: url.pathname + url.search,
    headers: lowerCased,
  });
  const signature = crypto.sign("sha256", Buffer.from(signingString), input.privateKey).toString("base64");
  headers["Signature"] = formatSignatureHeader({ keyId: input.keyId, algorithm: "rsa-sha256", headers: signedHeaders, signature });
  return headers;
}

/** A public key as found in an actor document (`publicKey {id, owner, publicKeyPem}`). */
export interface FetchedKey {
  id: string;
  owner: string;
  publicKeyPem: string;
}

export interface IncomingRequest {
  method: string;
  /** Path plus query as on the request line. */
  target: string;
  headers: HeaderMap;
  body: Uint8Array;
}

export type VerificationResult = { verified: true; keyId: string; owner: string } | { verified: false; keyId: string | null; error: string };

/**
 * Verifies a draft-cavage signed request like Mastodon does: algorithm rsa-sha256 or hs2019;
 * a POST must cover `(request-target)`, `host`, `date` and `digest`; the `Digest` must match the
 * body; the `Date` must be within `DATE_WINDOW_MS` of `now`; the key is fetched by `fetchKey`.
 * Requests signed only with RFC 9421 (`Signature-Input`) are refused.
 */
export async function verifyCavageRequest(
  request: IncomingRequest,
  options: { now: Date; fetchKey: (keyId: string) => Promise<FetchedKey> },
): Promise<VerificationResult> {
  const header = request.headers["signature"];
  if (request.headers["signature-input"] !== undefined) {
    return { verified: false, keyId: null, error: "rfc9421 not supported by test peer" };
  }
  if (header === undefined) return { verified: false, keyId: null, error: "request is not signed" };
  let params: SignatureParams;
  try {
    params = parseSignatureHeader(header);
  } catch (error) {
    return { verified: false, keyId: null, error: messageOf(error) };
  }
  const fail = (error: string): VerificationResult => ({ verified: false, keyId: params.keyId, error });

  const algorithm = params.algorithm.toLowerCase();
  if (algorithm !== "rsa-sha256" && algorithm !== "hs2019") return fail(`unsupported algorithm ${params.algorithm}`);
  const required = request.method.toUpperCase() === "POST" ? REQUIRED_POST_HEADERS : GET_SIGNED_HEADERS;
  const missing = required.filter((name) => !params.headers.includes(name));
  if (missing.length > 0) return fail(`signature does not cover ${missing.join(", ")}`);

  if (params.headers.includes("digest") && !verifyDigest(request.headers["digest"], request.body)) {
    return fail(`Digest ${JSON.stringify(request.headers["digest"] ?? null)} does not match the body`);
  }
  const dateHeader = request.headers["date"];
  const date = dateHeader === undefined ? Number.NaN : Date.parse(dateHeader);
  if (Number.isNaN(date)) return fail(`invalid Date header ${JSON.stringify(dateHeader ?? null)}`);
  if (Math.abs(options.now.getTime() - date) > DATE_WINDOW_MS) {
    return fail(`Date ${dateHeader} is outside the ±1 h window around ${options.now.toUTCString()}`);
  }

  let signingString: string;
  try {
    signingString = buildSigningString(params.headers, request);
  } catch (error) {
    return fail(messageOf(error));
  }
  let key: FetchedKey;
  try {
    key = await options.fetchKey(params.keyId);
  } catch (error) {
    return fail(`cannot fetch key ${params.keyId}: ${messageOf(error)}`);
  }
  let valid: boolean;
  try {
    valid = crypto.verify("sha256", Buffer.from(signingString), key.publicKeyPem, Buffer.from(params.signature, "base64"));
  } catch (error) {
    return fail(`cannot verify with key ${params.keyId}: ${messageOf(error)}`);
  }
  if (!valid) return fail(`signature does not match key ${params.keyId}; signing string was ${JSON.stringify(signingString)}`);
  return { verified: true, keyId: params.keyId, owner: key.owner };
}

/**
 * Finds the key `keyId` in a fetched document: an actor whose `publicKey` (object or array)
 * has that `id`, or a standalone key document. Throws when absent.
 */
export function findPublicKey(document: unknown, keyId: string): FetchedKey {
  const candidates: unknown[] = [];
  if (isRecord(document)) {
    candidates.push(document);
    const publicKey = document["publicKey"];
    candidates.push(...(Array.isArray(publicKey) ? publicKey : [publicKey]));
  }
  for (const candidate of candidates) {
    if (!isRecord(candidate) || candidate["id"] !== keyId) continue;
    const { owner, publicKeyPem } = candidate;
    if (typeof owner === "string" && typeof publicKeyPem === "string") return { id: keyId, owner, publicKeyPem };
  }
  throw new Error(`no publicKey with id ${keyId} (and owner, publicKeyPem) in the fetched document`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
