// One cache of rendered answers per node: calendar JSON, home pages, iCalendar feeds and the
// VEVENTs they are made of. The composition root builds it and hands it down, so two nodes in
// one process never read each other's answers; its bound is in bytes, so memory stays flat
// however many distinct queries arrive.

import { LRUCache } from "lru-cache";
import type { EncodedAnswer } from "./caching.ts";
import { encodedAnswer } from "./caching.ts";

/** What a route or renderer keeps: text, lines of text or encoded bytes, valid while the store's version is `version`. */
type CachedAnswer = Readonly<{ version: string; body: string | readonly string[] | Buffer; etag?: string }>;

/** Enough for a few dozen 2,000-event feeds, or thousands of calendar pages. */
export const DEFAULT_ANSWER_CACHE_BYTES = 32 * 1024 * 1024;

// V8 keeps a string in one or two bytes per character; count two, plus a little per entry.
const ENTRY_OVERHEAD = 64;
const textBytes = (body: CachedAnswer["body"]) =>
  Buffer.isBuffer(body) ? body.length : (typeof body === "string" ? body.length : body.reduce((sum, line) => sum + line.length + 16, 0)) * 2;

export class AnswerCache {
  readonly #lru: LRUCache<string, CachedAnswer>;

  constructor(maxBytes: number = DEFAULT_ANSWER_CACHE_BYTES) {
    // An answer larger than the whole bound is just not kept (lru-cache refuses it).
    this.#lru = new LRUCache<string, CachedAnswer>({
      maxSize: maxBytes,
      sizeCalculation: (answer, key) => textBytes(answer.body) + (answer.etag?.length ?? 0) * 2 + key.length * 2 + ENTRY_OVERHEAD,
    });
  }

  /** The answer kept under `area` and `key` if it was computed at this `version`, else undefined. */
  read(area: string, key: string, version: string): CachedAnswer | undefined {
    const known = this.#lru.get(`${area}\n${key}`);
    return known?.version === version ? known : undefined;
  }

  keep(area: string, key: string, answer: CachedAnswer): void {
    this.#lru.set(`${area}\n${key}`, answer);
  }

  /** The bytes `keepEncoded` kept under `area` and `key` at this `version`, with their ETag. */
  readEncoded(area: string, key: string, version: string): EncodedAnswer | undefined {
    const known = this.read(area, key, version);
    return known && Buffer.isBuffer(known.body) && known.etag !== undefined ? { body: known.body, etag: known.etag } : undefined;
  }

  /** Keeps `text` at `version` as the bytes it is served as (`encodedAnswer`), and hands them back to send. */
  keepEncoded(area: string, key: string, version: string, text: string): EncodedAnswer {
    const answer = encodedAnswer(text);
    this.keep(area, key, { version, ...answer });
    return answer;
  }

  /** Text computed once per key: a pure rendering whose inputs are all in the key. */
  remember<T extends CachedAnswer["body"]>(area: string, key: string, compute: () => T): T {
    const known = this.#lru.get(`${area}\n${key}`);
    if (known) return known.body as T;
    const body = compute();
    this.#lru.set(`${area}\n${key}`, { version: "", body });
    return body;
  }

  /** Bytes held, as counted against the bound. */
  get bytes(): number {
    return this.#lru.calculatedSize;
  }
}
