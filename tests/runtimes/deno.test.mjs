// Deno (npm package `deno`, binary inside): a Deno project with a
// package.json whose node_modules holds the installed tarball, importing the
// package by name as a Deno user with an npm-managed node_modules writes:
//   import init, { CliqClient, CliqError } from "zoho-cliq-wasm";
//   await init();   // deno run --allow-read --allow-net main.mjs
// (`npm:zoho-cliq-wasm` resolves the same way once it is installed.)
import { before, describe, test } from "node:test";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { checks, devBinary, installIntoFreshProject, lastJson, memberChannel, programConstants, PROGRAM, run, writeFiles } from "./helpers.mjs";

describe("Deno: import init from \"zoho-cliq-wasm\" (node_modules); await init()", () => {
  let outcome;
  before(async () => {
    const deno = devBinary("deno");
    const app = installIntoFreshProject("deno", { type: "module" });
    writeFiles(app, {
      "deno.json": JSON.stringify({ nodeModulesDir: "manual" }),
      "main.mjs": `
        import init, { CliqClient, CliqError, validateMessage } from "zoho-cliq-wasm";
        await init();
        ${programConstants("deno", await memberChannel())}
        console.log(JSON.stringify(await (async () => { ${PROGRAM} })()));
      `,
    });
    const env = { ...process.env, DENO_DIR: mkdtempSync(join(tmpdir(), "cliq-deno-dir-")), DENO_NO_UPDATE_CHECK: "1", DENO_NO_PROMPT: "1", NO_COLOR: "1" };
    const stdout = run("deno run main.mjs", deno, ["run", "--allow-read", "--allow-net", "--allow-env", "main.mjs"], { cwd: app, env });
    outcome = lastJson(stdout, "deno run main.mjs");
  });
  for (const [name, check] of Object.entries(checks)) test(name, () => check(outcome));
});
