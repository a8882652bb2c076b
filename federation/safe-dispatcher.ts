// The connect-time half of the outbound fetch guard (safe-fetch.ts). Checking a URL's host name
// before fetching it is not enough: DNS may answer a public address to the check and a private
// one to the connection a moment later (DNS rebinding). Here the address is checked when the
// socket is opened, on the very addresses it connects to, so nothing can slip in between.

import type { LookupAddress, LookupOptions } from "node:dns";
import { lookup as dnsLookup } from "node:dns";
import { createRequire } from "node:module";
import { isIP } from "node:net";
import type * as Undici from "undici";
import type { Dispatcher } from "undici";
import { FetchRefusedError, PRIVATE_ADDRESS_HINT } from "./fetch-refused.ts";

// undici (the npm package, for its Agent and connector) is a large module that a node does not
// need until it fetches something: loaded with the first request, it leaves start-up.
let undici: typeof Undici | undefined;
const loadUndici = () => (undici ??= createRequire(import.meta.url)("undici") as typeof Undici);

/** `dns.lookup`'s shape, as `net.connect` calls it (with `all: true` since Node 20's happy eyeballs). */
export type Lookup = (
  hostname: string,
  options: LookupOptions,
  callback: (error: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
) => void;

export type SafeDispatcherOptions = {
  allowPrivateAddresses: boolean;
  /** The resolver; default `dns.lookup`. Tests inject one that rebinds. */
  lookup?: Lookup;
};

// [first address, prefix length, what it is]. The list Fedify's validatePublicUrl refuses, so the
// pre-check by URL and the check at connect time agree.
const IPV4_RANGES: readonly [string, number, string][] = [
  ["0.0.0.0", 8, "unspecified"],
  ["10.0.0.0", 8, "private"],
  ["100.64.0.0", 10, "shared address space"],
  ["127.0.0.0", 8, "loopback"],
  ["169.254.0.0", 16, "link-local"],
  ["172.16.0.0", 12, "private"],
  ["192.0.0.0", 24, "IETF protocol assignments"],
  ["192.0.2.0", 24, "documentation"],
  ["192.88.99.0", 24, "6to4 relay anycast"],
  ["192.168.0.0", 16, "private"],
  ["198.18.0.0", 15, "benchmarking"],
  ["198.51.100.0", 24, "documentation"],
  ["203.0.113.0", 24, "documentation"],
  ["224.0.0.0", 4, "multicast"],
  ["240.0.0.0", 4, "reserved"],
];

// Only global unicast (2000::/3) is public, less these; IPv4-mapped and NAT64 addresses are
// judged by the IPv4 address they carry.
const IPV6_RANGES_IN_GLOBAL: readonly [string, number, string][] = [
  ["2001::", 32, "Teredo"],
  ["2001:2::", 48, "benchmarking"],
  ["2001:db8::", 32, "documentation"],
  ["2002::", 16, "6to4"],
  ["3fff::", 20, "documentation"],
];
const IPV6_RANGES_OUTSIDE_GLOBAL: readonly [string, number, string][] = [
  ["::", 128, "unspecified"],
  ["::1", 128, "loopback"],
  ["fc00::", 7, "unique-local"],
  ["fe80::", 10, "link-local"],
  ["fec0::", 10, "site-local"],
  ["ff00::", 8, "multicast"],
];

function ipv4Number(address: string): number {
  return address.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
}

function inIpv4Range(address: number, [first, bits]: readonly [string, number, string]): boolean {
  const shift = 32 - bits;
  return Math.floor(address / 2 ** shift) === Math.floor(ipv4Number(first) / 2 ** shift);
}

/** An IPv6 address as eight 16-bit groups (zone ids and an embedded dotted IPv4 tail allowed). */
function ipv6Groups(address: string): number[] {
  let text = address.split("%")[0]!;
  const lastColon = text.lastIndexOf(":");
  const tail = text.slice(lastColon + 1);
  if (tail.includes(".")) {
    const v4 = ipv4Number(tail);
    text = `${text.slice(0, lastColon + 1)}${Math.floor(v4 / 65536).toString(16)}:${(v4 % 65536).toString(16)}`;
  }
  const [head, rest] = text.split("::") as [string, string | undefined];
  const left = head === "" ? [] : head.split(":");
  const right = rest === undefined || rest === "" ? [] : rest.split(":");
  const zeros = rest === undefined ? [] : Array<string>(8 - left.length - right.length).fill("0");
  return [...left, ...zeros, ...right].map((group) => parseInt(group, 16));
}

function inIpv6Range(groups: number[], [first, bits]: readonly [string, number, string]): boolean {
  const base = ipv6Groups(first);
  for (let i = 0; i < 8 && bits > 0; i++, bits -= 16) {
    const mask = bits >= 16 ? 0xffff : (0xffff << (16 - bits)) & 0xffff;
    if ((groups[i]! & mask) !== (base[i]! & mask)) return false;
  }
  return true;
}

/**
 * What kind of non-public address `address` is ("loopback", "private", "IPv4-mapped loopback"…),
 * or undefined for a public one. Anything that is not an IP address at all counts as non-public.
 */
export function nonPublicRange(address: string): string | undefined {
  const bare = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  const version = isIP(bare.split("%")[0]!);
  if (version === 4) return IPV4_RANGES.find((range) => inIpv4Range(ipv4Number(bare), range))?.[2];
  if (version !== 6) return "not an IP address";
  const groups = ipv6Groups(bare);
  const embedded = (label: string): string | undefined => {
    const v4 = `${groups[6]! >> 8}.${groups[6]! & 255}.${groups[7]! >> 8}.${groups[7]! & 255}`;
    const range = nonPublicRange(v4);
    return range === undefined ? undefined : `${label} ${range}`;
  };
  if (inIpv6Range(groups, ["::ffff:0:0", 96, ""])) return embedded("IPv4-mapped");
  if (inIpv6Range(groups, ["64:ff9b::", 96, ""])) return embedded("NAT64");
  if (!inIpv6Range(groups, ["2000::", 3, ""])) {
    return IPV6_RANGES_OUTSIDE_GLOBAL.find((range) => inIpv6Range(groups, range))?.[2] ?? "reserved";
  }
  return IPV6_RANGES_IN_GLOBAL.find((range) => inIpv6Range(groups, range))?.[2];
}

/** Raised inside the resolver; the connector turns it into a FetchRefusedError naming the origin. */
class AddressRefused extends Error {
  readonly address: string;
  readonly range: string;

  constructor(address: string, range: string) {
    super(`${address} is ${range}`);
    this.address = address;
    this.range = range;
  }
}

/** Resolves every address of a host name and refuses them all if any one is not public. */
function guardedLookup(inner: Lookup): Lookup {
  return (hostname, options, callback) => {
    inner(hostname, { ...options, all: true }, (error, found) => {
      if (error) return callback(error, []);
      const addresses = typeof found === "string" ? [{ address: found, family: isIP(found) }] : found;
      for (const { address } of addresses) {
        const range = nonPublicRange(address);
        if (range !== undefined) return callback(new AddressRefused(address, range), []);
      }
      if (addresses.length === 0) return callback(Object.assign(new Error(`no address for ${hostname}`), { code: "ENOTFOUND" }), []);
      if (options.all) return callback(null, addresses);
      callback(null, addresses[0]!.address, addresses[0]!.family);
    });
  };
}

function refusal(origin: string, address: string, range: string): FetchRefusedError {
  return new FetchRefusedError(origin, `private address ${address} (${range}) at connect time; ${PRIVATE_ADDRESS_HINT}`);
}

/**
 * An undici dispatcher whose connections can only reach public addresses (unless
 * `allowPrivateAddresses`). Host names are checked on the addresses the socket is about to use
 * (the resolver is ours), IP literals before connecting (Node does not resolve them). A refused
 * connection fails the fetch with `TypeError("fetch failed")` whose `cause` is a FetchRefusedError.
 */
export function createSafeDispatcher(options: SafeDispatcherOptions): Dispatcher {
  return madeOnFirstRequest(() => safeAgent(options));
}

/** A dispatcher made when the first request goes through it (fetch only ever calls `dispatch`). */
function madeOnFirstRequest(make: () => Dispatcher): Dispatcher {
  let made: Dispatcher | undefined;
  const lazy: Pick<Dispatcher, "dispatch" | "close" | "destroy"> = {
    dispatch: (options, handler) => (made ??= make()).dispatch(options, handler),
    close: (() => (made ? made.close() : Promise.resolve())) as Dispatcher["close"],
    destroy: (() => (made ? made.destroy() : Promise.resolve())) as Dispatcher["destroy"],
  };
  return lazy as Dispatcher;
}

function safeAgent(options: SafeDispatcherOptions): Dispatcher {
  const { Agent, buildConnector } = loadUndici();
  if (options.allowPrivateAddresses) return new Agent();
  const connector = buildConnector({ lookup: guardedLookup(options.lookup ?? (dnsLookup as Lookup)) } as Undici.buildConnector.BuildOptions);
  const connect: Undici.buildConnector.connector = (target, callback) => {
    const origin = `${target.protocol}//${target.host}`;
    const literal = target.hostname.startsWith("[") ? target.hostname.slice(1, -1) : target.hostname;
    if (isIP(literal.split("%")[0]!) !== 0) {
      const range = nonPublicRange(literal);
      if (range !== undefined) return callback(refusal(origin, literal, range), null);
    }
    connector(target, (error, socket) => {
      if (error instanceof AddressRefused) callback(refusal(origin, error.address, error.range), null);
      else if (error) callback(error, null);
      else callback(null, socket!);
    });
  };
  return new Agent({ connect });
}
