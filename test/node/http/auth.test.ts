import fs from "node:fs";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "@jest/globals";
import express from "express";
import type { JWK } from "jose";
import { base64url, decodeProtectedHeader, generateKeyPair, importJWK, SignJWT } from "jose";
import type { Scope } from "../../../node/domain/accounts/tokens.ts";
import type { AuthDeps } from "../../../node/http/auth.ts";
import { issueToken, requireOperator } from "../../../node/http/auth.ts";
import { errorHandler } from "../../../node/http/problem.ts";
import type { Db } from "../../../node/storage/db.ts";
import { openDatabase } from "../../../node/storage/db.ts";
import { migrate } from "../../../node/storage/migrate.ts";
import { SqliteJwtKeyStore, SqliteTokenStore } from "../../../node/storage/token-store.ts";

const ORIGIN = "https://cantine.example";
const OTHER = "https://other.example";
const DAY_MS = 86_400_000;

let dir: string;
let db: Db;
let deps: AuthDeps;
let server: Server | undefined;
let url: string;

function open(): Db {
  const opened = openDatabase(path.join(dir, "node.db"));
  migrate(opened);
  return opened;
}

const depsOn = (opened: Db, origin = ORIGIN): AuthDeps => ({
  keys: new SqliteJwtKeyStore(opened),
  tokens: new SqliteTokenStore(opened),
  origin,
});

/** A tiny app with one route guarded by `events:write`, listening on a free local port. */
async function listen(auth: AuthDeps): Promise<void> {
  const app = express();
  app.post("/api/admin/events", requireOperator(auth, "events:write"), (_req, res) => {
    res.json({ operator: res.locals.operator });
  });
  app.use(errorHandler);
  const started = app.listen(0, "127.0.0.1");
  await new Promise<void>((resolve) => started.once("listening", resolve));
  server = started;
  url = `http://127.0.0.1:${(started.address() as AddressInfo).port}/api/admin/events`;
}

async function call(authorization?: string): Promise<{ status: number; body: { error?: string; operator?: unknown }; challenge: string | null }> {
  const response = await fetch(url, { method: "POST", headers: authorization ? { authorization } : {} });
  return { status: response.status, body: (await response.json()) as never, challenge: response.headers.get("www-authenticate") };
}

const bearer = (token: string) => `Bearer ${token}`;
const issue = async (scopes: Scope[], extra: Partial<AuthDeps> = {}) => issueToken({ ...deps, ...extra }, { name: "front desk", scopes });

/** Claims like the node's own, for hand-made tokens. */
const claims = (jti: string, aud = ORIGIN) => ({
  iss: ORIGIN,
  aud,
  sub: "front desk",
  jti,
  scope: "admin",
  iat: Math.floor(Date.now() / 1000),
  exp: Math.floor(Date.now() / 1000) + 3600,
});

beforeEach(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), "cantine-auth-"));
  db = open();
  deps = depsOn(db);
  await listen(deps);
});

