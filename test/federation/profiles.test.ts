import type { Context } from "@fedify/fedify";
import { Image, Organization } from "@fedify/vocab";
import { describe, expect, it } from "@jest/globals";
import { profileOf } from "../../federation/profiles.ts";

// Nothing may be fetched: the icon is embedded.
const ctx = {
  documentLoader: () => Promise.reject(new Error("fetched")),
  contextLoader: () => Promise.reject(new Error("fetched")),
} as unknown as Context<void>;

describe("profileOf", () => {
  it("keeps a profile's http(s) url and icon", async () => {
    const actor = new Organization({
      id: new URL("https://sf.cantine.example/users/sf"),
      url: new URL("https://sf.cantine.example/@sf"),
      icon: new Image({ url: new URL("https://sf.cantine.example/icon.png") }),
    });
    expect(await profileOf(actor, ctx)).toMatchObject({ url: "https://sf.cantine.example/@sf", icon: "https://sf.cantine.example/icon.png" });
  });

  it.each(["javascript:alert(1)", "data:text/html,<script>alert(1)</script>"])("drops a url and an icon of %s (feeds would link to them)", async (link) => {
    const actor = new Organization({ id: new URL("https://evil.example/users/evil"), url: new URL(link), icon: new Image({ url: new URL(link) }) });
    expect(await profileOf(actor, ctx)).toMatchObject({ url: "https://evil.example/users/evil", icon: null });
  });
});
