// `node scripts/bench/profile-summary.ts FILE.cpuprofile [N]`: the functions with the most self
// time in a V8 CPU profile (what `node --cpu-prof` and `npm run bench -- --profile` write).
import { readFileSync } from "node:fs";

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount?: number; children?: number[] };
type Profile = { nodes: Node[]; startTime: number; endTime: number; samples: number[]; timeDeltas: number[] };

const [file, countText = "25"] = process.argv.slice(2);
if (!file) {
  process.stderr.write("usage: node scripts/bench/profile-summary.ts FILE.cpuprofile [N]\n");
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, "utf8")) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const totals = new Map<string, number>();
let all = 0;
for (const [id, micros] of self) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  const where = url ? `${url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*?\/(node|federation|scripts)\//, "$1/")}:${lineNumber + 1}` : "";
  const key = `${functionName || "(anonymous)"} ${where}`.trim();
  totals.set(key, (totals.get(key) ?? 0) + micros);
  all += micros;
}
const idle = [...totals].filter(([k]) => k.startsWith("(idle)")).reduce((s, [, v]) => s + v, 0);
process.stdout.write(`${(all / 1e6).toFixed(2)} s sampled, ${((all - idle) / 1e6).toFixed(2)} s busy\n`);
for (const [key, micros] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, Number(countText))) {
  process.stdout.write(`${(micros / 1000).toFixed(0).padStart(7)} ms  ${((micros / all) * 100).toFixed(1).padStart(5)}%  ${key}\n`);
}
