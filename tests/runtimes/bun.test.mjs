// Bun (npm package `bun`, binary inside): the tarball installed into a fresh
// project, imported by name:
//   import init, { CliqClient, CliqError } from "zoho-cliq-wasm";
//   await init();   // bun main.mjs
import { before, describe, test } from "node:test";
import { join } from "node:path";
import { checks, devBinary, installIntoFreshProject, lastJson, memberChannel, programConstants, PROGRAM, run, writeFiles } from "./helpers.mjs";

describe("Bun: import init from \"zoho-cliq-wasm\"; await init()", () => {
  let outcome;
  before(async () => {
    const bun = devBinary("bun");
    const app = installIntoFreshProject("bun", { type: "module" });
    writeFiles(app, {
      "main.mjs": `
        import init, { CliqClient, CliqError, validateMessage } from "zoho-cliq-wasm";
        await init();
        ${programConstants("bun", await memberChannel())}
        console.log(JSON.stringify(await (async () => { ${PROGRAM} })()));
      `,
    });
    const env = { ...process.env, NO_COLOR: "1", BUN_RUNTIME_TRANSPILER_CACHE_PATH: "0", DO_NOT_TRACK: "1" };
    outcome = lastJson(run("bun main.mjs", bun, ["main.mjs"], { cwd: app, env }), "bun main.mjs");
  });
  for (const [name, check] of Object.entries(checks)) test(name, () => check(outcome));
});
