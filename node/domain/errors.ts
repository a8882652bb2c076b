// Expected outcomes of the use cases, as values the HTTP layer maps to statuses:
// ValidationError → 422, NotFoundError → 404, ConflictError → 409, GoneError → 410.

/** One thing wrong with an input: `field` is a JSON path (`endsAt`, `location.lat`, `tags[3]`; "" for the whole input). */
export type FieldProblem = { field: string; message: string };

/** Formats problems one per line, as `field: message`. */
export function formatProblems(problems: readonly FieldProblem[]): string {
  return problems.map((p) => (p.field ? `${p.field}: ${p.message}` : p.message)).join("\n");
}

/** The input breaks one or more rules; `problems` lists every one of them, not just the first. */
export class ValidationError extends Error {
  readonly problems: FieldProblem[];

  constructor(problems: readonly FieldProblem[]) {
    const count = problems.length === 1 ? "1 problem" : `${problems.length} problems`;
    super(`Invalid input (${count}):\n${formatProblems(problems)}`);
    this.name = "ValidationError";
    this.problems = [...problems];
  }
}

/** No such thing, e.g. `event "4f1c…" not found`. */
export class NotFoundError extends Error {
  readonly kind: string;
  readonly id: string;

  constructor(kind: string, id: string) {
    super(`${kind} "${id}" not found`);
    this.name = "NotFoundError";
    this.kind = kind;
    this.id = id;
  }
}

/** The request contradicts the current state, e.g. editing a deleted event or a detached occurrence through its series. */
export class ConflictError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConflictError";
  }
}

/** The thing existed and was deleted: clients should forget it (HTTP 410, ActivityPub Tombstone). */
export class GoneError extends Error {
  readonly kind: string;
  readonly id: string;

  constructor(kind: string, id: string) {
    super(`${kind} "${id}" was deleted`);
    this.name = "GoneError";
    this.kind = kind;
    this.id = id;
  }
}
