// Operator tokens a hostile client could present: signed with the node's own key but wrong in
// one claim, signed with another key, unsigned, or revoked. The node's key is read from its
// database, as someone who stole it would; the CLI issues and revokes the genuine ones.

import { join } from "node:path";
import Database from "better-sqlite3";
import type { JWK, JWTPayload } from "jose";
import { generateKeyPair, importJWK, SignJWT } from "jose";
import { runCantine } from "../helpers/cli.ts";
import type { NodeProcess } from "../helpers/node-process.ts";
import { issueToken } from "../helpers/operator.ts";
import type { AdminWorld } from "./corpus/admin-world.ts";

const DAY = 86_400;
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

function claimsOf(token: string): JWTPayload {
  return JSON.parse(Buffer.from(token.split(".")[1]!, "base64url").toString("utf8")) as JWTPayload;
}

/** Every Authorization header value of AdminWorld["auth"], genuine and forged. */
export async function operatorTokens(node: NodeProcess): Promise<AdminWorld["auth"]> {
  const admin = await issueToken(node, "admin");
  const eventsOnly = await issueToken(node, "events:write");
  const followsOnly = await issueToken(node, "follows:write");
  const revoked = await issueToken(node, "admin");
  const revokedAt = await runCantine(["token", "revoke", String(claimsOf(revoked).jti), "--config", node.configFile]);
  if (revokedAt.code !== 0) throw new Error(`token revoke failed: ${revokedAt.stderr}`);

  const db = new Database(join(node.dataDir, "cantine.db"), { readonly: true, fileMustExist: true });
  const row = db.prepare("SELECT kid, private_jwk, public_jwk FROM jwt_keys").get() as { kid: string; private_jwk: string; public_jwk: string };
  db.close();
  const key = await importJWK(JSON.parse(row.private_jwk) as JWK, "EdDSA");
  const origin = new URL(node.origin).origin;
  const now = Math.floor(Date.now() / 1000);
  const genuine = claimsOf(admin);
  const sign = (claims: JWTPayload, signingKey: Parameters<SignJWT["sign"]>[0] = key) =>
    new SignJWT(claims).setProtectedHeader({ alg: "EdDSA", kid: row.kid }).sign(signingKey);
  const base = { iss: origin, aud: origin, sub: "forger", jti: genuine.jti, scope: "admin", iat: now, exp: now + DAY };
  const { exp: _exp, ...noExpiry } = base;
  const { jti: _jti, ...noJti } = base;
  const other = await generateKeyPair("EdDSA", { crv: "Ed25519" });
  const hs256 = await new SignJWT(base).setProtectedHeader({ alg: "HS256", kid: row.kid }).sign(new TextEncoder().encode(row.public_jwk));

  const bearer = (token: string) => `Bearer ${token}`;
  return {
    admin: bearer(admin),
    eventsOnly: bearer(eventsOnly),
    followsOnly: bearer(followsOnly),
    revoked: bearer(revoked),
    expired: bearer(await sign({ ...base, iat: now - 2 * DAY, exp: now - DAY })),
    future: bearer(await sign({ ...base, nbf: now + DAY })),
    wrongIssuer: bearer(await sign({ ...base, iss: "https://evil.example" })),
    wrongAudience: bearer(await sign({ ...base, aud: "https://evil.example" })),
    noExpiry: bearer(await sign(noExpiry)),
    noJti: bearer(await sign(noJti)),
    unknownJti: bearer(await sign({ ...base, jti: crypto.randomUUID() })),
    algNone: bearer(`${b64({ alg: "none", typ: "JWT" })}.${b64(base)}.`),
    hs256: bearer(hs256),
    otherKey: bearer(await sign(base, other.privateKey)),
  };
}
