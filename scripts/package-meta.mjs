// Writes the package's package.json into the given folder (pkg/): the
// manifest npm/package.json (name, files, entries per runtime, types) plus
// what wasm-pack took from Cargo.toml (version, description, license,
// repository, keywords).   node scripts/package-meta.mjs pkg
//
// In the manifest's "exports", "require" sits under "node": a bundler that
// resolves "require" for a browser build still gets the ES entry.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const file = join(process.argv[2], "package.json");
const read = (path) => JSON.parse(readFileSync(path, "utf8"));
const manifest = read(new URL("../npm/package.json", import.meta.url));
const { version, description, license, repository, keywords } = read(file);
const out = { name: manifest.name, version, description, license, repository, keywords, ...manifest };
writeFileSync(file, JSON.stringify(out, null, 2) + "\n");
