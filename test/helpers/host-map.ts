// Test-only name resolution, loaded into a node process with `node --import`: host names that
// exist only in a test (paris.cantine.test) resolve to the loopback addresses of the test's
// proxies. CANTINE_TEST_HOSTS lists them: "paris.cantine.test=127.0.0.2,sf.cantine.test=127.0.0.3".
// The node's code is untouched: it resolves names with dns.lookup as in production, and this
// module answers for the listed names before the system's resolver is asked.

import type { LookupAddress, LookupOptions } from "node:dns";
import dns from "node:dns";
import { syncBuiltinESMExports } from "node:module";
import { isIP } from "node:net";

const hosts = new Map(
  (process.env.CANTINE_TEST_HOSTS ?? "")
    .split(",")
    .filter(Boolean)
    .map((pair) => pair.split("=").map((part) => part.trim()) as [string, string]),
);

type Callback = (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

const systemLookup = dns.lookup;
const systemPromisesLookup = dns.promises.lookup;

function lookup(hostname: string, options: LookupOptions | number | Callback, callback?: Callback): void {
  const done = (typeof options === "function" ? options : callback) as Callback;
  const opts: LookupOptions = typeof options === "number" ? { family: options } : typeof options === "function" ? {} : options;
  const address = hosts.get(hostname.toLowerCase());
  if (address === undefined) {
    (systemLookup as (h: string, o: LookupOptions, c: Callback) => void)(hostname, opts, done);
    return;
  }
  const family = isIP(address);
  process.nextTick(() => (opts.all ? done(null, [{ address, family }]) : done(null, address, family)));
}

dns.lookup = lookup as typeof dns.lookup;
dns.promises.lookup = (async (hostname: string, options?: LookupOptions | number) => {
  const address = hosts.get(hostname.toLowerCase());
  if (address === undefined) return systemPromisesLookup(hostname, options as LookupOptions);
  const family = isIP(address);
  return typeof options === "object" && options?.all ? [{ address, family }] : { address, family };
}) as typeof dns.promises.lookup;
syncBuiltinESMExports();
