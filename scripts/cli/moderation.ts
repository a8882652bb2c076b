// `cantine block|unblock|blocks|hide|unhide|hidden|reports|report|moderation`: the operators'
// moderation from the command line. Every action is written to the moderation log as "cli".
import { readFileSync, writeFileSync } from "node:fs";
import { ConflictError, formatProblems, NotFoundError, ValidationError } from "../../node/domain/errors.ts";
import { CLI_OPERATOR } from "../../node/domain/moderation/audit.ts";
import type { Block, Severity } from "../../node/domain/moderation/blocks.ts";
import { SEVERITIES } from "../../node/domain/moderation/blocks.ts";
import type { Purged } from "../../node/domain/moderation/moderation.ts";
import { NetworkError } from "../../node/domain/network/network.ts";
import type { Command } from "./command.ts";
import { CliError, parse, withNode } from "./command.ts";

/** The domain's refusals, as the operator's mistakes (no stack trace). */
async function asOperatorErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ValidationError) throw new CliError(formatProblems(error.problems));
    if (error instanceof NotFoundError || error instanceof ConflictError || error instanceof NetworkError) throw new CliError(error.message);
    throw error;
  }
}

function describeBlock(block: Block): string {
  const limits = [block.rejectMedia && "reject media", block.rejectReports && "reject reports", block.obfuscate && "obfuscated"].filter(Boolean);
  return `${block.severity.padEnd(8)} ${block.kind.padEnd(6)} ${block.target}${limits.length ? `  [${limits.join(", ")}]` : ""}${block.reason ? `  — ${block.reason}` : ""}  (${block.createdAt.slice(0, 10)}, ${block.createdBy})`;
}

function describePurge(purged: Purged): string {
  const parts = [
    purged.followers && `${purged.followers} follower(s)`,
    purged.follows && `${purged.follows} follow(s) of ours`,
    purged.cantines && `the content of ${purged.cantines} actor(s)`,
    purged.replies && `${purged.replies} reply(ies)`,
    purged.reactions && `${purged.reactions} like(s)/boost(s)`,
    purged.participants && `${purged.participants} participation(s)`,
  ].filter(Boolean);
  return parts.length ? `removed ${parts.join(", ")}` : "nothing to remove";
}

const blockCommand: Command = {
  name: "block",
  summary: "block a domain or an actor: refuse their activities, drop what we hold of them",
  usage:
    "cantine block DOMAIN|ACTOR_URL [--reason TEXT] [--severity suspend|silence|noop] [--reject-media] [--reject-reports] [--public-comment TEXT] [--obfuscate] [--config FILE]",
  async run(args, io) {
    const { values, positionals } = parse(args, {
      reason: { type: "string" },
      severity: { type: "string" },
      "reject-media": { type: "boolean" },
      "reject-reports": { type: "boolean" },
      "public-comment": { type: "string" },
      obfuscate: { type: "boolean" },
    });
    const [target] = positionals;
    if (!target) throw new CliError(`Missing DOMAIN or ACTOR_URL. Usage:\n  ${blockCommand.usage}`, 2);
    if (values.severity !== undefined && !SEVERITIES.includes(values.severity as Severity))
      throw new CliError(`--severity must be one of ${SEVERITIES.join(", ")}`, 2);
    return withNode(values.config, (node) =>
      asOperatorErrors(async () => {
        const { block, created, purged } = await node.moderation.block(
          {
            target,
            severity: values.severity as Severity | undefined,
            reason: values.reason,
            rejectMedia: values["reject-media"],
            rejectReports: values["reject-reports"],
            publicComment: values["public-comment"],
            obfuscate: values.obfuscate,
          },
          CLI_OPERATOR,
        );
        io.out(`${created ? "Blocked" : "Updated the block of"} ${block.target} (${block.severity}); ${describePurge(purged)}.`);
        return 0;
      }),
    );
  },
};

const unblockCommand: Command = {
  name: "unblock",
  summary: "remove a block (nothing it removed comes back)",
  usage: "cantine unblock DOMAIN|ACTOR_URL [--config FILE]",
  async run(args, io) {
    const { values, positionals } = parse(args, {});
    const [target] = positionals;
    if (!target) throw new CliError(`Missing DOMAIN or ACTOR_URL. Usage:\n  ${unblockCommand.usage}`, 2);
    return withNode(values.config, (node) =>
      asOperatorErrors(async () => {
        const block = node.moderation.unblock(target, CLI_OPERATOR);
        io.out(`Unblocked ${block.target}. Its follows, replies and content are not restored: they must come again.`);
        return 0;
      }),
    );
  },
};

