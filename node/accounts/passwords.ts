import { createHash, randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import type { PasswordHasher, Secrets } from "../domain/accounts/account.ts";

// scrypt with N = 2^15, r = 8, p = 1 (OWASP's minimum for scrypt), 32 MiB of memory per hash.
const PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
const MAX_MEMORY = 64 * 1024 * 1024;

function derive(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize("NFC"), salt, KEY_LENGTH, { ...params, maxmem: MAX_MEMORY }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** Hashes as `scrypt$N$r$p$salt$key` (base64url), so that stronger parameters can come later. */
export function scryptHasher(): PasswordHasher {
  const decoySalt = randomBytes(16);
  return {
    async hash(password) {
      const salt = randomBytes(16);
      const key = await derive(password, salt, PARAMS);
      return ["scrypt", PARAMS.N, PARAMS.r, PARAMS.p, salt.toString("base64url"), key.toString("base64url")].join("$");
    },
    async verify(hash, password) {
      const parts = hash?.split("$") ?? [];
      if (hash === null || parts.length !== 6 || parts[0] !== "scrypt") {
        await derive(password, decoySalt, PARAMS);
        return false;
      }
      const [, N, r, p, salt, key] = parts as [string, string, string, string, string, string];
      const expected = Buffer.from(key, "base64url");
      const actual = await derive(password, Buffer.from(salt, "base64url"), { N: Number(N), r: Number(r), p: Number(p) });
      return actual.length === expected.length && timingSafeEqual(actual, expected);
    },
  };
}

/** 32 random bytes, URL-safe; stored as SHA-256 digests. */
export const randomSecrets: Secrets = {
  token: () => randomBytes(32).toString("base64url"),
  digest: (secret) => createHash("sha256").update(secret).digest("hex"),
};
