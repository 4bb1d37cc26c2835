// Type-checks tests/ts/usage.ts (must pass under --strict) and
// tests/ts/misuse.ts (every line marked `// error` must fail, and nothing else);
// then tests/ts/consumer/ (a typical app: lib es2022 + dom, strict, no
// skipLibCheck, the packed tarball installed in node_modules) with
// TypeScript 5 and with the current TypeScript release; then checks that the
// package's runtime exports are exactly the values its .d.ts declares.
//
// CLIQ_PKG_DIR: the built package for the consumer and exports checks
// (default pkg/); CLIQ_TARBALL: an already packed tarball for the consumer.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import { dirname, join, resolve } from "node:path";
import ts from "typescript";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "../..");
const pkgDir = resolve(process.env.CLIQ_PKG_DIR || join(root, "pkg"));
const tsc = join(here, "../../node_modules/typescript/bin/tsc");
const flags = ["--strict", "--noEmit", "--target", "es2022", "--module", "es2022", "--moduleResolution", "bundler", "--lib", "esnext,dom,dom.asynciterable"];

let passed = 0;
let failures = 0;
const ok = (msg) => { passed++; console.log(`ok - ${msg}`); };
const fail = (msg) => { failures++; console.error(`not ok - ${msg}`); };

function check(file) {
  try {
    execFileSync(process.execPath, [tsc, ...flags, join(here, file)], { encoding: "utf8" });
    return [];
  } catch (e) {
    return (e.stdout || "").split("\n").filter((l) => l.includes("error TS"));
  }
}

// 1. usage.ts
const usage = check("usage.ts");
if (usage.length) fail("usage.ts must type-check:\n" + usage.join("\n"));
else ok("usage.ts type-checks with --strict (every method and option)");