const blocksCommand: Command = {
  name: "blocks",
  summary: "list blocks; import or export domain blocks as Mastodon's CSV",
  usage: "cantine blocks [--config FILE]\n  cantine blocks import FILE [--config FILE]\n  cantine blocks export [FILE] [--config FILE]",
  async run(args, io) {
    const { values, positionals } = parse(args, {});
    const [action, file] = positionals;
    return withNode(values.config, (node) =>
      asOperatorErrors(async () => {
        if (action === undefined || action === "list") {
          const blocks = node.moderation.blocks();
          for (const block of blocks) io.out(describeBlock(block));
          if (blocks.length === 0) io.err("No blocks.");
          return 0;
        }
        if (action === "import") {
          if (!file) throw new CliError(`Missing FILE. Usage:\n  ${blocksCommand.usage}`, 2);
          let text: string;
          try {
            text = readFileSync(file, "utf8");
          } catch (error) {
            throw new CliError(`Cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
          }
          const result = await node.moderation.importDomainBlocks(text, CLI_OPERATOR);
          io.out(`Imported ${result.created} new domain block(s), updated ${result.updated}; ${describePurge(result.purged)}.`);
          if (result.problems.length) io.err(`Skipped:\n${formatProblems(result.problems)}`);
          return 0;
        }
        if (action === "export") {
          const csv = node.moderation.exportDomainBlocks();
          if (file) {
            writeFileSync(file, csv);
            io.err(`Wrote ${csv.trimEnd().split("\n").length - 1} domain block(s) to ${file}.`);
          } else {
            process.stdout.write(csv);
          }
          return 0;
        }
        throw new CliError(`Unknown action "${action}". Usage:\n  ${blocksCommand.usage}`, 2);
      }),
    );
  },
};

const hideCommand: Command = {
  name: "hide",
  summary: "hide a remote event, project or reply from this node's calendar and pages",
  usage: "cantine hide URL [--reason TEXT] [--config FILE]",
  async run(args, io) {
    const { values, positionals } = parse(args, { reason: { type: "string" } });
    const [url] = positionals;
    if (!url) throw new CliError(`Missing URL. Usage:\n  ${hideCommand.usage}`, 2);
    return withNode(values.config, (node) =>
      asOperatorErrors(async () => {
        const item = node.moderation.hide(url, values.reason ?? null, CLI_OPERATOR);
        io.out(`Hidden: ${item.kind} ${item.apId} (${item.label}).`);
        return 0;
      }),
    );
  },
};

const unhideCommand: Command = {
  name: "unhide",
  summary: "show a hidden item again",
  usage: "cantine unhide URL [--config FILE]",
  async run(args, io) {
    const { values, positionals } = parse(args, {});
    const [url] = positionals;
    if (!url) throw new CliError(`Missing URL. Usage:\n  ${unhideCommand.usage}`, 2);
    return withNode(values.config, (node) =>
      asOperatorErrors(async () => {
        const item = node.moderation.unhide(url, CLI_OPERATOR);
        io.out(`Shown again: ${item.kind} ${item.apId}.`);
        return 0;
      }),
    );
  },
};

const hiddenCommand: Command = {
  name: "hidden",
  summary: "list the hidden items",
  usage: "cantine hidden [--config FILE]",
  async run(args, io) {
    const { values } = parse(args, {});
    return withNode(values.config, async (node) => {
      const items = node.moderation.hidden();
      for (const item of items)
        io.out(`${item.hiddenAt.slice(0, 10)} ${item.kind.padEnd(7)} ${item.apId}  ${item.label}${item.reason ? `  — ${item.reason}` : ""}`);
      if (items.length === 0) io.err("Nothing is hidden.");
      return 0;
    });
  },
};

const reportsCommand: Command = {
  name: "reports",
  summary: "reports (Flag) received from other servers; resolve one",
  usage: "cantine reports [--all] [--config FILE]\n  cantine reports resolve ID [--config FILE]",
  async run(args, io) {
    const { values, positionals } = parse(args, { all: { type: "boolean" } });
    const [action, id] = positionals;
    return withNode(values.config, (node) =>
      asOperatorErrors(async () => {
        if (action === undefined || action === "list") {
          const reports = node.moderation.reports(values.all ?? false);
          for (const r of reports) {
            io.out(`${r.id}  ${r.receivedAt}  from ${r.reporterId}${r.resolvedAt ? `  (resolved ${r.resolvedAt.slice(0, 10)} by ${r.resolvedBy})` : ""}`);
            io.out(`    about ${r.objectIds.join(", ")}`);
            if (r.comment) io.out(`    "${r.comment}"`);
          }
          if (reports.length === 0) io.err(values.all ? "No reports." : "No open reports.");
          return 0;
        }
        if (action === "resolve") {
          if (!id) throw new CliError(`Missing ID. Usage:\n  ${reportsCommand.usage}`, 2);
          const report = node.moderation.resolveReport(id, CLI_OPERATOR);
          io.out(`Report ${report.id} resolved.`);
          return 0;
        }
        throw new CliError(`Unknown action "${action}". Usage:\n  ${reportsCommand.usage}`, 2);
      }),
    );
  },
};

const reportCommand: Command = {
  name: "report",
  summary: "report a remote item to its own server (a Flag from the cantine)",
  usage: "cantine report URL [--comment TEXT] [--config FILE]",
  async run(args, io) {
    const { values, positionals } = parse(args, { comment: { type: "string" } });
    const [url] = positionals;
    if (!url) throw new CliError(`Missing URL. Usage:\n  ${reportCommand.usage}`, 2);
    return withNode(values.config, (node) =>
      asOperatorErrors(async () => {
        const sent = await node.moderation.sendReport(url, values.comment ?? "", CLI_OPERATOR);
        io.out(`Report about ${sent.objectIds.join(", ")} queued for ${sent.inbox}.`);
        return 0;
      }),
    );
  },
};

const mentionsCommand: Command = {
  name: "mentions",
  summary: "replies that mention the cantine, newest first",
  usage: "cantine mentions [--limit N] [--config FILE]",
  async run(args, io) {
    const { values } = parse(args, { limit: { type: "string" } });
    const limit = Math.min(Math.max(Number(values.limit ?? 50) || 50, 1), 500);
    return withNode(values.config, async (node) => {
      const mentions = node.conversation.replies.mentions(limit);
      for (const m of mentions) {
        const text = m.contentHtml
          .replace(/<[^>]*>/g, " ")
          .replace(/&[a-z#0-9]+;/gi, " ")
          .replace(/\s+/g, " ")
          .trim();
        io.out(`${m.publishedAt}  ${m.author.handle ? `@${m.author.handle}` : m.author.actorId}  on ${m.target.apId}`);
        io.out(`    ${text.length > 200 ? `${text.slice(0, 199)}…` : text}  <${m.url ?? m.apId}>`);
      }
      if (mentions.length === 0) io.err("No mentions.");
      return 0;
    });
  },
};

const moderationCommand: Command = {
  name: "moderation",
  summary: "the moderation log: who blocked, hid, resolved or reported what, and when",
  usage: "cantine moderation log [--limit N] [--config FILE]",
  async run(args, io) {
    const { values, positionals } = parse(args, { limit: { type: "string" } });
    if (positionals[0] !== "log") throw new CliError(`Usage:\n  ${moderationCommand.usage}`, 2);
    const limit = Math.min(Math.max(Number(values.limit ?? 100) || 100, 1), 1000);
    return withNode(values.config, async (node) => {
      const entries = node.moderation.log(limit);
      for (const e of entries) io.out(`${e.at}  ${e.who.padEnd(12)} ${e.action.padEnd(14)} ${e.target}`);
      if (entries.length === 0) io.err("The moderation log is empty.");
      return 0;
    });
  },
};

export const moderationCommands: Command[] = [
  blockCommand,
  unblockCommand,
  blocksCommand,
  hideCommand,
  unhideCommand,
  hiddenCommand,
  reportsCommand,
  reportCommand,
  mentionsCommand,
  moderationCommand,
];
