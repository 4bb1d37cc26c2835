// Minifies the package's browser JavaScript in place (pkg/), with source
// maps that carry the readable source: every browser loads these files,
// with or without a bundler. Class names are kept (CliqClient, CliqError,
// CliqIterator), so stack traces and console output stay legible.
//   node scripts/minify.mjs pkg/zoho_cliq_wasm.js pkg/snippets/.../syntax.js ...
import { readFileSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import { minifySync } from "rolldown/experimental";

const keepNames = { function: false, class: true };
for (const file of process.argv.slice(2)) {
  const name = basename(file);
  const out = minifySync(name, readFileSync(file, "utf8"), {
    compress: { keepNames },
    mangle: { keepNames },
    sourcemap: true,
  });
  if (out.errors.length) {
    throw new Error(`${file}: ${out.errors.map((e) => e.message).join("; ")}`);
  }
  writeFileSync(`${file}.map`, JSON.stringify(out.map));
  writeFileSync(file, `${out.code}\n//# sourceMappingURL=${name}.map\n`);
}
