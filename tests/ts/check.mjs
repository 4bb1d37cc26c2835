// Type-checks tests/ts/usage.ts (must pass under --strict) and
// tests/ts/misuse.ts (every line marked `// error` must fail, and nothing else).
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";

const here = dirname(fileURLToPath(import.meta.url));
const tsc = join(here, "../../node_modules/typescript/bin/tsc");
const flags = ["--strict", "--noEmit", "--target", "es2022", "--module", "es2022", "--moduleResolution", "bundler", "--lib", "esnext,dom,dom.asynciterable"];

function check(file) {
  try {
    execFileSync(process.execPath, [tsc, ...flags, join(here, file)], { encoding: "utf8" });
    return [];
  } catch (e) {
    return (e.stdout || "").split("\n").filter((l) => l.includes("error TS"));
  }
}

let failed = false;
const usage = check("usage.ts");
if (usage.length) { console.error("usage.ts must type-check:\n" + usage.join("\n")); failed = true; }
else console.log("ok - usage.ts type-checks with --strict (every method and option)");

const misuse = check("misuse.ts");
const lines = readFileSync(join(here, "misuse.ts"), "utf8").split("\n");
const expected = lines.map((l, i) => (l.includes("// error") ? i + 1 : 0)).filter(Boolean);
const got = new Set(misuse.map((l) => Number((l.match(/misuse\.ts\((\d+),/) || [])[1])).filter(Boolean));
for (const line of expected) {
  if (!got.has(line)) { console.error(`misuse.ts:${line} should fail to type-check: ${lines[line - 1].trim()}`); failed = true; }
}
for (const line of got) {
  if (!expected.includes(line)) { console.error(`misuse.ts:${line} fails unexpectedly: ${misuse.join("\n")}`); failed = true; }
}
if (!failed) console.log(`ok - misuse.ts: all ${expected.length} misuses are type errors`);
console.log(`${failed ? 0 : 2} passed, ${failed ? 1 : 0} failed`);
process.exit(failed ? 1 : 0);
