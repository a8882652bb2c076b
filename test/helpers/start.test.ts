import { describe, expect, it } from "@jest/globals";
import { startTogether } from "./start.ts";

describe("startTogether", () => {
  it("returns everything that started, in order", async () => {
    const [a, b] = await startTogether(Promise.resolve(1), Promise.resolve("two"));
    expect([a, b]).toEqual([1, "two"]);
  });

  it("stops what did start when something else fails, then rethrows", async () => {
    const stopped: string[] = [];
    const server = { close: async () => void stopped.push("server") };
    const node = { stop: async () => void stopped.push("node") };
    await expect(startTogether(Promise.resolve(server), Promise.reject(new Error("port taken")), Promise.resolve(node))).rejects.toThrow("port taken");
    expect(stopped.sort()).toEqual(["node", "server"]);
  });
});
