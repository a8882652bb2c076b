// Sign-in attempts: failures are counted per operator name and per client address over a window;
// past the limit the answer is 429 whatever the password, for names that exist or not (so the
// limit tells nothing about which names exist). Bounded maps, made by the composition root.

export type ThrottleOptions = { perName: number; perAddress: number; windowMs: number; now?: () => number; maxKeys?: number };

export class SignInThrottle {
  readonly #options: Required<ThrottleOptions>;
  readonly #failures = new Map<string, number[]>();

  constructor(options: Partial<ThrottleOptions> = {}) {
    this.#options = { perName: 5, perAddress: 20, windowMs: 15 * 60_000, now: () => Date.now(), maxKeys: 10_000, ...options };
  }

  #recent(key: string): number[] {
    const since = this.#options.now() - this.#options.windowMs;
    const list = (this.#failures.get(key) ?? []).filter((t) => t > since);
    if (list.length) this.#failures.set(key, list);
    else this.#failures.delete(key);
    return list;
  }

  /** Seconds to wait before trying again, or 0 when an attempt may be made now. */
  retryAfter(name: string, address: string): number {
    const checks: [string, number][] = [
      [`n:${name.toLowerCase()}`, this.#options.perName],
      [`a:${address}`, this.#options.perAddress],
    ];
    let wait = 0;
    for (const [key, limit] of checks) {
      const list = this.#recent(key);
      if (list.length >= limit) wait = Math.max(wait, Math.ceil((list[list.length - limit]! + this.#options.windowMs - this.#options.now()) / 1000));
    }
    return wait;
  }

  failed(name: string, address: string): void {
    for (const key of [`n:${name.toLowerCase()}`, `a:${address}`]) {
      if (!this.#failures.has(key) && this.#failures.size >= this.#options.maxKeys) this.#failures.delete(this.#failures.keys().next().value!);
      this.#failures.set(key, [...this.#recent(key), this.#options.now()]);
    }
  }

  succeeded(name: string): void {
    this.#failures.delete(`n:${name.toLowerCase()}`);
  }
}
