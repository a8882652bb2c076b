import { describe, expect, it } from "@jest/globals";
import { htmlToText, MAX_HTML_LENGTH, renderMarkdown, sanitizeHtml, truncate } from "../../../node/domain/rich-text.ts";

describe("sanitizeHtml", () => {
  it("keeps the Mastodon-like subset and lang, nothing else", () => {
    const html =
      '<p lang="fr" class="x" style="color:red" id="a">Un <strong>deux</strong> <em>trois</em> <u>u</u> <del>d</del> <code>c</code></p><ul><li>a</li></ul><ol><li>b</li></ol><blockquote>q</blockquote><pre>p</pre><h2 id="h">Title</h2>';
    expect(sanitizeHtml(html)).toBe(
      '<p lang="fr">Un <strong>deux</strong> <em>trois</em> <u>u</u> <del>d</del> <code>c</code></p><ul><li>a</li></ul><ol><li>b</li></ol><blockquote>q</blockquote><pre>p</pre><h2>Title</h2>',
    );
  });

  it("drops script, style, iframe, svg, math and object together with their content", () => {
    const html =
      "<script>alert(1)</script><style>p{}</style><iframe>f</iframe><svg><g><text>s</text><script>x</script></g></svg><math><mi>m</mi></math><object><param>o</param></object>kept";
    expect(sanitizeHtml(html)).toBe("kept");
  });

  it("keeps the text of other unknown elements and drops every handler and image", () => {
    expect(sanitizeHtml('<div onclick="x()">a<img src=x onerror="alert(1)">b</div><table><tr><td>c</td></tr></table>')).toBe("abc");
    expect(sanitizeHtml('<p><a href="https://x.example" onmouseover="alert(1)" target="_blank">x</a></p>')).toBe(
      '<p><a href="https://x.example" rel="nofollow noopener noreferrer">x</a></p>',
    );
  });

  it("allows only absolute http, https and mailto links, with rel nofollow noopener noreferrer", () => {
    const links = [
      '<a href="javascript:alert(1)">1</a>',
      '<a href=" JaVaScRiPt:alert(2)">2</a>',
      '<a href="&#106;avascript:alert(3)">3</a>',
      '<a href="java\nscript:alert(4)">4</a>',
      '<a href="data:text/html,x">5</a>',
      '<a href="//evil.example/">6</a>',
      '<a href="/relative">7</a>',
      '<a href="mailto:hi@example.org">8</a>',
      '<a href="https://ok.example/?a=1&b=2" rel="me">9</a>',
    ].join("");
    expect(sanitizeHtml(links)).toBe(
      "<span>1</span><span>2</span><span>3</span><span>4</span><span>5</span><span>6</span><span>7</span>" +
        '<a href="mailto:hi@example.org" rel="nofollow noopener noreferrer">8</a>' +
        '<a href="https://ok.example/?a=1&amp;b=2" rel="nofollow noopener noreferrer">9</a>',
    );
  });

  it("copes with broken markup and comments", () => {
    expect(sanitizeHtml("<p><<script>script>alert(1)<</script>/script></p>")).not.toMatch(/<script/i);
    expect(sanitizeHtml("<!-- <script>x</script> -->ok<p>unclosed")).toBe("ok<p>unclosed</p>");
  });

  it("cuts huge input before parsing and bounds the output", () => {
    const big = `<p>${"a".repeat(MAX_HTML_LENGTH * 10)}</p>`;
    const out = sanitizeHtml(big);
    expect(out.length).toBeLessThanOrEqual(MAX_HTML_LENGTH);
    expect(out.startsWith("<p>aaa")).toBe(true);
    const links = '<a href="https://x.example">x</a>'.repeat(MAX_HTML_LENGTH / 20);
    expect(sanitizeHtml(links).length).toBeLessThanOrEqual(MAX_HTML_LENGTH);
    expect(sanitizeHtml("")).toBe("");
    expect(sanitizeHtml(undefined as unknown as string)).toBe("");
  });
});

describe("renderMarkdown", () => {
  it("renders Markdown to the same safe subset", () => {
    expect(renderMarkdown("# Title\n\nSome *em*, **strong** and [a link](https://a.example).\n\n- one\n- two")).toBe(
      '<h1>Title</h1>\n<p>Some <em>em</em>, <strong>strong</strong> and <a href="https://a.example" rel="nofollow noopener noreferrer">a link</a>.</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>\n',
    );
  });

  it("neutralises raw HTML and script links written in the Markdown", () => {
    const html = renderMarkdown(
      'Hi <script>alert(1)</script><img src=x onerror="alert(1)"> [x](javascript:alert(1)) <b onclick="y()">b</b>\n\n<iframe src="https://x"></iframe>',
    );
    expect(html).not.toMatch(/script|onerror|onclick|iframe|<img/i);
    expect(html).toContain("<span>x</span>");
    expect(html).toContain("<b>b</b>");
  });

  it("turns images into links (no hot-linked images) and escapes code", () => {
    expect(renderMarkdown("![A map](https://img.example/map.png)")).toBe(
      '<p><a href="https://img.example/map.png" rel="nofollow noopener noreferrer">A map</a></p>\n',
    );
    expect(renderMarkdown("`<b>`")).toBe("<p><code>&lt;b&gt;</code></p>\n");
    expect(renderMarkdown("   ")).toBe("");
  });

  it("bounds its input", () => {
    const html = renderMarkdown("word ".repeat(200_000));
    expect(html.length).toBeLessThanOrEqual(60_000);
  });
});

describe("htmlToText", () => {
  it("turns blocks into line breaks, decodes entities and collapses whitespace", () => {
    expect(htmlToText("<p>Hello&nbsp;<b>world</b> &amp; co</p><p>Second\n   line<br>third</p><ul><li>a</li><li>b</li></ul>&lt;not a tag&gt;")).toBe(
      "Hello world & co\n\nSecond line\nthird\n\na\nb\n\n<not a tag>",
    );
  });

  it("drops scripts and styles with their content", () => {
    expect(htmlToText("<script>alert(1)</script><style>x</style>Party <b>now</b>")).toBe("Party now");
    expect(htmlToText("")).toBe("");
  });
});

describe("truncate", () => {
  it("leaves short text alone and cuts long text with an ellipsis, at a word when close", () => {
    expect(truncate("abc", 3)).toBe("abc");
    expect(truncate("hello world this is", 12)).toBe("hello world…");
    expect(truncate("abcdefghij", 5)).toBe("abcd…");
    expect(truncate("x", 0)).toBe("");
    expect(truncate("abc", 1)).toBe("…");
  });

  it("counts code points and never splits a surrogate pair", () => {
    expect(truncate("😀😀😀😀😀", 3)).toBe("😀😀…");
    expect(truncate("😀😀😀", 3)).toBe("😀😀😀");
    expect(Array.from(truncate("é".repeat(1_000_000), 200))).toHaveLength(200);
  });
});
