// A node in the world sits behind a TLS reverse proxy (nginx, Caddy) that talks plain HTTP to it
// on loopback. What the proxy says about the request (who asked, over https or not) is believed
// from the configured proxies only; the public origin decides how cookies are marked.
import type { CookieOptions, Express } from "express";

/** What `trustProxy` defaults to: a proxy on the same machine. */
const DEFAULT_TRUSTED_PROXIES: readonly string[] = ["loopback"];

/**
 * Believe X-Forwarded-For and X-Forwarded-Proto from `proxies` only (addresses, CIDR ranges or
 * Express's names such as "loopback"). A request from anywhere else is taken as it comes:
 * `req.ip` is its peer's address and `req.secure` says whether it reached us over TLS.
 */
export function trustForwardedHeaders(app: Express, proxies: readonly string[] = DEFAULT_TRUSTED_PROXIES): void {
  app.set("trust proxy", proxies.length === 0 ? false : [...proxies]);
}

/**
 * Whether the node's cookies must be `Secure`: whenever its public origin is https, even though
 * the proxy in front of it speaks plain HTTP to it, and whatever a request's headers claim.
 */
export function secureCookies(origin: string): boolean {
  return new URL(origin).protocol === "https:";
}

/** The attributes of a cookie of this node (session, preference): `Secure` on an https origin. */
export function cookieOptions(origin: string, options: CookieOptions = {}): CookieOptions {
  return { httpOnly: true, sameSite: "lax", path: "/", secure: secureCookies(origin), ...options };
}
