import type { RequestHandler } from "express";
import helmet from "helmet";

/**
 * Security headers for every response (pages, JSON, ActivityPub). The CSP allows scripts only
 * from the node itself and never inline ones: the one script the node serves is /assets/tz.js,
 * which offers the viewer's time zone (pages work without it; JSON-LD blocks are data, which
 * `script-src` does not govern, and nosniff keeps JSON or iCalendar answers from running as
 * scripts). Styles only from /assets, images from anywhere over https (event pictures live on other
 * cantines). `form-action` admits https because the Mastodon forms answer with a redirect to the
 * visitor's own server, and browsers check form-action on redirects too.
 */
export function securityHeaders(): RequestHandler {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        imgSrc: ["'self'", "https:", "data:"],
        styleSrc: ["'self'"],
        scriptSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'", "https:"],
        frameAncestors: ["'none'"],
      },
    },
    // Other servers' web apps show our icon and fetch our JSON: keep them embeddable.
    crossOriginResourcePolicy: { policy: "cross-origin" },
    // Nodes may run over plain http on loopback (tests, demo): never pin https on subdomains.
    strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: false },
  }) as RequestHandler;
}
