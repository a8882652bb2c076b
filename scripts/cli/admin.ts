import type { BuiltNode } from "../../node/app.ts";
import type { NewInvitation } from "../../node/domain/accounts/manage-accounts.ts";
import { inviteOperator, removeOperator, resetOperator } from "../../node/domain/accounts/manage-accounts.ts";
import { ConflictError, formatProblems, NotFoundError, ValidationError } from "../../node/domain/errors.ts";
import { invitationUrl } from "../../node/http/admin/routes-team.ts";
import { accountsOf } from "../../node/web-admin.ts";
import type { Command, Io } from "./command.ts";
import { CliError, parse, withNode } from "./command.ts";

const usage = `cantine admin invite --name NAME [--role admin|editor] [--config FILE]
  cantine admin list [--config FILE]
  cantine admin reset NAME [--config FILE]
  cantine admin remove NAME [--config FILE]
The web admin is at ORIGIN/admin. An invitation link works once, for 48 hours.`;

/** Prints a new invitation's link (stdout) and what it is for (stderr). */
function printInvitation(node: BuiltNode, invitation: NewInvitation, io: Io): void {
  io.out(invitationUrl(node.config.origin, invitation));
  io.err(
    `Invitation for ${invitation.account.name} (${invitation.account.role}), valid until ${invitation.expiresAt}: open the link to set a password, then sign in at ${new URL("/admin", node.config.origin).href}.`,
  );
}

function explain(error: unknown): never {
  if (error instanceof ValidationError) throw new CliError(formatProblems(error.problems), 2);
  if (error instanceof ConflictError || error instanceof NotFoundError) throw new CliError(error.message);
  throw error;
}

/** `cantine admin …`: the operators of the web admin, from the command line. */
export const adminCommand: Command = {
  name: "admin",
  summary: "invite, list, reset and remove the operators of the web admin",
  usage,
  async run(args, io) {
    const { values, positionals } = parse(args, { name: { type: "string" }, role: { type: "string" } });
    const [action, name] = positionals;
    return withNode(values.config, async (node) => {
      const accounts = accountsOf(node.db, () => new Date());
      try {
        if (action === "invite") {
          if (!values.name) throw new CliError(`Missing --name. Usage:\n  ${usage}`, 2);
          printInvitation(node, inviteOperator(accounts, { name: values.name, role: values.role ?? "editor" }), io);
          return 0;
        }
        if (action === "list") {
          const list = accounts.accounts.list();
          for (const a of list)
            io.out(`${a.name.padEnd(24)} ${a.role.padEnd(7)} ${a.passwordHash ? `password set ${a.passwordChangedAt ?? ""}` : "invited, no password yet"}`);
          if (list.length === 0) io.err("No operator yet: cantine admin invite --name NAME --role admin");
          return 0;
        }
        if (action === "reset" || action === "remove") {
          if (!name) throw new CliError(`Missing NAME. Usage:\n  ${usage}`, 2);
          if (action === "reset") printInvitation(node, resetOperator(accounts, name), io);
          else io.out(`Removed ${removeOperator(accounts, name).name}; their sessions have ended.`);
          return 0;
        }
      } catch (error) {
        explain(error);
      }
      throw new CliError(`Unknown action "${action ?? ""}". Usage:\n  ${usage}`, 2);
    });
  },
};
