import { describe, expect, it } from "@jest/globals";
import { addressList, metricsAllowed, plainAddress } from "../../../node/http/ops/metrics.ts";

function request(ip: string, authorization?: string) {
  return { ip, get: (name: string) => (name.toLowerCase() === "authorization" ? authorization : undefined) } as never;
}

describe("who may read /metrics", () => {
  const loopback = addressList(["127.0.0.1", "::1"]);

  it("lets in the listed addresses, IPv4 clients of a dual-stack socket included", () => {
    expect(metricsAllowed(request("127.0.0.1"), loopback, undefined)).toBe(true);
    expect(metricsAllowed(request("::1"), loopback, undefined)).toBe(true);
    expect(metricsAllowed(request("::ffff:127.0.0.1"), loopback, undefined)).toBe(true);
    expect(metricsAllowed(request("203.0.113.9"), loopback, undefined)).toBe(false);
    expect(plainAddress("::ffff:10.0.0.1")).toBe("10.0.0.1");
  });

  it("accepts networks", () => {
    const lan = addressList(["10.0.0.0/8", "fd00::/8"]);
    expect(metricsAllowed(request("10.20.30.40"), lan, undefined)).toBe(true);
    expect(metricsAllowed(request("fd12::1"), lan, undefined)).toBe(true);
    expect(metricsAllowed(request("11.0.0.1"), lan, undefined)).toBe(false);
  });

  it("lets anyone in with the token, and no one with a wrong or missing one", () => {
    const token = "a-long-enough-scrape-secret";
    expect(metricsAllowed(request("203.0.113.9", `Bearer ${token}`), loopback, token)).toBe(true);
    expect(metricsAllowed(request("203.0.113.9", "Bearer wrong-secret-of-some-length"), loopback, token)).toBe(false);
    expect(metricsAllowed(request("203.0.113.9", `Bearer ${token}`), loopback, undefined)).toBe(false);
    expect(metricsAllowed(request("203.0.113.9"), loopback, token)).toBe(false);
  });
});
