/** A request or response that the fetch policy refuses (not a network failure). */
export class FetchRefusedError extends Error {
  readonly url: string;
  readonly reason: string;

  constructor(url: string, reason: string, options?: { cause?: unknown }) {
    super(`refusing to fetch ${url}: ${reason}`, options);
    this.name = "FetchRefusedError";
    this.url = url;
    this.reason = reason;
  }
}

/** What an operator reads when a private address was refused: the config key that would allow it. */
export const PRIVATE_ADDRESS_HINT = `set "allowPrivateAddresses": true in the node config to allow it (dev and test networks only)`;

// Node's fetch keeps a failed connection's error as `cause` only when it is an Error of Node's own
// realm; one made in another realm (a Jest test's VM context) is kept as its text.
const REFUSAL_TEXT = /^FetchRefusedError: refusing to fetch (\S+): (.*)$/s;

/** The FetchRefusedError that caused `error` (undici wraps connect errors in `TypeError("fetch failed")`). */
export function refusalIn(error: unknown): FetchRefusedError | undefined {
  for (let e = error, depth = 0; e != null && depth < 8; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof FetchRefusedError) return e;
    const text = REFUSAL_TEXT.exec((e as { message?: unknown }).message as string);
    if (text !== null) return new FetchRefusedError(text[1]!, text[2]!);
  }
  return undefined;
}
