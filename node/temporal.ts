// Fedify's types use the global Temporal; Node 24 does not ship it yet.
// Importing this module installs the polyfill once, before anything else runs.
import { Temporal } from "temporal-polyfill";

if (!("Temporal" in globalThis)) {
  Object.defineProperty(globalThis, "Temporal", { value: Temporal, writable: true, configurable: true });
}
