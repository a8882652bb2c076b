// Reading feeds as calendar apps and feed readers do, with independent parsers: ical.js for
// iCalendar, fast-xml-parser for Atom. What would be live in them is returned for checking.

import { XMLParser, XMLValidator } from "fast-xml-parser";
import ICAL from "ical.js";

export type IcsReading = { events: number; urls: string[]; htmlDescriptions: string[] };

/** Parses an iCalendar text (throws if ical.js cannot); lists the URIs it links to and any HTML it carries. */
export function readIcs(text: string): IcsReading {
  const calendar = new ICAL.Component(ICAL.parse(text));
  const events = calendar.getAllSubcomponents("vevent");
  const urls: string[] = [];
  const htmlDescriptions: string[] = [];
  for (const event of events) {
    for (const name of ["url", "attach", "organizer", "attendee", "image", "conference"]) {
      for (const property of event.getAllProperties(name)) urls.push(String(property.getFirstValue()));
    }
    // Clients such as Outlook render X-ALT-DESC;FMTTYPE=text/html as HTML.
    for (const property of event.getAllProperties("x-alt-desc")) htmlDescriptions.push(String(property.getFirstValue()));
  }
  return { events: events.length, urls, htmlDescriptions };
}

type AtomEntry = { title?: unknown; content?: { "#text"?: string; "@_type"?: string } | string; link?: unknown; author?: { uri?: string } };
export type AtomReading = { entries: number; html: string[]; links: string[] };

/** Parses an Atom feed (throws unless well-formed); returns each entry's HTML content, decoded, and every link it holds. */
export function readAtom(text: string): AtomReading {
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new Error(`Atom is not well-formed XML: ${JSON.stringify(valid.err)}`);
  const parser = new XMLParser({
    ignoreAttributes: false,
    processEntities: true,
    htmlEntities: false,
    isArray: (name) => ["entry", "link", "category"].includes(name),
  });
  const feed = parser.parse(text).feed as { entry?: AtomEntry[]; link?: { "@_href": string }[] };
  const entries = feed.entry ?? [];
  const links = [...(feed.link ?? []).map((l) => l["@_href"])];
  const html: string[] = [];
  for (const entry of entries) {
    for (const link of (entry.link as { "@_href": string }[] | undefined) ?? []) links.push(link["@_href"]);
    if (entry.author?.uri) links.push(String(entry.author.uri));
    if (typeof entry.content === "object" && entry.content?.["@_type"] === "html") html.push(entry.content["#text"] ?? "");
    else if (typeof entry.content === "object" && entry.content?.["@_type"] !== "text") throw new Error(`content of type ${entry.content?.["@_type"]}`);
  }
  return { entries: entries.length, html, links };
}
