import { describe, expect, it } from "@jest/globals";
import type { VenueOptions } from "../../../federation/vocab/place.ts";
import { fromLocationJson, toLocationJson } from "../../../federation/vocab/place.ts";
import { readJsonFixture } from "../../helpers/fixtures.ts";

const venue: VenueOptions = { venueName: "La Cantine", venueAddress: "151 rue Montmartre, 75002 Paris", venueCity: "Paris", venueCountry: "France" };
const location = (name: string) => fromLocationJson(readJsonFixture("peers", `gancio-ap-location-${name}.json`));

describe("fromLocationJson on Gancio's parser fixtures", () => {
  it("drops a Place with neither name nor address (Gancio rejects it too)", () => {
    expect(location("bad-location-without-a-name")).toBeNull();
  });

  it("takes the first physical place and the first online link of a mixed list", () => {
    expect(location("multiple-mixed-locations")).toEqual({ name: "Location with a name", url: "https://virtual.location.org" });
  });

  it("reads a Place with only a name", () => {
    expect(location("physical-location-no-address")).toEqual({ name: "Location with a name" });
    expect(location("physical-location-without-id")).toEqual({ name: "Location without id" });
  });

  it("joins a PostalAddress as street, postal code and locality, region, country", () => {
    expect(location("physical-location-with-postal-address")).toEqual({
      name: "Location with a postal address",
      address: "15 Fediverse Street, 8010 Fediverse Town, Steiermark, Austria",
    });
  });

  it("keeps a plain-text address", () => {
    expect(location("physical-location-with-simple-string-address")).toEqual({
      name: "Location with a simple string address",
      address: "Simple string address",
    });
  });

  it("reads Gancio's online form (a Place whose address is a VirtualLocation) as online only", () => {
    // A name next to the url would make the event hybrid (node/domain/event.ts), so only the url stays.
    expect(location("virtual-location")).toEqual({ url: "https://virtual.location.org" });
  });
});

describe("fromLocationJson on other shapes", () => {
  it("reads Mobilizon's PostalAddress with blank parts and its geo block (range-checked, not swapped back)", () => {
    const mobilizon = readJsonFixture<{ location: unknown }>("peers", "mobilizon-event.json");
    expect(fromLocationJson(mobilizon.location)).toEqual({
      name: "Cour du Château des Ducs de Bretagne",
      address: "Nantes, Pays de la Loire, France",
      lat: -1.54939699141711,
      lon: 47.21617415,
    });
    expect(fromLocationJson({ name: "X", geo: { latitude: 95, longitude: 2 } })).toEqual({ name: "X" });
  });

  it("reads Gancio's serialised forms: plain-text address, null coordinates, a VirtualLocation without name", () => {
    const gancio = readJsonFixture<{ location: unknown }>("peers", "gancio-event.json");
    expect(fromLocationJson(gancio.location)).toEqual({ name: "Colosseo", address: "Piazza del Colosseo, Rome" });
    expect(fromLocationJson({ type: "VirtualLocation", url: "https://stream.example/live" })).toEqual({ url: "https://stream.example/live" });
    expect(
      fromLocationJson([
        { type: "VirtualLocation", url: "https://a.example" },
        { type: "Place", name: "Hall", latitude: "45.5", longitude: -73.6 },
      ]),
    ).toEqual({ name: "Hall", lat: 45.5, lon: -73.6, url: "https://a.example" });
  });

  it("uses the address when a Place has no name, and accepts a plain string", () => {
    expect(fromLocationJson({ type: "Place", address: "1 Main St" })).toEqual({ name: "1 Main St" });
    expect(fromLocationJson("Le bar du coin")).toEqual({ name: "Le bar du coin" });
    expect(fromLocationJson("   ")).toBeNull();
    expect(fromLocationJson("https://gancio.example/federation/p/1")).toBeNull(); // an id to fetch, not a name
  });

  it("skips blank and whitespace-only PostalAddress parts and repeated ones", () => {
    const address = { type: "PostalAddress", streetAddress: "  ", postalCode: "75002", addressLocality: "Paris", addressRegion: "", addressCountry: "France" };
    expect(fromLocationJson({ type: "Place", name: "Y", address })).toEqual({ name: "Y", address: "75002 Paris, France" });
    const repeated = { type: "PostalAddress", streetAddress: "151 rue Montmartre, 75002 Paris", addressLocality: "Paris", addressCountry: "France" };
    expect(fromLocationJson({ type: "Place", name: "Z", address: repeated })).toEqual({ name: "Z", address: "151 rue Montmartre, 75002 Paris, France" });
    const similar = { type: "PostalAddress", streetAddress: "3 rue Parisienne", addressLocality: "Paris" };
    expect(fromLocationJson({ type: "Place", name: "W", address: similar })).toEqual({ name: "W", address: "3 rue Parisienne, Paris" });
  });

  it("drops script URLs and junk, and keeps a name as plain text", () => {
    expect(fromLocationJson({ type: "VirtualLocation", url: "javascript:alert(1)" })).toBeNull();
    expect(fromLocationJson({ type: "Place", name: "<img src=x onerror=alert(1)>Hall" })).toEqual({ name: "<img src=x onerror=alert(1)>Hall" });
    for (const junk of [null, undefined, 3, true, [], {}, [[]], { type: "Note", name: "x" }]) expect(fromLocationJson(junk)).toBeNull();
  });
});

describe("toLocationJson", () => {
  it("places an event without a location at the venue, with city and country", () => {
    expect(toLocationJson(null, venue)).toEqual({
      type: "Place",
      name: "La Cantine",
      address: { type: "PostalAddress", streetAddress: "151 rue Montmartre, 75002 Paris", addressLocality: "Paris", addressCountry: "France" },
    });
    expect(toLocationJson(null, {})).toBeNull();
  });

  it("puts a room-only location in the venue", () => {
    expect(toLocationJson({ room: "Salle 2" }, venue)).toMatchObject({
      type: "Place",
      name: "La Cantine, Salle 2",
      address: { streetAddress: venue.venueAddress },
    });
  });

  it("does not claim the venue's city for an address elsewhere", () => {
    expect(toLocationJson({ name: "Parc", address: "Parc des Buttes-Chaumont", lat: 48.88, lon: 2.38 }, venue)).toEqual({
      type: "Place",
      name: "Parc",
      address: { type: "PostalAddress", streetAddress: "Parc des Buttes-Chaumont" },
      latitude: 48.88,
      longitude: 2.38,
    });
    expect(toLocationJson({ address: "12 rue X" }, venue)).toMatchObject({ name: "12 rue X" });
  });

  it("writes online links as a named VirtualLocation, and hybrid events as [Place, VirtualLocation]", () => {
    expect(toLocationJson({ url: "https://meet.example.org/r" }, venue)).toEqual({
      type: "VirtualLocation",
      name: "meet.example.org",
      url: "https://meet.example.org/r",
    });
    const hybrid = toLocationJson({ name: "La Cantine", url: "https://meet.example.org/r" }, venue);
    expect(Array.isArray(hybrid) && hybrid.map((l) => l.type)).toEqual(["Place", "VirtualLocation"]);
  });

  it("round-trips through fromLocationJson", () => {
    const hybrid = { name: "Hall", address: "1 Main St", lat: 1.5, lon: 2.5, url: "https://meet.example.org/r" };
    expect(fromLocationJson(toLocationJson(hybrid, venue))).toEqual(hybrid);
    expect(fromLocationJson(toLocationJson({ url: "https://meet.example.org/r" }, venue))).toEqual({ url: "https://meet.example.org/r" });
  });
});
