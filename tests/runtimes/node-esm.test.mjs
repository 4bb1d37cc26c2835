// Node, ES module: the tarball installed into a fresh project and used the
// way the README shows.
//   import init, { CliqClient, CliqError } from "zoho-cliq-wasm";
//   await init();
import { join } from "node:path";
import { installIntoFreshProject, lastJson, memberChannel, programConstants, PROGRAM, run, runtimeSuite, writeFiles } from "./helpers.mjs";

runtimeSuite('Node (ES module): import init from "zoho-cliq-wasm"; await init()', async () => {
  const app = installIntoFreshProject("node-esm", { type: "module" });
  writeFiles(app, {
    "main.mjs": `
      import init, { CliqClient, CliqError, validateMessage } from "zoho-cliq-wasm";
      await init();
      ${programConstants("node-esm", await memberChannel())}
      console.log(JSON.stringify(await (async () => { ${PROGRAM} })()));
    `,
  });
  return lastJson(run("node main.mjs", process.execPath, [join(app, "main.mjs")], { cwd: app }), "node main.mjs");
});
