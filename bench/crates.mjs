// Groups twiggy's items (CSV from `twiggy top -f csv`) by the crate their
// code comes from and prints each crate's share of the code and data.
//   node bench/crates.mjs items.csv      (scripts/size runs it)
import { readFileSync } from "node:fs";

const rows = readFileSync(process.argv[2], "utf8").trim().split("\n").slice(1);
const crateOf = (quoted) => {
  const name = quoted.replace(/^"|"$/g, "").replace(/""/g, '"');
  if (/subsection|custom section/.test(name)) return null; // names: gone after wasm-opt
  if (name.startsWith("data segment")) return "(data: strings, tables)";
  if (/^(code|elem|table|type|import|export|func|global|memory)[\[ ]/.test(name) || name.startsWith("wasm magic")) {
    return "(wasm structure, imports, exports)";
  }
  // `<Type as Trait>::f`: the type's crate when it names one, else the trait's.
  let path = name.replace(/^<+/, "").replace(/^&(mut )?/, "").replace(/^dyn /, "");
  const as = path.indexOf(" as ");
  if (as > 0 && !path.slice(0, as).includes("::")) path = path.slice(as + 4);
  const crate = path.split("::")[0].replace(/\[[0-9a-f]+\]$/, "");
  if (/^__wbg|^__wbindgen|^wasm_bindgen/.test(crate)) return "wasm-bindgen (shims and runtime)";
  return crate.replace(/_/g, "-");
};
const sizes = new Map();
let total = 0;
for (const row of rows) {
  const m = row.match(/^(.*),(\d+),[\d.]+,[\d.]*,[\d.]*$/);
  if (!m) continue;
  const crate = crateOf(m[1]);
  if (!crate) continue;
  const n = Number(m[2]);
  sizes.set(crate, (sizes.get(crate) || 0) + n);
  total += n;
}
console.log(`| crate | bytes (before wasm-opt) | share |\n|---|---|---|`);
for (const [crate, n] of [...sizes].sort((a, b) => b[1] - a[1])) {
  if (n / total < 0.003) continue;
  console.log(`| ${crate} | ${n} | ${((100 * n) / total).toFixed(1)}% |`);
}
console.log(`| total | ${total} | 100% |`);
