// Blocks: a whole server (a domain, with its subdomains) or one actor. What a block does
// follows Mastodon's domain-block severities, so that lists shared between servers mean the same:
// - `suspend` refuses everything: activities, follows, replies, reactions, reports, fetches and
//   deliveries; what the node held of them is removed when the block is made;
// - `silence` keeps their follows (they may still read our public events) but their replies and
//   reactions are neither accepted nor shown;
// - `noop` does nothing by itself; `rejectMedia` drops their avatars, `rejectReports` their Flags.
// `publicComment` and `obfuscate` only matter to lists published elsewhere: they are kept so that
// an imported list exports unchanged.

export const Severity = { suspend: "suspend", silence: "silence", noop: "noop" } as const;
export type Severity = (typeof Severity)[keyof typeof Severity];
export const SEVERITIES: readonly Severity[] = ["suspend", "silence", "noop"];

export type BlockKind = "domain" | "actor";

export type Block = Readonly<{
  kind: BlockKind;
  /** A lowercase host (with a port only when one was given) or an actor id. */
  target: string;
  severity: Severity;
  rejectMedia: boolean;
  rejectReports: boolean;
  /** Shown in Mastodon's public list of limited servers; kept for exports. */
  publicComment: string | null;
  /** The operator's own note (Mastodon's private comment). */
  reason: string | null;
  obfuscate: boolean;
  createdAt: string;
  /** Who made it: an operator token's name, or "cli". */
  createdBy: string;
}>;

export type BlockFields = Pick<Block, "severity" | "rejectMedia" | "rejectReports" | "publicComment" | "reason" | "obfuscate">;

export const DEFAULT_BLOCK_FIELDS: BlockFields = {
  severity: "suspend",
  rejectMedia: false,
  rejectReports: false,
  publicComment: null,
  reason: null,
  obfuscate: false,
};

export interface BlockStore {
  /** Inserts a block, or replaces the fields of the one on the same target (keeping its place in the list). */
  upsert(block: Block): "created" | "updated";
  remove(kind: BlockKind, target: string): boolean;
  get(kind: BlockKind, target: string): Block | undefined;
  /** Every block, in the order they were made (imports keep the file's order). */
  list(): Block[];
  /** The blocks that apply to an actor id or any URL: its host and parent domains, or the actor itself. */
  matching(url: string): Block[];
}

/** Which actors a purge is about: some actor ids, and every actor on some domains. */
export type ActorMatch = Readonly<{ actorIds: readonly string[]; hosts: readonly string[] }>;

/** What the node does with an actor (or a URL on its server), all its blocks together. */
export type ActorPolicy = Readonly<{ suspended: boolean; silenced: boolean; rejectMedia: boolean; rejectReports: boolean }>;

const NO_POLICY: ActorPolicy = { suspended: false, silenced: false, rejectMedia: false, rejectReports: false };

export function policyOf(blocks: readonly Block[]): ActorPolicy {
  if (blocks.length === 0) return NO_POLICY;
  const suspended = blocks.some((b) => b.severity === "suspend");
  return {
    suspended,
    silenced: suspended || blocks.some((b) => b.severity === "silence"),
    rejectMedia: suspended || blocks.some((b) => b.rejectMedia),
    rejectReports: suspended || blocks.some((b) => b.rejectReports),
  };
}

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

/**
 * The block targets that cover a URL's host: the host as written (with its port), the host
 * name alone (a block without a port covers every port), and its parent domains
 * (`social.example.com` is covered by a block of `example.com`, as on Mastodon).
 */
export function hostCandidates(host: string): string[] {
  const lower = host.toLowerCase();
  const name = lower.startsWith("[") ? lower.slice(0, lower.indexOf("]") + 1) : lower.replace(/:\d+$/, "");
  const candidates = new Set([lower, name]);
  if (!IPV4.test(name) && !name.startsWith("[")) {
    const labels = name.split(".");
    for (let i = 1; i < labels.length; i++) candidates.add(labels.slice(i).join("."));
  }
  return [...candidates];
}

/** The host of an http(s) URL, or null. */
export function hostOf(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.host : null;
  } catch {
    return null;
  }
}

/** The actor id a URL names when it is the actor or one of its keys (`…/users/bob#main-key`). */
export function withoutFragment(url: string): string {
  const hash = url.indexOf("#");
  return hash < 0 ? url : url.slice(0, hash);
}

/** A test of many actor ids against one purge (sets: a blocklist may name thousands of domains). */
export function matcherOf(match: ActorMatch): (actorId: string) => boolean {
  const actorIds = new Set(match.actorIds);
  const hosts = new Set(match.hosts);
  return (actorId) => {
    if (actorIds.has(actorId)) return true;
    const host = hostOf(actorId);
    return host !== null && hostCandidates(host).some((candidate) => hosts.has(candidate));
  };
}

export type ParsedTarget = { ok: true; kind: BlockKind; target: string } | { ok: false; reason: string };

/**
 * What an operator names to block: an actor URL (with a path), or a domain — a bare host name,
 * optionally with a port, or a URL with nothing after its host.
 */
export function parseBlockTarget(input: string): ParsedTarget {
  const text = input.trim();
  if (!text) return { ok: false, reason: "name a domain or an actor URL" };
  if (/^https?:\/\//i.test(text)) {
    let url: URL;
    try {
      url = new URL(text);
    } catch {
      return { ok: false, reason: `${text} is not a valid URL` };
    }
    if (url.username || url.password) return { ok: false, reason: `${text} carries credentials` };
    if (url.pathname === "/" && !url.search && !url.hash) return { ok: true, kind: "domain", target: url.host };
    url.hash = "";
    return { ok: true, kind: "actor", target: url.href };
  }
  return parseDomain(text);
}

/** A domain as a block names it: a lowercase host (IDNs in punycode), with a port only if given. */
export function parseDomain(input: string): ParsedTarget {
  const text = input.trim().replace(/\.$/, "");
  if (!text || /[\s/\\?#@*]/.test(text) || text.length > 253) return { ok: false, reason: `${JSON.stringify(input)} is not a domain` };
  let url: URL;
  try {
    url = new URL(`http://${text}`);
  } catch {
    return { ok: false, reason: `${JSON.stringify(input)} is not a domain` };
  }
  // `new URL` drops a default port: keep what was written when it names one.
  const port = /:(\d+)$/.exec(text)?.[1];
  const host = port && !url.port ? `${url.hostname}:${port}` : url.host;
  if (!url.hostname.includes(".") && !url.hostname.startsWith("[") && url.hostname !== "localhost") {
    return { ok: false, reason: `${JSON.stringify(input)} is not a domain (no dot)` };
  }
  return { ok: true, kind: "domain", target: host };
}

/** The purge some blocks call for: the actors they name, and every actor on their domains. */
export function matchOf(blocks: readonly Pick<Block, "kind" | "target">[]): ActorMatch {
  return {
    actorIds: blocks.filter((b) => b.kind === "actor").map((b) => b.target),
    hosts: blocks.filter((b) => b.kind === "domain").map((b) => b.target),
  };
}
