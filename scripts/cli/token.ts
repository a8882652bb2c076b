import type { Scope } from "../../node/domain/accounts/tokens.ts";
import { isScope, Scopes } from "../../node/domain/accounts/tokens.ts";
import { issueToken } from "../../node/http/auth.ts";
import type { Command } from "./command.ts";
import { CliError, parse, withNode } from "./command.ts";

const usage = `cantine token issue --name NAME --scope SCOPE[,SCOPE…] [--days N] [--config FILE]
  cantine token revoke TOKEN_ID [--config FILE]
  cantine token list [--config FILE]
Scopes: ${Scopes.join(", ")} (admin implies every scope).`;

/** `cantine token …`: operator tokens for the admin API. `issue` prints only the token. */
export const tokenCommand: Command = {
  name: "token",
  summary: "issue, list and revoke operator tokens for the admin API",
  usage,
  async run(args, io) {
    const { values, positionals } = parse(args, { name: { type: "string" }, scope: { type: "string", multiple: true }, days: { type: "string" } });
    const [action, id] = positionals;
    return withNode(values.config, async (node) => {
      if (action === "issue") {
        if (!values.name) throw new CliError(`Missing --name. Usage:\n  ${usage}`, 2);
        const scopes = (values.scope ?? [])
          .flatMap((s) => s.split(","))
          .map((s) => s.trim())
          .filter(Boolean);
        if (scopes.length === 0) throw new CliError(`Missing --scope. Usage:\n  ${usage}`, 2);
        const unknown = scopes.filter((s) => !isScope(s));
        if (unknown.length) throw new CliError(`Unknown scope ${unknown.map((s) => `"${s}"`).join(", ")}; known scopes: ${Scopes.join(", ")}.`, 2);
        const days = values.days === undefined ? undefined : Number(values.days);
        if (days !== undefined && !Number.isInteger(days)) throw new CliError(`--days must be a whole number of days, got "${values.days}".`, 2);
        const { token, record } = await issueToken(node.auth, { name: values.name, scopes: scopes as Scope[], days });
        io.out(token);
        io.err(`Token ${record.id} for "${record.name}" (${record.scopes.join(" ")}), valid until ${record.expiresAt}.`);
        return 0;
      }
      if (action === "revoke") {
        if (!id) throw new CliError(`Missing TOKEN_ID. Usage:\n  ${usage}`, 2);
        if (!node.auth.tokens.revoke(id, new Date().toISOString())) throw new CliError(`No active token with id ${id}.`);
        io.out(`Revoked ${id}.`);
        return 0;
      }
      if (action === "list") {
        for (const t of node.auth.tokens.list()) {
          const state = t.revokedAt ? "revoked" : Date.parse(t.expiresAt) < Date.now() ? "expired" : "active";
          io.out(`${t.id}  ${state.padEnd(7)}  ${t.name}  [${t.scopes.join(" ")}]  until ${t.expiresAt}`);
        }
        return 0;
      }
      throw new CliError(`Unknown action "${action ?? ""}". Usage:\n  ${usage}`, 2);
    });
  },
};
