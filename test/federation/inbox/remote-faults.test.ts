import type { InboxContext } from "@fedify/fedify";
import { Create } from "@fedify/vocab";
import { FetchError, UrlError } from "@fedify/vocab-runtime";
import { describe, expect, it } from "@jest/globals";
import { getLogger } from "@logtape/logtape";
import type { FederationDeps } from "../../../federation/context.ts";
import { droppingRemoteFaults, isRemoteFault } from "../../../federation/inbox/remote-faults.ts";
import { FetchRefusedError } from "../../../federation/safe-fetch.ts";

const url = "https://remote.example/objects/1";
const answered = (status: number) => new FetchError(url, `HTTP ${status}: ${url}`, new Response(null, { status }));
const sqliteBusy = Object.assign(new Error("database is locked"), { name: "SqliteError", code: "SQLITE_BUSY" });

describe("which inbox failures are the remote's, for good", () => {
  it("drops 4xx answers, refused URLs, redirect loops and data that cannot be read", () => {
    for (const error of [
      answered(404),
      answered(410),
      answered(401),
      answered(403),
      new FetchError(url, "Redirect loop detected: https://remote.example/a"),
      new FetchError(url, "Too many redirections (21)"),
      Object.assign(new FetchError(url, "refused"), { cause: new FetchRefusedError(url, "private address 10.0.0.1") }),
      new FetchRefusedError(url, "response body exceeds the 2097152-byte cap"),
      new UrlError("Invalid or private address: 10.0.0.1"),
      new TypeError("Invalid type: https://www.w3.org/ns/activitystreams#Nope"),
      new SyntaxError("Unexpected token < in JSON at position 0"),
      new RangeError("invalid ISO 8601 string: yesterday"),
      Object.assign(new Error("Invalid JSON-LD syntax"), { name: "jsonld.SyntaxError" }),
    ]) {
      expect([error.message, isRemoteFault(error)]).toEqual([error.message, true]);
    }
  });

  it("retries our own failures and the remote's passing ones", () => {
    for (const error of [
      sqliteBusy,
      answered(500),
      answered(503),
      answered(429),
      answered(408),
      Object.assign(new FetchError(url, "fetch failed"), { cause: new TypeError("fetch failed") }),
      new TypeError("fetch failed"),
      new DOMException("The operation was aborted due to timeout", "TimeoutError"),
      Object.assign(new Error("loading remote context failed"), { name: "jsonld.InvalidUrl" }),
      new Error("something unexpected"),
      "not even an error",
    ]) {
      expect([String(error), isRemoteFault(error)]).toEqual([String(error), false]);
    }
  });
});

describe("droppingRemoteFaults", () => {
  const deps = { log: getLogger(["cantine", "test"]) } as unknown as FederationDeps;
  const ctx = {} as InboxContext<void>;
  const activity = new Create({ id: new URL("https://remote.example/creates/1"), actor: new URL("https://remote.example/users/a") });

  it("swallows a remote fault, so that Fedify does not retry the activity", async () => {
    const listener = droppingRemoteFaults(deps, async () => {
      throw answered(404);
    });
    await expect(listener(ctx, activity)).resolves.toEqual({ dropped: "remote_fault" });
  });

  it("lets our own failures through, so that Fedify retries them", async () => {
    const listener = droppingRemoteFaults(deps, async () => {
      throw sqliteBusy;
    });
    await expect(listener(ctx, activity)).rejects.toBe(sqliteBusy);
  });
});
