/** A stored key pair as JSON Web Keys; the private half never leaves the node. */
export type StoredKeyPair = Readonly<{
  position: number;
  algorithm: "RSASSA-PKCS1-v1_5" | "Ed25519";
  privateJwk: JsonWebKey;
  publicJwk: JsonWebKey;
}>;

/** Storage port for the actor's key pairs. */
export interface KeyStore {
  list(actor: string): StoredKeyPair[];
  /** Saves all pairs at once, only if none exist yet; returns what is stored afterwards. */
  saveIfAbsent(actor: string, pairs: StoredKeyPair[]): StoredKeyPair[];
}
