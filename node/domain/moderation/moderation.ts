// The operators' moderation use cases, for the admin API and the CLI alike. Each action is
// written with its audit entry in one transaction; what a block removes goes with it.

import type { ReactionStore } from "../conversation/reactions.ts";
import type { ReplyStore } from "../conversation/replies.ts";
import { ConflictError, NotFoundError, ValidationError } from "../errors.ts";
import type { CantineStore } from "../network/cantines.ts";
import type { FollowerStore } from "../network/followers.ts";
import type { EventStore, ProjectStore, Transaction } from "../ports.ts";
import type { AuditEntry, AuditLog } from "./audit.ts";
import type { Block, BlockFields, BlockStore, Severity } from "./blocks.ts";
import { DEFAULT_BLOCK_FIELDS, hostOf, matcherOf, matchOf, parseBlockTarget, SEVERITIES } from "./blocks.ts";
import { formatDomainBlocksCsv, parseDomainBlocksCsv } from "./domain-blocks-csv.ts";
import type { HiddenItem, HiddenKind, HiddenStore } from "./hidden.ts";
import type { ParticipantRemover, RemovedAnswer } from "./participants.ts";
import { freedEventsOf } from "./participants.ts";
import type { FlagSender, Report, ReportStore, SentFlag } from "./reports.ts";
import { MAX_REPORT_COMMENT } from "./reports.ts";

export type ModerationDeps = Readonly<{
  /** Our origin: our own objects and pages cannot be blocked, hidden or reported. */
  origin: string;
  blocks: BlockStore;
  hidden: HiddenStore;
  reports: ReportStore;
  audit: AuditLog;
  followers: FollowerStore;
  cantines: CantineStore;
  events: EventStore;
  projects: ProjectStore;
  replies: ReplyStore;
  reactions: ReactionStore;
  /** Participation (RSVPs), when the node keeps any. */
  participants: ParticipantRemover | null;
  /** Gives the places a block freed to the event's waiting list, once the block is committed. */
  fillPlaces?: (eventId: string) => Promise<unknown>;
  flags: FlagSender;
  transaction: Transaction;
  now: () => Date;
}>;

export type BlockRequest = Readonly<{ target: string } & Partial<BlockFields>>;

/** What a block removed at once (nothing for `noop`). */
export type Purged = { followers: number; follows: number; cantines: number; replies: number; reactions: number; participants: number };

export type BlockResult = Readonly<{ block: Block; created: boolean; purged: Purged }>;

export type ImportResult = Readonly<{ created: number; updated: number; problems: { field: string; message: string }[]; purged: Purged }>;

const NOTHING: Purged = { followers: 0, follows: 0, cantines: 0, replies: 0, reactions: 0, participants: 0 };

/** What a purge did, and the events whose freed places go to their waiting lists afterwards. */
type PurgeOutcome = { purged: Purged; freedEvents: string[] };

const MAX_COMMENT = 1_000;

function text(value: unknown, field: string, problems: { field: string; message: string }[], max = MAX_COMMENT): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null) return null;
  if (typeof value !== "string" || value.length > max) problems.push({ field, message: `must be a string of at most ${max} characters` });
  return typeof value === "string" ? value : undefined;
}

function bool(value: unknown, field: string, problems: { field: string; message: string }[]): boolean | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "boolean") problems.push({ field, message: "must be true or false" });
  return typeof value === "boolean" ? value : undefined;
}

/** The operators' moderation: blocks, hidden items, reports and the log of it all. */
export class Moderation {
  readonly #deps: ModerationDeps;

  constructor(deps: ModerationDeps) {
    this.#deps = deps;
  }

  #audit(who: string, action: string, target: string, details: Record<string, unknown> = {}): void {
    const entry: AuditEntry = { at: this.#deps.now().toISOString(), who, action, target, details };
    this.#deps.audit.record(entry);
  }

