import type { Context } from "@fedify/fedify";
import { describe, expect, it } from "@jest/globals";
import { originOf, trustedObject } from "../../federation/remote-json.ts";

describe("originOf", () => {
  it("gives the origin of http(s) URLs", () => {
    expect(originOf("https://paris.cantine.example/events/1")).toBe("https://paris.cantine.example");
    expect(originOf("http://127.0.0.1:8101/users/paris")).toBe("http://127.0.0.1:8101");
  });

  it.each([
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "urn:uuid:4f1c",
    "mailto:a@b.example",
    "ftp://files.example/x",
    "file:///etc/passwd",
    "not a url",
    "",
  ])("gives none for %s", (url) => {
    expect(originOf(url)).toBeNull();
  });
});

describe("trustedObject", () => {
  // A context whose loader fails the test if it is called: nothing may be fetched.
  const ctx = { documentLoader: () => Promise.reject(new Error("fetched")) } as unknown as Context<void>;

  it.each(["javascript:alert(1)", "data:application/activity+json,{}"])("neither trusts nor fetches an object referred to as %s", async (id) => {
    await expect(trustedObject(ctx, { type: "Create", object: id }, "https://a.example")).resolves.toBeNull();
    await expect(trustedObject(ctx, { type: "Create", object: { id, type: "Event" } }, "https://a.example")).resolves.toBeNull();
  });
});