// 2. misuse.ts
{
  const misuse = check("misuse.ts");
  const lines = readFileSync(join(here, "misuse.ts"), "utf8").split("\n");
  const expected = lines.map((l, i) => (l.includes("// error") ? i + 1 : 0)).filter(Boolean);
  const got = new Set(misuse.map((l) => Number((l.match(/misuse\.ts\((\d+),/) || [])[1])).filter(Boolean));
  const problems = [];
  for (const line of expected) {
    if (!got.has(line)) problems.push(`misuse.ts:${line} should fail to type-check: ${lines[line - 1].trim()}`);
  }
  for (const line of got) {
    if (!expected.includes(line)) problems.push(`misuse.ts:${line} fails unexpectedly: ${misuse.join("\n")}`);
  }
  if (problems.length) fail(problems.join("\n"));
  else ok(`misuse.ts: all ${expected.length} misuses are type errors`);
}

// 3, 4. The consumer project, once per TypeScript version.
let consumerDir; // removed at the end unless a check failed
function consumerProject() {
  const dir = (consumerDir = mkdtempSync(join(tmpdir(), "cliq-ts-consumer-")));
  let tarball = process.env.CLIQ_TARBALL && resolve(process.env.CLIQ_TARBALL);
  if (!tarball) {
    execFileSync("npm", ["pack", "--silent", "--pack-destination", dir], { cwd: pkgDir, stdio: ["ignore", "ignore", "pipe"] });
    tarball = join(dir, readdirSync(dir).find((f) => f.endsWith(".tgz")));
  }
  const app = join(dir, "app");
  cpSync(join(here, "consumer"), app, { recursive: true });
  writeFileSync(join(app, "package.json"), JSON.stringify({ name: "ts-consumer", private: true, type: "module" }));
  execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--silent", tarball], { cwd: app, stdio: ["ignore", "ignore", "pipe"] });
  return app;
}

const typescripts = [
  { label: "TypeScript 5", pkg: "typescript" },
  { label: "the current TypeScript release", pkg: "typescript-latest" },
];
let app;
try {
  app = consumerProject();
} catch (e) {
  for (const t of typescripts) fail(`tests/ts/consumer with ${t.label}: could not install the package from ${pkgDir}: ${e.stderr || e.message}`);
}
if (app) {
  for (const t of typescripts) {
    const bin = join(root, "node_modules", t.pkg, "bin/tsc");
    if (!existsSync(bin)) { fail(`tests/ts/consumer with ${t.label}: ${bin} is missing (npm ci at the repository root installs it)`); continue; }
    const version = JSON.parse(readFileSync(join(root, "node_modules", t.pkg, "package.json"), "utf8")).version;
    const what = `tests/ts/consumer (lib es2022 + dom, strict, no skipLibCheck) type-checks with TypeScript ${version}`;
    try {
      execFileSync(process.execPath, [bin, "-p", join(app, "tsconfig.json"), "--pretty", "false"], { cwd: app, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
      ok(what);
    } catch (e) {
      const out = `${e.stdout || ""}${e.stderr || ""}`.trim();
      const errors = out.split("\n").filter((l) => /error TS\d+/.test(l)).map((l) => l.replace(join(app, "node_modules") + "/", "").replace(app + "/", ""));
      const hint = errors.some((l) => /dispose/.test(l))
        ? "\n  (the package's .d.ts uses Symbol.dispose, which lib es2022 + dom lacks: it needs lib esnext.disposable; declare it another way or drop it)"
        : "";
      fail(`${what}:\n  ${(errors.length ? errors : [out || e.message]).join("\n  ")}${hint}`);
    }
  }
}

// 5, 6. Runtime exports == value exports of the .d.ts.
/** The value names a .d.ts module exports (classes, functions, consts, enums; not types), via the compiler API. */
function declaredValueExports(dts) {
  const program = ts.createProgram([dts], { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, lib: ["lib.es2022.d.ts", "lib.dom.d.ts"], types: [] });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(dts);
  const moduleSymbol = source && checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error(`${dts} is not a module`);
  const names = [];
  for (const sym of checker.getExportsOfModule(moduleSymbol)) {
    let target = sym;
    if (sym.flags & ts.SymbolFlags.Alias) {
      // `export type { X }` / `export { type X }` export no value even when X is a class.
      const typeOnly = (sym.declarations || []).some((d) => (ts.isExportSpecifier(d) && (d.isTypeOnly || d.parent.parent.isTypeOnly)) || (ts.isImportSpecifier(d) && (d.isTypeOnly || d.parent.parent.isTypeOnly)));
      if (typeOnly) continue;
      target = checker.getAliasedSymbol(sym);
    }
    if (target.flags & ts.SymbolFlags.Value) names.push(sym.escapedName.toString());
  }
  return names.sort();
}

function entryOf(manifest, condition) {
  let t = manifest.exports?.["."];
  while (t && typeof t === "object") t = condition === "node" ? (t.node ?? t.import ?? t.default) : (t.import ?? t.default);
  return t;
}

let manifest;
try {
  manifest = JSON.parse(readFileSync(join(pkgDir, "package.json"), "utf8"));
} catch (e) {
  fail(`${pkgDir}/package.json: ${e.message} (run ./scripts/build or set CLIQ_PKG_DIR)`);
}
if (manifest) {
  const typesFile = join(pkgDir, manifest.exports?.["."]?.types ?? manifest.types ?? "zoho_cliq_wasm.d.ts");
  const ignore = new Set(["default", "initSync"]);
  let declared;
  try {
    declared = declaredValueExports(typesFile).filter((n) => !ignore.has(n));
  } catch (e) {
    fail(`reading the value exports of ${typesFile}: ${e.message}`);
  }
  for (const [label, condition] of [["the entry (import)", "default"], ["the Node entry", "node"]]) {
    const entry = entryOf(manifest, condition) ?? manifest.module ?? manifest.main;
    const what = `${label} ${entry} exports exactly the values ${typesFile.slice(pkgDir.length + 1)} declares (besides default and initSync)`;
    if (!declared) { fail(what); continue; }
    try {
      const m = await import(pathToFileURL(join(pkgDir, entry)).href);
      const runtime = Object.keys(m).filter((n) => !ignore.has(n)).sort();
      const missingTypes = runtime.filter((n) => !declared.includes(n));
      const missingValues = declared.filter((n) => !runtime.includes(n));
      if (missingTypes.length || missingValues.length) {
        fail(`${what}:${missingTypes.length ? `\n  exported at run time but not declared: ${missingTypes.join(", ")}` : ""}${missingValues.length ? `\n  declared but not exported at run time: ${missingValues.join(", ")}` : ""}`);
      } else ok(`${what}: ${runtime.join(", ")}`);
    } catch (e) {
      fail(`${what}: importing it failed: ${e.message}`);
    }
  }
}

if (consumerDir && !failures) rmSync(consumerDir, { recursive: true, force: true });
console.log(`${passed} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