  #isOurs(url: string): boolean {
    return hostOf(url) !== null && hostOf(url) === new URL(this.#deps.origin).host;
  }

  /**
   * Blocks a domain or an actor (or changes an existing block), then removes at once what the
   * node held of them: for `suspend` their follows of us, our follows of them, their events and
   * projects, replies, reactions and participations; for `silence` their replies and reactions.
   */
  async block(request: BlockRequest, who: string): Promise<BlockResult> {
    const problems: { field: string; message: string }[] = [];
    const parsed = parseBlockTarget(String(request.target ?? ""));
    if (!parsed.ok) problems.push({ field: "target", message: parsed.reason });
    const severity = request.severity ?? DEFAULT_BLOCK_FIELDS.severity;
    if (!SEVERITIES.includes(severity as Severity)) problems.push({ field: "severity", message: `must be one of ${SEVERITIES.join(", ")}` });
    const fields: BlockFields = {
      severity,
      rejectMedia: bool(request.rejectMedia, "rejectMedia", problems) ?? false,
      rejectReports: bool(request.rejectReports, "rejectReports", problems) ?? false,
      publicComment: text(request.publicComment, "publicComment", problems) ?? null,
      reason: text(request.reason, "reason", problems) ?? null,
      obfuscate: bool(request.obfuscate, "obfuscate", problems) ?? false,
    };
    if (problems.length > 0 || !parsed.ok) throw new ValidationError(problems);
    const origin = new URL(this.#deps.origin);
    if (parsed.kind === "domain" ? origin.host === parsed.target || origin.hostname === parsed.target : this.#isOurs(parsed.target)) {
      throw new ConflictError("this node cannot block itself");
    }
    const block: Block = { kind: parsed.kind, target: parsed.target, ...fields, createdAt: this.#deps.now().toISOString(), createdBy: who };
    const { result, freedEvents } = this.#deps.transaction(() => {
      const created = this.#deps.blocks.upsert(block) === "created";
      const { purged, freedEvents } = this.#purge([block]);
      this.#audit(who, "block", block.target, { kind: block.kind, severity: block.severity, reason: block.reason, purged });
      return { result: { block: this.#deps.blocks.get(block.kind, block.target)!, created, purged }, freedEvents };
    });
    await this.#fillPlaces(freedEvents);
    return result;
  }

  /** Places a block freed go to the waiting lists, as when someone leaves (an Accept each). */
  async #fillPlaces(eventIds: readonly string[]): Promise<void> {
    for (const eventId of this.#deps.fillPlaces ? eventIds : []) await this.#deps.fillPlaces!(eventId);
  }

  /** Removes a block. Nothing it removed comes back: those actors must follow, reply or like again. */
  unblock(target: string, who: string): Block {
    const parsed = parseBlockTarget(target);
    if (!parsed.ok) throw new ValidationError([{ field: "target", message: parsed.reason }]);
    return this.#deps.transaction(() => {
      const existing = this.#deps.blocks.get(parsed.kind, parsed.target);
      if (!existing) throw new NotFoundError("block", parsed.target);
      this.#deps.blocks.remove(parsed.kind, parsed.target);
      this.#audit(who, "unblock", parsed.target, { kind: parsed.kind, severity: existing.severity });
      return existing;
    });
  }

  blocks(): Block[] {
    return this.#deps.blocks.list();
  }

