import type { Request, Response } from "express";

/** The cookies of a request (malformed values are skipped). */
export function readCookies(req: Request): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.get("cookie") ?? "").split(";")) {
    const at = part.indexOf("=");
    if (at < 1) continue;
    try {
      out[part.slice(0, at).trim()] = decodeURIComponent(part.slice(at + 1).trim());
    } catch {
      // ignored
    }
  }
  return out;
}

/**
 * A cookie name for this node: on https the `__Host-` prefix makes the browser insist on Secure,
 * path "/" and no Domain, so no other host (a sibling subdomain) can set or read it.
 */
export function cookieName(base: string, secure: boolean): string {
  return secure ? `__Host-${base}` : base;
}

export function setCookie(res: Response, name: string, value: string, secure: boolean, maxAgeMs?: number): void {
  res.cookie(name, value, { httpOnly: true, sameSite: "lax", secure, path: "/", ...(maxAgeMs ? { maxAge: maxAgeMs } : {}) });
}

export function clearCookie(res: Response, name: string, secure: boolean): void {
  res.clearCookie(name, { httpOnly: true, sameSite: "lax", secure, path: "/" });
}