afterEach(async () => {
  if (server) await new Promise<void>((resolve, reject) => server!.close((error) => (error ? reject(error) : resolve())));
  server = undefined;
  if (db.open) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("issueToken", () => {
  it("signs an EdDSA JWT for the node's origin and records it", async () => {
    const now = new Date("2026-03-01T10:00:00Z");
    const { token, record } = await issueToken({ ...deps, now: () => now }, { name: "front desk", scopes: ["events:write"], days: 7 });
    const header = decodeProtectedHeader(token);
    expect(header).toEqual({ alg: "EdDSA", kid: deps.keys.current()!.kid });
    const payload = JSON.parse(new TextDecoder().decode(base64url.decode(token.split(".")[1]!)));
    expect(payload).toEqual({
      iss: ORIGIN,
      aud: ORIGIN,
      sub: "front desk",
      jti: record.id,
      scope: "events:write",
      iat: now.getTime() / 1000,
      exp: now.getTime() / 1000 + 7 * 86_400,
    });
    expect(record).toEqual({
      id: expect.any(String),
      name: "front desk",
      scopes: ["events:write"],
      issuedAt: "2026-03-01T10:00:00.000Z",
      expiresAt: "2026-03-08T10:00:00.000Z",
      revokedAt: null,
    });
    expect(deps.tokens.get(record.id)).toEqual(record);
    expect(deps.tokens.list()).toEqual([record]);
  });

  it("defaults to 90 days and refuses bad names, scopes and durations", async () => {
    const { record } = await issue(["admin"]);
    expect(Date.parse(record.expiresAt) - Date.parse(record.issuedAt)).toBe(90 * DAY_MS);
    await expect(issueToken(deps, { name: " ", scopes: ["admin"] })).rejects.toThrow(/name/);
    await expect(issueToken(deps, { name: "x", scopes: [] })).rejects.toThrow(/scopes/);
    await expect(issueToken(deps, { name: "x", scopes: ["root" as Scope] })).rejects.toThrow(/unknown: root/);
    await expect(issueToken(deps, { name: "x", scopes: ["admin"], days: 3651 })).rejects.toThrow(/days/);
    await expect(issueToken(deps, { name: "x", scopes: ["admin"], days: 0 })).rejects.toThrow(/days/);
    expect(deps.tokens.list()).toHaveLength(1);
  });

  it("keeps a single signing key, separate from the actor keys", async () => {
    await issue(["admin"]);
    await issue(["admin"]);
    expect(db.prepare("SELECT count(*) AS n FROM jwt_keys").get()).toEqual({ n: 1 });
    expect(db.prepare("SELECT count(*) AS n FROM actor_keys").get()).toEqual({ n: 0 });
  });
});

describe("requireOperator", () => {
  it("admits a valid token with the scope and names the operator", async () => {
    const { token, record } = await issue(["events:write"]);
    const response = await call(bearer(token));
    expect(response.status).toBe(200);
    expect(response.body.operator).toEqual({ tokenId: record.id, name: "front desk", scopes: ["events:write"] });
  });

  it("answers 401 without a bearer token", async () => {
    for (const header of [undefined, "Basic dXNlcjpwYXNz", "Bearer", "Bearer   "]) {
      const response = await call(header);
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ error: "missing bearer token" });
      expect(response.challenge).toBe('Bearer realm="cantine"');
    }
  });

  it("answers 401 to garbage, without echoing it", async () => {
    const response = await call(bearer("not-a-jwt-secret-garbage"));
    expect(response.status).toBe(401);
    expect(response.body).toEqual({ error: "malformed token" });
    expect(response.challenge).toMatch(/^Bearer realm="cantine", error="invalid_token"/);
    expect(JSON.stringify(response.body) + response.challenge).not.toContain("secret-garbage");
  });

  it("answers 401 to an expired token", async () => {
    const { token } = await issue(["events:write"], { now: () => new Date(Date.now() - 91 * DAY_MS) });
    const response = await call(bearer(token));
    expect(response.status).toBe(401);
    expect(response.body.error).toBe("token expired");
    expect(response.challenge).toContain('error="invalid_token"');
  });

  it("answers 401 to a token signed by another key under the node's kid", async () => {
    const { token, record } = await issue(["admin"]);
    const { kid } = decodeProtectedHeader(token);
    const forger = await generateKeyPair("EdDSA", { crv: "Ed25519" });
    const forged = await new SignJWT(claims(record.id)).setProtectedHeader({ alg: "EdDSA", kid: kid! }).sign(forger.privateKey);
    const response = await call(bearer(forged));
    expect(response.status).toBe(401);
    expect(response.body.error).toBe("token signature invalid");
  });

  it("answers 401 to a token naming another key", async () => {
    const { record } = await issue(["admin"]);
    const forger = await generateKeyPair("EdDSA", { crv: "Ed25519" });
    const forged = await new SignJWT(claims(record.id)).setProtectedHeader({ alg: "EdDSA", kid: "mine" }).sign(forger.privateKey);
    expect((await call(bearer(forged))).body.error).toBe("unknown signing key");
  });

  it("answers 401 to an unsigned alg:none token", async () => {
    const { record } = await issue(["admin"]);
    const encode = (json: unknown) => base64url.encode(JSON.stringify(json));
    const unsigned = `${encode({ alg: "none", typ: "JWT" })}.${encode(claims(record.id))}.`;
    const response = await call(bearer(unsigned));
    expect(response.status).toBe(401);
    expect(response.body.error).toBe("unsupported algorithm");
  });

  it("answers 401 to HS256 signed with the node's public key as the secret", async () => {
    const { token, record } = await issue(["admin"]);
    const publicJwk = deps.keys.current()!.publicJwk;
    const { kid } = decodeProtectedHeader(token);
    for (const secret of [base64url.decode(publicJwk.x!), new TextEncoder().encode(JSON.stringify(publicJwk))]) {
      const confused = await new SignJWT(claims(record.id)).setProtectedHeader({ alg: "HS256", kid: kid! }).sign(secret);
      const response = await call(bearer(confused));
      expect(response.status).toBe(401);
      expect(response.body.error).toBe("unsupported algorithm");
    }
  });

  it("answers 401 to a token for another audience or from another issuer", async () => {
    // Issued by this node's key for another node: the issuer is checked first.
    const { token } = await issueToken({ ...deps, origin: OTHER }, { name: "front desk", scopes: ["admin"] });
    const fromElsewhere = await call(bearer(token));
    expect(fromElsewhere.status).toBe(401);
    expect(fromElsewhere.body.error).toBe("wrong issuer");

    // Right issuer and key, wrong audience.
    const { record } = await issue(["admin"]);
    const stored = deps.keys.current()!;
    const privateKey = await importJWK(stored.privateJwk as JWK, "EdDSA");
    const misaddressed = await new SignJWT(claims(record.id, OTHER)).setProtectedHeader({ alg: "EdDSA", kid: stored.kid }).sign(privateKey);
    const response = await call(bearer(misaddressed));
    expect(response.status).toBe(401);
    expect(response.body.error).toBe("wrong audience");
  });

  it("answers 401 to a signed token the store does not know", async () => {
    const stored = (await issue(["admin"]), deps.keys.current()!);
    const privateKey = await importJWK(stored.privateJwk as JWK, "EdDSA");
    const unknown = await new SignJWT(claims("never-issued")).setProtectedHeader({ alg: "EdDSA", kid: stored.kid }).sign(privateKey);
    expect((await call(bearer(unknown))).body.error).toBe("unknown token");
  });

  it("answers 401 once the token is revoked", async () => {
    const { token, record } = await issue(["events:write"]);
    expect((await call(bearer(token))).status).toBe(200);
    expect(deps.tokens.revoke(record.id, "2026-03-02T00:00:00.000Z")).toBe(true);
    expect(deps.tokens.revoke(record.id, "2026-03-03T00:00:00.000Z")).toBe(false);
    expect(deps.tokens.get(record.id)!.revokedAt).toBe("2026-03-02T00:00:00.000Z");
    const response = await call(bearer(token));
    expect(response.status).toBe(401);
    expect(response.body.error).toBe("token revoked");
  });

  it("answers 403 when the scope is missing", async () => {
    const { token } = await issue(["projects:write", "follows:write"]);
    const response = await call(bearer(token));
    expect(response.status).toBe(403);
    expect(response.body.error).toBe("token lacks scope events:write");
    expect(response.challenge).toBe('Bearer realm="cantine", error="insufficient_scope", scope="events:write"');
  });

  it("lets the admin scope through", async () => {
    const { token } = await issue(["admin"]);
    expect((await call(bearer(token))).status).toBe(200);
  });

  it("keeps verifying tokens after the database is reopened", async () => {
    const { token } = await issue(["events:write"]);
    const kid = deps.keys.current()!.kid;
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    db.close();

    db = open();
    deps = depsOn(db); // new stores: the key is read back from the file, not from memory
    await listen(deps);
    expect(deps.keys.current()!.kid).toBe(kid);
    expect((await call(bearer(token))).status).toBe(200);
  });
});