  /**
   * Imports domain blocks from Mastodon's CSV. Every readable row is applied (a domain already
   * blocked takes the file's fields); unreadable rows are named in `problems` and skipped.
   */
  async importDomainBlocks(csv: string, who: string): Promise<ImportResult> {
    const { rows, problems } = parseDomainBlocksCsv(csv);
    if (rows.length === 0 && problems.length > 0) throw new ValidationError(problems);
    const origin = new URL(this.#deps.origin);
    const { result, freedEvents } = this.#deps.transaction(() => {
      let created = 0;
      let updated = 0;
      const blocks: Block[] = [];
      for (const row of rows) {
        if (row.domain === origin.host || row.domain === origin.hostname) {
          problems.push({ field: row.domain, message: "this node cannot block itself" });
          continue;
        }
        const { domain, ...fields } = row;
        const block: Block = {
          kind: "domain",
          target: domain,
          ...fields,
          reason: this.#deps.blocks.get("domain", domain)?.reason ?? null,
          createdAt: this.#deps.now().toISOString(),
          createdBy: who,
        };
        if (this.#deps.blocks.upsert(block) === "created") created++;
        else updated++;
        blocks.push(block);
      }
      // One pass over what the node holds for the whole list, not one per domain.
      const { purged, freedEvents } = this.#purge(blocks);
      this.#audit(who, "blocks.import", `${rows.length} domains`, { created, updated, skipped: problems.length, purged });
      return { result: { created, updated, problems, purged }, freedEvents };
    });
    await this.#fillPlaces(freedEvents);
    return result;
  }

  /** Domain blocks as Mastodon's CSV (actor blocks have no place in it). */
  exportDomainBlocks(): string {
    const rows = this.#deps.blocks.list().filter((b) => b.kind === "domain");
    return formatDomainBlocksCsv(
      rows.map((b) => ({
        domain: b.target,
        severity: b.severity,
        rejectMedia: b.rejectMedia,
        rejectReports: b.rejectReports,
        publicComment: b.publicComment,
        obfuscate: b.obfuscate,
      })),
    );
  }

