// Inbox POSTs as a hostile server sends them: any bytes as the body, signed by one of a peer's
// accounts (or pretending to be someone else's key), with any header broken on purpose.

import type { KeyObject } from "node:crypto";
import crypto from "node:crypto";
import { buildSigningString, digestHeader, formatSignatureHeader, POST_SIGNED_HEADERS } from "../helpers/http-signatures.ts";
import type { RawResponse } from "./raw-http.ts";
import { rawRequest } from "./raw-http.ts";

/** Whoever signs: the test peer of test/helpers/peer.ts (any of its accounts) or a peer of our own. */
export type Signer = { keyId(user?: string): string; keys(user?: string): { privateKey: KeyObject } };

export type PostOptions = {
  /** Sign with this account of the peer (default alice). */
  user?: string;
  /** The keyId to claim, whatever key really signs. */
  keyId?: string;
  /** The `Date` to sign and send (default now). */
  date?: Date;
  /** Headers the signature covers (default Mastodon's: (request-target) host date digest content-type). */
  signedHeaders?: readonly string[];
  contentType?: string;
  /** Send no `Signature` header at all. */
  unsigned?: boolean;
  /** Flip a byte of the signature, or change the body after signing. */
  tamper?: "signature" | "body";
  /** Headers replaced (or added, or removed with null) after signing: a broken Date or Digest, a second signature scheme. */
  headers?: Record<string, string | null>;
};

/** The headers of a draft-cavage signed POST of `body` to `url`, as `peer`'s account signs it. */
function signedHeaders(peer: Signer, url: string, body: Buffer, options: PostOptions = {}): Record<string, string> {
  const user = options.user ?? "alice";
  const target = new URL(url);
  const headers: Record<string, string> = {
    Host: target.host,
    Date: (options.date ?? new Date()).toUTCString(),
    Digest: digestHeader(body),
    "Content-Type": options.contentType ?? "application/activity+json",
  };
  const signed = [...(options.signedHeaders ?? POST_SIGNED_HEADERS)];
  const lower = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const text = buildSigningString(signed, { method: "POST", target: target.pathname + target.search, headers: lower });
  const signature = crypto.sign("sha256", Buffer.from(text), peer.keys(user).privateKey);
  if (options.tamper === "signature") signature[0] = signature[0]! ^ 0xff;
  headers.Signature = formatSignatureHeader({
    keyId: options.keyId ?? peer.keyId(user),
    algorithm: "rsa-sha256",
    headers: signed,
    signature: signature.toString("base64"),
  });
  if (options.unsigned) delete headers.Signature;
  return headers;
}

/** POSTs `body` (an object is sent as JSON) to an inbox and returns the answer. */
export async function postToInbox(peer: Signer, url: string, body: unknown, options: PostOptions = {}): Promise<RawResponse> {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === "string" ? body : JSON.stringify(body), "utf8");
  const headers: Record<string, string> = signedHeaders(peer, url, bytes, options);
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value === null) delete headers[name];
    else headers[name] = value;
  }
  const sent = options.tamper === "body" ? Buffer.concat([bytes.subarray(0, -1), Buffer.from(" }")]) : bytes;
  const target = new URL(url);
  return rawRequest(target.origin, {
    method: "POST",
    path: target.pathname + target.search,
    headers: { ...(headers["Transfer-Encoding"] ? {} : { "Content-Length": String(sent.length) }), ...headers },
    body: sent,
  });
}
