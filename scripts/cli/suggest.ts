// What the CLI says about a mistyped option: the closest one it knows, instead of Node's raw
// parseArgs message.

/** Edit distance (insertions, deletions, substitutions, swaps of neighbours). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i]![j] = Math.min(d[i]![j]!, d[i - 2]![j - 2]! + 1);
    }
  }
  return d[a.length]![b.length]!;
}

/** The known word closest to `word`, when it is close enough to be a typo (or `word` starts it). */
function closest(word: string, known: readonly string[]): string | undefined {
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = name.startsWith(word) && word.length >= 3 ? 0.5 : editDistance(word.toLowerCase(), name);
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/** An operator's sentence for a parseArgs error: the unknown option and its likely spelling, or a missing value. */
export function explainParseError(error: unknown, known: readonly string[]): string {
  const message = error instanceof Error ? error.message : String(error);
  const unknown = /Unknown option '(-{1,2})([^']*)'/.exec(message);
  if (unknown) {
    const [, dashes, name] = unknown;
    const near = closest(name!, known);
    const options = known.map((k) => `--${k}`).join(", ");
    return near ? `Unknown option ${dashes}${name}. Did you mean --${near}?` : `Unknown option ${dashes}${name}. Options: ${options}.`;
  }
  const missing = /Option '(-\S+)(?: <value>)?' argument missing/.exec(message) ?? /Option '(?:-\S, )?(--\S+) <value>' argument missing/.exec(message);
  if (missing) return `Option ${missing[1]} needs a value.`;
  const ambiguous = /Option '(-\S+?)' argument is ambiguous/.exec(message);
  if (ambiguous)
    return `Option ${ambiguous[1]} needs a value (what follows it is another option; write ${ambiguous[1]}=VALUE for a value that starts with "-").`;
  return message;
}
