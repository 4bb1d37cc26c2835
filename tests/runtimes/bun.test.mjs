// Bun (npm package `bun`, binary inside): the tarball installed into a fresh
// project, imported by name:
//   import init, { CliqClient, CliqError } from "zoho-cliq-wasm";
//   await init();   // bun main.mjs
import { join } from "node:path";
import { devBinary, installIntoFreshProject, lastJson, memberChannel, programConstants, PROGRAM, run, runtimeSuite, writeFiles } from "./helpers.mjs";

runtimeSuite("Bun: import init from \"zoho-cliq-wasm\"; await init()", async () => {
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
  return lastJson(run("bun main.mjs", bun, ["main.mjs"], { cwd: app, env }), "bun main.mjs");
});
