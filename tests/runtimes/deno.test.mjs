// Deno (npm package `deno`, binary inside): a project with a package.json
// whose node_modules holds the installed tarball (Deno then uses that
// node_modules and asks no registry), and the line a Deno user writes:
//   import init, { CliqClient, CliqError } from "npm:zoho-cliq-wasm";
//   await init();   // deno run --allow-read --allow-net main.mjs
// Deno resolves the "node" export condition, so init() reads the wasm from
// disk (--allow-read). The bare "zoho-cliq-wasm" resolves the same way.
import { tmpdir } from "node:os";
import { join } from "node:path";
import { devBinary, mkdtempSync, installIntoFreshProject, lastJson, memberChannel, programConstants, PROGRAM, run, runtimeSuite, writeFiles } from "./helpers.mjs";

runtimeSuite('Deno: import init from "npm:zoho-cliq-wasm" (node_modules); await init()', async () => {
  const deno = devBinary("deno");
  const app = installIntoFreshProject("deno", { type: "module" });
  writeFiles(app, {
    "main.mjs": `
      import init, { CliqClient, CliqError, validateMessage } from "npm:zoho-cliq-wasm";
      await init();
      ${programConstants("deno", await memberChannel())}
      console.log(JSON.stringify(await (async () => { ${PROGRAM} })()));
    `,
  });
  const env = { ...process.env, DENO_DIR: mkdtempSync(join(tmpdir(), "cliq-deno-dir-")), DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1" };
  const stdout = run("deno run main.mjs", deno, ["run", "--allow-read", "--allow-net", "main.mjs"], { cwd: app, env });
  return lastJson(stdout, "deno run main.mjs");
});
