import { getLogger } from "@logtape/logtape";
import type { RequestHandler, Response } from "express";
import type { CryptoKey, JWK } from "jose";
import { calculateJwkThumbprint, errors, exportJWK, generateKeyPair, importJWK, jwtVerify, SignJWT } from "jose";
import type { Operator, OperatorToken, Scope, SigningKeyStore, TokenStore } from "../domain/accounts/tokens.ts";
import { hasScope, isScope, Scopes } from "../domain/accounts/tokens.ts";
import { HttpError } from "./problem.ts";

const log = getLogger(["cantine", "http", "auth"]);

export type AuthDeps = {
  keys: SigningKeyStore;
  tokens: TokenStore;
  /** The node's public origin: both `iss` and `aud` of its tokens. */
  origin: string;
  now?: () => Date;
};

export type IssueRequest = { name: string; scopes: Scope[]; days?: number };

// The only algorithm accepted: refuses `alg: none` and HS256 signed with the public key.
const ALGORITHM = "EdDSA";
const DEFAULT_DAYS = 90;
const MAX_DAYS = 3650;
const MAX_NAME = 100;
const DAY = 86_400;

type LoadedKey = { kid: string; privateKey: CryptoKey; publicKey: CryptoKey };

// Imported keys per store, so requests never re-import JWKs.
const loaded = new WeakMap<SigningKeyStore, Promise<LoadedKey>>();

/** The node's signing key: generated on first use, stored for good, imported once per store. */
function signingKey(store: SigningKeyStore): Promise<LoadedKey> {
  let key = loaded.get(store);
  if (!key) {
    key = loadOrCreate(store);
    loaded.set(store, key);
    key.catch(() => loaded.delete(store)); // a failed load is retried by the next caller
  }
  return key;
}

async function loadOrCreate(store: SigningKeyStore): Promise<LoadedKey> {
  let stored = store.current();
  if (!stored) {
    const pair = await generateKeyPair(ALGORITHM, { crv: "Ed25519", extractable: true });
    const publicJwk = await exportJWK(pair.publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    const privateJwk = await exportJWK(pair.privateKey);
    // Another process may have saved a key meanwhile: saveIfAbsent returns the one that won.
    stored = store.saveIfAbsent({ kid, algorithm: "Ed25519", privateJwk, publicJwk, createdAt: new Date().toISOString() });
  }
  return {
    kid: stored.kid,
    privateKey: (await importJWK(stored.privateJwk as JWK, ALGORITHM)) as CryptoKey,
    publicKey: (await importJWK(stored.publicJwk as JWK, ALGORITHM)) as CryptoKey,
  };
}

const originOf = (origin: string) => new URL(origin).origin;
const isoAt = (seconds: number) => new Date(seconds * 1000).toISOString();

/** Signs an operator token with the node's key and records it, so it can be listed and revoked. */
export async function issueToken(deps: AuthDeps, request: IssueRequest): Promise<{ token: string; record: OperatorToken }> {
  const name = request.name.trim();
  if (name === "" || name.length > MAX_NAME) throw new HttpError(400, `token name must be 1 to ${MAX_NAME} characters`);
  const scopes = [...new Set(request.scopes)];
  const unknown = scopes.filter((scope) => !isScope(scope));
  if (scopes.length === 0 || unknown.length > 0) {
    throw new HttpError(400, `scopes must be some of ${Scopes.join(", ")}${unknown.length ? `; unknown: ${unknown.join(", ")}` : ""}`);
  }
  const days = request.days ?? DEFAULT_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MAX_DAYS) throw new HttpError(400, `days must be an integer from 1 to ${MAX_DAYS}`);

  const origin = originOf(deps.origin);
  const key = await signingKey(deps.keys);
  const issuedAt = Math.floor((deps.now?.() ?? new Date()).getTime() / 1000);
  const expiresAt = issuedAt + days * DAY;
  const record: OperatorToken = {
    id: crypto.randomUUID(),
    name,
    scopes,
    issuedAt: isoAt(issuedAt),
    expiresAt: isoAt(expiresAt),
    revokedAt: null,
  };
  const token = await new SignJWT({ scope: scopes.join(" ") })
    .setProtectedHeader({ alg: ALGORITHM, kid: key.kid })
    .setIssuer(origin)
    .setAudience(origin)
    .setSubject(name)
    .setJti(record.id)
    .setIssuedAt(issuedAt)
    .setExpirationTime(expiresAt)
    .sign(key.privateKey);
  deps.tokens.record(record);
  return { token, record };
}

