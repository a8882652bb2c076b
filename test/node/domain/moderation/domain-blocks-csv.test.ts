import { describe, expect, it } from "@jest/globals";
import { hostCandidates, parseBlockTarget } from "../../../../node/domain/moderation/blocks.ts";
import { formatDomainBlocksCsv, parseDomainBlocksCsv } from "../../../../node/domain/moderation/domain-blocks-csv.ts";

// As Mastodon exports it (Ruby's CSV): quotes only where needed, "" for an empty comment.
const MASTODON_EXPORT = [
  "#domain,#severity,#reject_media,#reject_reports,#public_comment,#obfuscate",
  "spam.example,suspend,false,false,Spam and harassment,false",
  'noisy.example,silence,true,false,"Bots, many of them",true',
  "media.example,noop,true,true,,false",
  'quoted.example,suspend,false,true,"He said ""hi""",false',
  'empty.example,suspend,false,false,"",false',
  "",
].join("\n");

describe("Mastodon's domain-block CSV", () => {
  it("reads every field of Mastodon's export", () => {
    const { rows, problems } = parseDomainBlocksCsv(MASTODON_EXPORT);
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      { domain: "spam.example", severity: "suspend", rejectMedia: false, rejectReports: false, publicComment: "Spam and harassment", obfuscate: false },
      { domain: "noisy.example", severity: "silence", rejectMedia: true, rejectReports: false, publicComment: "Bots, many of them", obfuscate: true },
      { domain: "media.example", severity: "noop", rejectMedia: true, rejectReports: true, publicComment: null, obfuscate: false },
      { domain: "quoted.example", severity: "suspend", rejectMedia: false, rejectReports: true, publicComment: 'He said "hi"', obfuscate: false },
      { domain: "empty.example", severity: "suspend", rejectMedia: false, rejectReports: false, publicComment: "", obfuscate: false },
    ]);
  });

  it("writes it back byte for byte", () => {
    expect(formatDomainBlocksCsv(parseDomainBlocksCsv(MASTODON_EXPORT).rows)).toBe(MASTODON_EXPORT);
  });

  it("reads CRLF line ends, a byte order mark, columns in another order and older headers without '#'", () => {
    const { rows, problems } = parseDomainBlocksCsv("\uFEFFseverity,domain\r\nsilence,a.example\r\n,b.example\r\n");
    expect(problems).toEqual([]);
    expect(rows.map((r) => [r.domain, r.severity])).toEqual([
      ["a.example", "silence"],
      ["b.example", "suspend"],
    ]);
  });

  it("reads a plain list of domains, one per line, as suspensions", () => {
    const { rows } = parseDomainBlocksCsv("# my list\nOne.Example\ntwo.example.\n\n");
    expect(rows.map((r) => [r.domain, r.severity])).toEqual([
      ["one.example", "suspend"],
      ["two.example", "suspend"],
    ]);
  });

  it("names the rows it cannot read and keeps the others", () => {
    const { rows, problems } = parseDomainBlocksCsv(
      "#domain,#severity,#reject_media\nok.example,suspend,false\nbad domain,suspend,false\nx.example,banish,false\ny.example,suspend,maybe\nok.example,silence,false\n",
    );
    expect(rows.map((r) => r.domain)).toEqual(["ok.example"]);
    expect(problems.map((p) => p.field)).toEqual(["line 3", "line 4", "line 5", "line 6"]);
  });
});

describe("block targets", () => {
  it("tells a domain from an actor URL", () => {
    expect(parseBlockTarget("Spam.Example")).toEqual({ ok: true, kind: "domain", target: "spam.example" });
    expect(parseBlockTarget("https://spam.example/")).toEqual({ ok: true, kind: "domain", target: "spam.example" });
    expect(parseBlockTarget("127.0.0.1:8443")).toEqual({ ok: true, kind: "domain", target: "127.0.0.1:8443" });
    expect(parseBlockTarget("https://spam.example/users/bob#main-key")).toEqual({ ok: true, kind: "actor", target: "https://spam.example/users/bob" });
    expect(parseBlockTarget("not a domain").ok).toBe(false);
    expect(parseBlockTarget("javascript:alert(1)").ok).toBe(false);
  });

  it("covers subdomains and every port of a domain named without one", () => {
    expect(hostCandidates("social.spam.example:8443")).toEqual(["social.spam.example:8443", "social.spam.example", "spam.example", "example"]);
    expect(hostCandidates("127.0.0.1:8443")).toEqual(["127.0.0.1:8443", "127.0.0.1"]);
  });
});
