// The node compiles its JSON Schemas without checking them against JSON Schema's own
// meta-schema (compiling that costs a tenth of a second at every start): this test checks them.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "@jest/globals";
import Ajv2020 from "ajv/dist/2020.js";

const dir = new URL("../schemas/", import.meta.url);
const files = readdirSync(dir).filter((name) => name.endsWith(".schema.json"));

describe("the JSON Schemas in schemas/", () => {
  it("are all there", () => {
    expect(files.sort()).toEqual(["event-input.schema.json", "node-config.schema.json", "project-input.schema.json"]);
  });

  it.each(files)("%s is a valid JSON Schema 2020-12 document", (name) => {
    const ajv = new Ajv2020.default({ strict: false });
    const schema = JSON.parse(readFileSync(new URL(name, dir), "utf8"));
    const valid = ajv.validateSchema(schema);
    expect(ajv.errorsText(ajv.errors)).toBe("No errors");
    expect(valid).toBe(true);
  });

  it("refuses a schema that breaks the meta-schema, so the check can fail", () => {
    const ajv = new Ajv2020.default({ strict: false });
    expect(ajv.validateSchema({ type: "object", required: "name" })).toBe(false);
  });
});
