import { describe, expect, it } from "@jest/globals";
import { fromAcceptLanguage } from "../../node/http/i18n/index.ts";
import { html, jsonForScript, safeUrl } from "../../node/http/public/pages/html.ts";
import { serverHost } from "../../node/http/public/routes/interact.ts";

describe("page helpers", () => {
  it("picks the best of our languages from Accept-Language, by q-value then order", () => {
    expect(fromAcceptLanguage("pt-BR,pt;q=0.9,en;q=0.8")).toBe("pt");
    expect(fromAcceptLanguage("de-DE,de;q=0.9,es;q=0.5,fr;q=0.7")).toBe("fr");
    expect(fromAcceptLanguage("en;q=0, fr")).toBe("fr");
    expect(fromAcceptLanguage("de, it")).toBeNull();
    expect(fromAcceptLanguage(undefined)).toBeNull();
  });

  it("escapes every interpolated string and keeps only http(s) links", () => {
    expect(html`<p title="${`"><script>`}">${"<b>&</b>"}</p>`.value).toBe('<p title="&quot;&gt;&lt;script&gt;">&lt;b&gt;&amp;&lt;/b&gt;</p>');
    expect(safeUrl("javascript:alert(1)")).toBeNull();
    expect(safeUrl(" JavaScript:alert(1)")).toBeNull();
    expect(safeUrl("/relative")).toBeNull();
    expect(safeUrl("https://example.org/a b")).toBe("https://example.org/a%20b");
    expect(jsonForScript({ name: "</script><!--" }).value).toBe('{"name":"\\u003c/script\\u003e\\u003c!--"}');
  });

  it("reads a Mastodon server name, and nothing else", () => {
    expect(serverHost("mastodon.social")).toBe("mastodon.social");
    expect(serverHost("@me@Mastodon.Social")).toBe("mastodon.social");
    expect(serverHost("https://mastodon.social/")).toBe("mastodon.social");
    expect(serverHost("social.example:8443")).toBe("social.example:8443");
    expect(serverHost("bücher.example")).toBe("xn--bcher-kva.example");
    for (const bad of [
      "javascript:alert(1)",
      "mastodon.social/path",
      "mastodon.social?x",
      "evil.example#x",
      "http://a@b@",
      "1.2.3.4",
      "localhost",
      "a..b",
      "-a.example",
      42,
      null,
    ]) {
      expect(serverHost(bad)).toBeNull();
    }
  });
});