  /** Removes what the node holds of the blocked actors: see `block`. */
  #purge(blocks: readonly Block[]): PurgeOutcome {
    const deps = this.#deps;
    const limiting = blocks.filter((b) => b.severity !== "noop");
    if (limiting.length === 0) return { purged: NOTHING, freedEvents: [] };
    const replies = deps.replies.removeByAuthors(matchOf(limiting));
    const reactions = deps.reactions.removeByActors(matchOf(limiting));
    const suspended = limiting.filter((b) => b.severity === "suspend");
    if (suspended.length === 0) return { purged: { ...NOTHING, replies, reactions }, freedEvents: [] };
    const matches = matcherOf(matchOf(suspended));
    let followers = 0;
    for (const follower of [...deps.followers.listAccepted(), ...deps.followers.listPending()]) {
      if (matches(follower.actorId) && deps.followers.remove(follower.actorId)) followers++;
    }
    let follows = 0;
    let cantines = 0;
    for (const cantine of deps.cantines.listAll()) {
      if (cantine.local || !matches(cantine.actorId)) continue;
      // We stop following them without telling them: nothing is delivered to a blocked server.
      if (cantine.followState !== "none") deps.cantines.setFollow(cantine.actorId, "none", null, null), follows++;
      deps.cantines.purgeContent(cantine.actorId);
      cantines++;
    }
    const removed: RemovedAnswer[] = [];
    for (const block of deps.participants ? suspended : []) {
      removed.push(...(block.kind === "actor" ? deps.participants!.removeByActor(block.target) : deps.participants!.removeByDomain(block.target)));
    }
    return { purged: { followers, follows, cantines, replies, reactions, participants: removed.length }, freedEvents: freedEventsOf(removed) };
  }

  /** Hides a remote event, project or reply from this node's calendar and pages. */
  hide(url: string, reason: string | null, who: string): HiddenItem {
    const item = this.#find(url);
    if (item.local) throw new ConflictError("our own items are deleted, not hidden");
    return this.#deps.transaction(() => {
      const hidden: HiddenItem = { apId: item.apId, kind: item.kind, label: item.label, reason, hiddenAt: this.#deps.now().toISOString(), hiddenBy: who };
      if (!this.#deps.hidden.hide(hidden)) return this.#deps.hidden.get(item.apId)!;
      this.#audit(who, "hide", item.apId, { kind: item.kind, label: item.label, reason });
      return hidden;
    });
  }

  unhide(url: string, who: string): HiddenItem {
    const apId = this.#deps.hidden.get(url)?.apId ?? this.#find(url).apId;
    return this.#deps.transaction(() => {
      const existing = this.#deps.hidden.get(apId);
      if (!existing) throw new NotFoundError("hidden item", url);
      this.#deps.hidden.unhide(apId);
      this.#audit(who, "unhide", apId, { kind: existing.kind });
      return existing;
    });
  }

  hidden(): HiddenItem[] {
    return this.#deps.hidden.list();
  }

  isHidden(apId: string): boolean {
    return this.#deps.hidden.get(apId) !== undefined;
  }

  /** What a URL names among what we hold: an event or project (by its id, its page here or its own page), or a reply. */
  #find(url: string): { kind: HiddenKind; apId: string; label: string; local: boolean } {
    const deps = this.#deps;
    const page = this.#isOurs(url) ? /^\/(events|projects)\/([^/?#]+)$/.exec(new URL(url).pathname) : null;
    const event = page?.[1] === "events" ? deps.events.get(decodeURIComponent(page[2]!)) : deps.events.getByApId(url);
    if (event && !event.deletedAt) return { kind: "event", apId: event.value.apId, label: event.value.title, local: event.value.local };
    const project = page?.[1] === "projects" ? deps.projects.get(decodeURIComponent(page[2]!)) : deps.projects.getByApId(url);
    if (project && !project.deletedAt) return { kind: "project", apId: project.value.apId, label: project.value.title, local: project.value.local };
    const reply = deps.replies.getByApId(url);
    if (reply && !reply.deletedAt)
      return {
        kind: "reply",
        apId: reply.value.apId,
        label: `${reply.value.author.handle ?? reply.value.author.actorId}: ${reply.value.contentHtml
          .replace(/<[^>]*>/g, " ")
          .replace(/\s+/g, " ")
          .trim()
          .slice(0, 80)}`,
        local: false,
      };
    throw new NotFoundError("item", url);
  }

  reports(all: boolean, limit = 200): Report[] {
    return this.#deps.reports.list({ all, limit });
  }

  resolveReport(id: string, who: string): Report {
    return this.#deps.transaction(() => {
      const report = this.#deps.reports.get(id);
      if (!report) throw new NotFoundError("report", id);
      if (report.resolvedAt) throw new ConflictError(`report ${id} was resolved on ${report.resolvedAt} by ${report.resolvedBy}`);
      const at = this.#deps.now().toISOString();
      this.#deps.reports.resolve(id, at, who);
      this.#audit(who, "report.resolve", id, { reporter: report.reporterId });
      return this.#deps.reports.get(id)!;
    });
  }

  /** Reports a remote item to its own server: a Flag from our actor, naming the item and its author. */
  async sendReport(url: string, comment: string, who: string): Promise<SentFlag> {
    const problems: { field: string; message: string }[] = [];
    if (!/^https?:\/\//i.test(url.trim())) problems.push({ field: "url", message: "must be the http(s) URL of a remote item" });
    if (typeof comment !== "string" || comment.length > MAX_REPORT_COMMENT)
      problems.push({ field: "comment", message: `must be at most ${MAX_REPORT_COMMENT} characters` });
    if (problems.length > 0) throw new ValidationError(problems);
    if (this.#isOurs(url)) throw new ConflictError("our own items are not reported to ourselves");
    if (this.#deps.blocks.matching(url).some((b) => b.severity === "suspend")) throw new ConflictError(`${hostOf(url)} is blocked: nothing is sent to it`);
    const sent = await this.#deps.flags.send({ itemUrl: url.trim(), comment });
    this.#deps.transaction(() => this.#audit(who, "report.send", url.trim(), { author: sent.authorId, inbox: sent.inbox, activity: sent.activityId, comment }));
    return sent;
  }

  log(limit = 100, offset = 0): AuditEntry[] {
    return this.#deps.audit.list(limit, offset);
  }
}
