import { readFileSync } from "node:fs";
import { formatProblems, ValidationError } from "../../node/domain/errors.ts";
import { deleteProject, publishProject } from "../../node/domain/projects/manage-projects.ts";
import { LookingFor, ProjectStage } from "../../node/domain/projects/project.ts";
import { checkProjectInput } from "../../node/http/validate-input.ts";
import type { Command } from "./command.ts";
import { CliError, parse, withNode } from "./command.ts";
import { audienceText } from "./event-text.ts";

const usage = `cantine project add --title TITLE --summary TEXT [--description MARKDOWN] [--stage STAGE]
      [--looking-for NEED,NEED] [--cities Paris,Barcelona] [--tags a,b] [--contact TEXT] [--language CODE]
      [--json FILE] [--config FILE]
  cantine project list [--config FILE]
  cantine project delete PROJECT_ID [--config FILE]
STAGE is one of: ${Object.values(ProjectStage).join(", ")} (default ${ProjectStage.idea}).
NEED is one or more of: ${LookingFor.join(", ")}.
--contact is an email address, an http(s) URL or a fediverse handle like @team@example.social.`;

const list = (value: string | undefined) =>
  value
    ?.split(",")
    .map((s) => s.trim())
    .filter(Boolean);

/** `cantine project …`: announce, list and withdraw projects. */
export const projectCommand: Command = {
  name: "project",
  summary: "add, list or delete projects (followers are told)",
  usage,
  async run(args, io) {
    const flags = Object.fromEntries(
      ["title", "summary", "description", "stage", "looking-for", "cities", "tags", "contact", "language", "json"].map((n) => [n, { type: "string" as const }]),
    );
    const { values, positionals } = parse(args, flags);
    const [action, id] = positionals;
    return withNode(values.config as string | undefined, async (node) => {
      try {
        if (action === "add") {
          const v = values as Record<string, string | undefined>;
          const input = v.json
            ? JSON.parse(readFileSync(v.json === "-" ? 0 : v.json, "utf8"))
            : Object.fromEntries(
                Object.entries({
                  title: v.title,
                  summary: v.summary,
                  description: v.description,
                  stage: v.stage,
                  lookingFor: list(v["looking-for"]),
                  cities: list(v.cities),
                  tags: list(v.tags),
                  contact: v.contact,
                  language: v.language,
                }).filter(([, x]) => x !== undefined),
              );
          const project = publishProject(node.publishing, checkProjectInput(input));
          io.out(`${project.id}  ${project.url}`);
          io.err(`Published "${project.title}" (${project.stage}${project.lookingFor.length ? `, looking for ${project.lookingFor.join(", ")}` : ""}).`);
          io.err(audienceText(node.followers.countAccepted(), "it"));
          return 0;
        }
        if (action === "list") {
          const { items } = node.publishing.projects.query({ local: true, limit: 200, offset: 0 });
          for (const p of items) io.out(`${p.id}  ${p.stage.padEnd(9)}  ${p.title}`);
          if (items.length === 0) io.err("No projects yet.");
          return 0;
        }
        if (action === "delete") {
          if (!id) throw new CliError(`Missing PROJECT_ID. Usage:\n  ${usage}`, 2);
          deleteProject(node.publishing, id);
          io.out(`Deleted ${id}; followers will be told.`);
          return 0;
        }
      } catch (error) {
        if (error instanceof ValidationError) throw new CliError(`Invalid project:\n${formatProblems(error.problems)}`);
        if (error instanceof SyntaxError) throw new CliError(`Invalid JSON: ${error.message}`);
        if (error instanceof Error && /not found|was deleted/.test(error.message)) throw new CliError(error.message);
        throw error;
      }
      throw new CliError(`Unknown action "${action ?? ""}". Usage:\n  ${usage}`, 2);
    });
  },
};
