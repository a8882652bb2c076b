import type { AddressInfo } from "node:net";
import { describe, expect, it } from "@jest/globals";
import express from "express";
import type { Venue } from "../../../node/domain/venue.ts";
import { pageContext } from "../../../node/http/public/routes/page-context.ts";

const venue = (origin: string): Venue => ({
  slug: "paris",
  name: "La Cantine Paris",
  city: "Paris",
  country: "FR",
  timezone: "Europe/Paris",
  origin,
  locale: "fr",
  manuallyApprovesFollowers: false,
});

/** The Set-Cookie headers a page answers with when asked for another language and zone. */
async function cookiesFor(origin: string): Promise<string[]> {
  const app = express();
  app.get("/", (req, res) => {
    const ctx = pageContext(req, res, venue(origin), new Date());
    res.send(ctx.locale);
  });
  const server = app.listen(0, "127.0.0.1");
  await new Promise((resolve) => server.once("listening", resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/?lang=es&tz=America/Sao_Paulo`);
    expect(await response.text()).toBe("es");
    return response.headers.getSetCookie();
  } finally {
    server.close();
  }
}

describe("the language and zone a visitor chose are remembered", () => {
  it("in Secure cookies when the public origin is https, even over the proxy's plain hop", async () => {
    const cookies = await cookiesFor("https://paris.cantine.example");
    expect(cookies.map((c) => c.split("=")[0])).toEqual(["lang", "tz"]);
    for (const cookie of cookies) expect(cookie).toMatch(/; Secure/);
  });

  it("in plain cookies on an http origin (a laptop, the demo)", async () => {
    for (const cookie of await cookiesFor("http://127.0.0.1:8000")) expect(cookie).not.toMatch(/Secure/);
  });
});
