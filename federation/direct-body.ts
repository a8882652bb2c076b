/**
 * The body of a delivery from one cantine straight to another: the activity as Fedify queued it,
 * without its Linked Data signature and integrity proof, nor the two contexts only they need.
 *
 * Fedify signs every activity both ways (it has no switch): the LD signature lets a Mastodon-style
 * relay forward a copy, the proof (FEP-8b32) lets anyone check a copy without the HTTP request.
 * Receiving them costs Fedify about 30 ms of CPU per activity (compaction and RDF
 * canonicalisation for the signature; a ~300-term active context copied for the proof's
 * type-scoped context), against about 3 ms without. A cantine receiving a delivery from its
 * origin authenticates it by the HTTP signature, checks that the signer is the actor, reads the
 * embedded object only when it comes from the sender's origin, and never forwards it: what the
 * two signatures add is never read there.
 */

const SIGNATURE_ONLY_CONTEXTS = new Set(["https://w3id.org/identity/v1", "https://w3id.org/security/data-integrity/v1"]);

/** The activity without `signature`, `proof` and the contexts only they use; anything not an object is returned as is. */
export function directBody(activity: unknown): unknown {
  if (typeof activity !== "object" || activity === null || Array.isArray(activity)) return activity;
  const { signature: _signature, proof: _proof, ...rest } = activity as Record<string, unknown>;
  const context = rest["@context"];
  if (!Array.isArray(context)) return rest;
  const kept = context.filter((entry) => !(typeof entry === "string" && SIGNATURE_ONLY_CONTEXTS.has(entry)));
  return { ...rest, "@context": kept.length === 1 ? kept[0] : kept };
}
