// Small I/O helpers of the test peer (test/helpers/peer.ts): bodies, headers, JSON, keys.

import type { IncomingMessage, ServerResponse } from "node:http";
import type { FetchedKey } from "./http-signatures.ts";
import { findPublicKey, formatSignatureHeader, parseSignatureHeader } from "./http-signatures.ts";
import type { JsonObject } from "./peer-types.ts";
import { AP_CONTENT_TYPE, AS_CONTEXT, FETCH_TIMEOUT_MS, USER_AGENT } from "./peer-types.ts";

/** GETs the keyId's document (fragment dropped) and picks the matching `publicKey`. */
export async function fetchKey(keyId: string): Promise<FetchedKey> {
  const url = new URL(keyId);
  url.hash = "";
  const response = await fetch(url, {
    headers: { Accept: AP_CONTENT_TYPE, "User-Agent": USER_AGENT },
    signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
  });
  const text = await response.text();
  if (response.status !== 200) throw new Error(`GET ${url.href} answered ${response.status}`);
  return findPublicKey(parseJsonObject(text), keyId);
}

export function corruptSignature(header: string): string {
  const params = parseSignatureHeader(header);
  const bytes = Buffer.from(params.signature, "base64");
  bytes[0] = bytes[0]! ^ 0xff;
  return formatSignatureHeader({ ...params, signature: bytes.toString("base64") });
}

export function readBody(req: IncomingMessage, limit: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on("end", () => resolve(size > limit ? null : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

export function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return headers;
}

export function sendJson(res: ServerResponse, status: number, body: unknown, contentType = "application/json; charset=utf-8"): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "Content-Type": contentType, "Content-Length": Buffer.byteLength(text) }).end(text);
}

export function parseJsonObject(text: string): JsonObject | null {
  try {
    const value: unknown = JSON.parse(text);
    return isObject(value) ? value : null;
  } catch {
    return null;
  }
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function idOf(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (isObject(value) && typeof value["id"] === "string") return value["id"];
  return null;
}

export function isActivityPubContentType(contentType: string): boolean {
  const [mediaType, ...params] = contentType.split(";").map((part) => part.trim().toLowerCase());
  if (mediaType === AP_CONTENT_TYPE) return true;
  return mediaType === "application/ld+json" && params.some((param) => param.replace(/"/g, "") === `profile=${AS_CONTEXT}`);
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
