// The source trees keep their shape (issue 14): no module imports one that
// imports it back, and no file holds more than 600 lines of non-test code.
// Checked for the library (src/, a module is a file or a directory) and the
// sandbox (sandbox/src/), and for the demo's ES modules (www/).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";

const ROOT = new URL("..", import.meta.url).pathname;
const MAX_LINES = 600;

/** Every file under `dir` ending in `ext`, as paths relative to `dir`. */
function files(dir, ext) {
  return readdirSync(dir, { recursive: true })
    .filter((f) => f.endsWith(ext) && statSync(join(dir, f)).isFile())
    .sort();
}

/** Rust code before the first `#[cfg(test)]`: the non-test part. */
const code = (text) => text.split("#[cfg(test)]")[0];

/** Top-level modules a Rust file names through `crate::`, `use crate::{a, b::c}` included. */
export function rustImports(text) {
  const found = new Set();
  for (const m of text.matchAll(/crate::(\{|[A-Za-z_][A-Za-z0-9_]*)/g)) {
    if (m[1] !== "{") {
      found.add(m[1]);
      continue;
    }
    // A group: the first identifier of each top-level item.
    let depth = 1;
    let start = true;
    let word = "";
    for (const c of text.slice(m.index + m[0].length)) {
      if (/[A-Za-z0-9_]/.test(c)) {
        if (start && depth === 1) word += c;
        continue;
      }
      if (word) { found.add(word); word = ""; start = false; }
      if (c === "{") depth += 1;
      else if (c === "}" && depth === 1) break;
      else if (c === "}") depth -= 1;
      else if (c === "," && depth === 1) start = true;
    }
    if (word) found.add(word);
  }
  return found;
}

/** The import graph of a crate's top-level modules (a directory is one module). */
function rustGraph(src) {
  const graph = new Map();
  for (const f of files(src, ".rs")) {
    const module = f.split("/")[0].replace(/\.rs$/, "");
    if (module === "lib" || module === "main") continue;
    const deps = graph.get(module) ?? new Set();
    for (const d of rustImports(code(readFileSync(join(src, f), "utf8")))) if (d !== module && d !== "prelude") deps.add(d);
    graph.set(module, deps);
  }
  return graph;
}

/** The graph of ES modules by their relative `import … from "./x.js"`. */
function jsGraph(dir) {
  const graph = new Map();
  for (const f of files(dir, ".js")) {
    const text = readFileSync(join(dir, f), "utf8");
    const deps = new Set([...text.matchAll(/^\s*(?:import|export)\b[^;]*?from\s+"\.\/([^"]+)"/gm)].map((m) => m[1]));
    graph.set(f, deps);
  }
  return graph;
}

/** A cycle in `graph` as a path that returns to its start, or null. */
export function cycle(graph) {
  const done = new Set();
  const visit = (node, path) => {
    const at = path.indexOf(node);
    if (at >= 0) return [...path.slice(at), node];
    if (done.has(node)) return null;
    for (const dep of graph.get(node) ?? []) {
      const found = visit(dep, [...path, node]);
      if (found) return found;
    }
    done.add(node);
    return null;
  };
  for (const node of graph.keys()) {
    const found = visit(node, []);
    if (found) return found;
  }
  return null;
}

test("the scanners read grouped, nested and inline paths, and find cycles", () => {
  const text = "use crate::{actions, reactions::{self, x}, y};\nlet a = crate::seed::build();";
  assert.deepEqual([...rustImports(text)].sort(), ["actions", "reactions", "seed", "y"]);
  assert.deepEqual(cycle(new Map([["a", new Set(["b"])], ["b", new Set(["c"])], ["c", new Set(["a"])]])), ["a", "b", "c", "a"]);
  assert.equal(cycle(new Map([["a", new Set(["b"])], ["b", new Set()]])), null);
});

for (const [name, graph] of [
  ["the library (src/)", () => rustGraph(join(ROOT, "src"))],
  ["the sandbox (sandbox/src/)", () => rustGraph(join(ROOT, "sandbox/src"))],
  ["the demo (www/)", () => jsGraph(join(ROOT, "www"))],
]) {
  test(`${name}: no module imports one that imports it back`, () => {
    const g = graph();
    assert.ok(g.size > 5, `${name}: ${[...g.keys()]}`);
    assert.equal(cycle(g)?.join(" → ") ?? null, null);
  });
}

test(`no source file holds more than ${MAX_LINES} lines of non-test code`, () => {
  const over = [];
  for (const [dir, ext, strip] of [["src", ".rs", code], ["sandbox/src", ".rs", code], ["www", ".js", (t) => t], ["js", ".js", (t) => t]]) {
    for (const f of files(join(ROOT, dir), ext)) {
      const lines = strip(readFileSync(join(ROOT, dir, f), "utf8")).split("\n").length;
      if (lines > MAX_LINES) over.push(`${relative(ROOT, join(ROOT, dir, f))}: ${lines}`);
    }
  }
  assert.deepEqual(over, []);
});
