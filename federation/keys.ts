import { exportJwk, generateCryptoKeyPair, importJwk } from "@fedify/fedify";
import type { KeyStore, StoredKeyPair } from "../node/domain/network/keys.ts";

/**
 * Returns the actor's key pairs, generating them on first start only: RSA first (its position
 * makes it `#main-key`, the key Mastodon verifies), then Ed25519 for object integrity proofs.
 * RSA-2048 like Mastodon: each signature costs a third of Fedify's default 4096 bits.
 */
export async function loadOrCreateActorKeys(store: KeyStore, actor: string): Promise<CryptoKeyPair[]> {
  let stored = store.list(actor);
  if (stored.length === 0) {
    const rsa = await crypto.subtle.generateKey(
      { name: "RSASSA-PKCS1-v1_5", modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: "SHA-256" },
      true,
      ["sign", "verify"],
    );
    const ed25519 = await generateCryptoKeyPair("Ed25519");
    const pairs: StoredKeyPair[] = [
      { position: 0, algorithm: "RSASSA-PKCS1-v1_5", ...(await toJwks(rsa)) },
      { position: 1, algorithm: "Ed25519", ...(await toJwks(ed25519)) },
    ];
    stored = store.saveIfAbsent(actor, pairs);
  }
  return Promise.all(
    stored.map(async (pair) => ({
      privateKey: await importJwk(pair.privateJwk, "private"),
      publicKey: await importJwk(pair.publicJwk, "public"),
    })),
  );
}

async function toJwks(pair: CryptoKeyPair): Promise<{ privateJwk: JsonWebKey; publicJwk: JsonWebKey }> {
  return { privateJwk: await exportJwk(pair.privateKey), publicJwk: await exportJwk(pair.publicKey) };
}
