// Authorized fetch (Mastodon's "secure mode"): with `authorizedFetch` on, objects and collections
// answer only GETs signed by a server that is not blocked (Fedify answers the others 401). The
// actor stays readable unsigned — a server must fetch it to check our own signatures — except
// by a signer we block.
import type { RequestContext } from "@fedify/fedify";
import type { FederationDeps } from "./context.ts";
import { httpUrl } from "./vocab/read.ts";

type Deps = Pick<FederationDeps, "authorizedFetch" | "moderation">;

/** For objects and collections: everyone, or (authorized fetch) a verified signer not blocked. */
export function authorizedReader(deps: Deps): (ctx: RequestContext<void>) => Promise<boolean> {
  return async (ctx) => {
    if (!deps.authorizedFetch) return true;
    const key = await ctx.getSignedKey();
    if (key === null || key.id === null) return false;
    if (deps.moderation.policy.policyFor(key.id.href).suspended) return false;
    const owner = await ctx.getSignedKeyOwner();
    return owner?.id != null && !deps.moderation.policy.policyFor(owner.id.href).suspended;
  };
}

/** For the actor: everyone, unsigned included, but a signer we block (read from its keyId, nothing fetched). */
export function actorReader(deps: Deps): (ctx: RequestContext<void>) => boolean {
  return (ctx) => {
    if (!deps.authorizedFetch) return true;
    return signatureKeyIds(ctx.request.headers).every((keyId) => !deps.moderation.policy.policyFor(keyId).suspended);
  };
}

/** The keyIds a request names in its `Signature` (draft-cavage) and `Signature-Input` (RFC 9421) headers. */
function signatureKeyIds(headers: Headers): string[] {
  const text = `${headers.get("signature") ?? ""},${headers.get("signature-input") ?? ""}`;
  return [...text.matchAll(/keyid="([^"]{1,2048})"/gi)].map((m) => httpUrl(m[1]) ?? "").filter(Boolean);
}
