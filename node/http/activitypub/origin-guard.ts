// Inbound origin guard, run on the raw inbox POST body before Fedify sees it.
// Fedify 2.3.8 leaves these advisories open (fixed in 2.3.14 / 2.3.16):
// - GHSA-4qhx-hhwf-8685: an activity id on another origin than its actor is accepted;
// - GHSA-r388-57j3-5fgp: embedded objects of an id-less activity skip the origin check;
// - GHSA-q9f8-5hc7-898f: a key document's own `owner`/`controller` claim is trusted;
// - GHSA-8863-8468-7hq7: key ownership can be faked through an actor-id redirect.
// Every key that may sign (HTTP signature, LD signature, integrity proof) must
// therefore live on the actor's origin, and so must the activity id.
//
// Cost: activities forwarded by a third server (its HTTP signature, the
// author's LD signature) are refused; acceptable for an events server.
// Limit: the JSON is read as sent. A sender renaming terms through its own
// `@context` is not understood here; Fedify's JSON-LD expansion decides then.
//
// Embedded objects are deliberately not checked: Fedify refetches an embedded
// object whose id is on another origin, and an id-less embedded object has no
// origin to compare.

export type OriginVerdict = { ok: true } | { ok: false; status: 400 | 401; reason: string };

type HeaderInput = Headers | Record<string, string | string[] | undefined>;

function header(headers: HeaderInput, name: string): string | undefined {
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name) ?? undefined;
  const values = Object.entries(headers as Record<string, string | string[] | undefined>)
    .filter(([key, value]) => key.toLowerCase() === name && value !== undefined)
    .flatMap(([, value]) => value!);
  return values.length > 0 ? values.join(", ") : undefined;
}

/** http(s) origin of a URL, or undefined (other schemes all have the origin "null"). */
function originOf(url: unknown): string | undefined {
  if (typeof url !== "string") return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.origin : undefined;
  } catch {
    return undefined;
  }
}

/** A reference is an IRI string or a node with `id` / `@id`. */
function idOf(value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const node = value as Record<string, unknown>;
  return node.id ?? node["@id"];
}

/** Every value of `keys` anywhere under `value` (signatures and proofs may nest or be arrays). */
function collect(value: unknown, keys: string[], found: unknown[] = []): unknown[] {
  if (Array.isArray(value)) for (const item of value) collect(item, keys, found);
  else if (typeof value === "object" && value !== null) {
    for (const [key, child] of Object.entries(value)) {
      if (keys.includes(key)) found.push(...(Array.isArray(child) ? child : [child]).map(idOf));
      else collect(child, keys, found);
    }
  }
  return found;
}

/**
 * Key ids of the HTTP signature. Deliberately over-inclusive (any `keyId="…"` in
 * `Signature`, any `;keyid="…"` in `Signature-Input`, all labels): a key id
 * Fedify might use must never escape the check; an extra one only refuses.
 */
export function httpSignatureKeyIds(headers: HeaderInput): string[] | string {
  const signature = header(headers, "signature");
  const signatureInput = header(headers, "signature-input");
  if (signature === undefined && signatureInput === undefined) return "request is not signed (no Signature or Signature-Input header)";
  const keyIds: string[] = [];
  // draft-cavage: Signature: keyId="https://…#main-key",algorithm="…",headers="…",signature="…"
  for (const match of (signature ?? "").matchAll(/keyId\s*=\s*"([^"]*)"/gi)) keyIds.push(match[1]!);
  // RFC 9421: Signature-Input: sig1=("@method" …);created=…;keyid="https://…";alg="…", sig2=…
  for (const match of (signatureInput ?? "").matchAll(/;\s*keyid\s*=\s*"((?:[^"\\]|\\.)*)"/gi)) {
    keyIds.push(match[1]!.replace(/\\(.)/g, "$1"));
  }
  if (keyIds.length === 0) return signatureInput === undefined ? "Signature header has no keyId" : "Signature-Input header has no keyid";
  return keyIds;
}

function deny(status: 400 | 401, reason: string): OriginVerdict {
  return { ok: false, status, reason };
}

/** The raw body as JSON, or undefined when it is not JSON at all. */
export function parseBody(body: Uint8Array): unknown {
  try {
    return JSON.parse(new TextDecoder().decode(body));
  } catch {
    return undefined;
  }
}

export function checkInboundOrigin(body: Uint8Array, headers: HeaderInput): OriginVerdict {
  return checkActivityOrigin(parseBody(body), headers);
}

/** The same check on an already parsed body. */
export function checkActivityOrigin(activity: unknown, headers: HeaderInput): OriginVerdict {
  if (typeof activity !== "object" || activity === null || Array.isArray(activity)) return deny(400, "body is not a JSON object");
  const json = activity as Record<string, unknown>;

  const actors = (Array.isArray(json.actor) ? json.actor : [json.actor]).map(idOf);
  if (actors.length === 0 || actors[0] === undefined) return deny(400, "activity has no actor");
  const actorOrigins = new Set<string>();
  for (const actor of actors) {
    const origin = originOf(actor);
    if (origin === undefined) return deny(400, `actor ${JSON.stringify(actor)} is not an http(s) URL`);
    actorOrigins.add(origin);
  }
  // One signing key cannot speak for actors on two origins.
  if (actorOrigins.size > 1) return deny(401, `activity has actors on several origins: ${[...actorOrigins].join(", ")}`);
  const actorOrigin = [...actorOrigins][0]!;
  const notOnActorOrigin = (what: string, value: unknown) =>
    deny(401, `${what} ${typeof value === "string" ? value : JSON.stringify(value)} is not on the actor's origin ${actorOrigin}`);

  // GHSA-r388-57j3-5fgp: without an id, Fedify skips the embedded-object origin check.
  if (json.id === undefined || json.id === null) return deny(401, "activity has no id (its embedded objects could not be origin-checked)");
  // GHSA-4qhx-hhwf-8685: an id on another origin could also take the genuine activity's idempotency slot.
  if (originOf(json.id) !== actorOrigin) return notOnActorOrigin("activity id", json.id);

  // GHSA-q9f8-5hc7-898f, GHSA-8863-8468-7hq7: the key's own ownership claim is not to be trusted.
  const keyIds = httpSignatureKeyIds(headers);
  if (typeof keyIds === "string") return deny(401, keyIds);
  for (const keyId of keyIds) if (originOf(keyId) !== actorOrigin) return notOnActorOrigin("HTTP signature key", keyId);

  // The same for the keys of LD signatures and Object Integrity Proofs, which Fedify verifies first.
  for (const creator of collect(json.signature, ["creator", "verificationMethod"])) {
    if (originOf(creator) !== actorOrigin) return notOnActorOrigin("LD signature creator", creator);
  }
  for (const method of collect(json.proof, ["verificationMethod"])) {
    if (originOf(method) !== actorOrigin) return notOnActorOrigin("proof verificationMethod", method);
  }
  return { ok: true };
}