/** Thrown by the key lookup when the token names a key that is not the node's. */
class UnknownKey extends Error {}

/**
 * Express middleware admitting only a valid, unrevoked operator token holding `scope`
 * (or `admin`). Sets `res.locals.operator`. 401 when the token is missing or invalid, 403
 * when its scopes fall short. Errors that are not the token's fault (storage) reach the
 * error middleware as 500.
 */
export function requireOperator(deps: AuthDeps, scope: Scope): RequestHandler {
  const origin = originOf(deps.origin);
  return async (req, res, next) => {
    const token = bearerToken(req.get("authorization"));
    if (token === undefined) return unauthorized(res, "missing bearer token", req.method, req.path);
    const key = await signingKey(deps.keys);

    let jti: unknown;
    try {
      const { payload } = await jwtVerify(
        token,
        (header) => {
          if (header.kid !== key.kid) throw new UnknownKey();
          return key.publicKey;
        },
        { algorithms: [ALGORITHM], issuer: origin, audience: origin, requiredClaims: ["exp", "jti"], currentDate: deps.now?.() },
      );
      jti = payload.jti;
    } catch (error) {
      const problem = problemOf(error);
      if (problem === undefined) throw error;
      return unauthorized(res, problem, req.method, req.path);
    }

    // The signature proves we issued it; the store says whether it still stands.
    const record = typeof jti === "string" ? deps.tokens.get(jti) : undefined;
    if (!record) return unauthorized(res, "unknown token", req.method, req.path);
    if (record.revokedAt !== null) return unauthorized(res, "token revoked", req.method, req.path);
    if (!hasScope(record.scopes, scope)) {
      res
        .status(403)
        .set("WWW-Authenticate", `Bearer realm="cantine", error="insufficient_scope", scope="${scope}"`)
        .json({ error: `token lacks scope ${scope}` });
      return;
    }
    const operator: Operator = { tokenId: record.id, name: record.name, scopes: record.scopes };
    res.locals.operator = operator;
    next();
  };
}

/** The token of an `Authorization: Bearer …` header; undefined when there is none. */
function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer(?:\s+(.*))?$/i.exec(header?.trim() ?? "");
  return match?.[1] || undefined;
}

/** A short, quote-free description of why jose refused the token; undefined if it was not the token's fault. */
function problemOf(error: unknown): string | undefined {
  if (error instanceof UnknownKey) return "unknown signing key";
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.reason === "missing") return `token has no ${error.claim} claim`;
    if (error.claim === "aud") return "wrong audience";
    if (error.claim === "iss") return "wrong issuer";
    return `invalid ${error.claim} claim`;
  }
  if (error instanceof errors.JWTExpired) return "token expired";
  if (error instanceof errors.JWSSignatureVerificationFailed) return "token signature invalid";
  if (error instanceof errors.JOSEAlgNotAllowed) return "unsupported algorithm";
  if (error instanceof errors.JOSEError) return "malformed token";
  return undefined;
}

// RFC 6750 §3.1: a request without credentials gets the challenge but no error code.
function unauthorized(res: Response, problem: string, method: string, path: string): void {
  log.warn("{method} {path}: 401 {problem}", { method, path, problem }); // never the token itself
  const challenge =
    problem === "missing bearer token" ? 'Bearer realm="cantine"' : `Bearer realm="cantine", error="invalid_token", error_description="${problem}"`;
  res.status(401).set("WWW-Authenticate", challenge).json({ error: problem });
}
