// Node, ES module: the tarball installed into a fresh project and used the
// way the README shows.
//   import init, { CliqClient, CliqError } from "zoho-cliq-wasm";
//   await init();
import { before, describe, test } from "node:test";
import { join } from "node:path";
import { checks, installIntoFreshProject, lastJson, memberChannel, programConstants, PROGRAM, run, writeFiles } from "./helpers.mjs";

describe("Node (ES module): import init from \"zoho-cliq-wasm\"; await init()", () => {
  let outcome;
  before(async () => {
    const app = installIntoFreshProject("node-esm", { type: "module" });
    writeFiles(app, {
      "main.mjs": `
        import init, { CliqClient, CliqError, validateMessage } from "zoho-cliq-wasm";
        await init();
        ${programConstants("node-esm", await memberChannel())}
        console.log(JSON.stringify(await (async () => { ${PROGRAM} })()));
      `,
    });
    outcome = lastJson(run("node main.mjs", process.execPath, [join(app, "main.mjs")], { cwd: app }), "node main.mjs");
  });
  for (const [name, check] of Object.entries(checks)) test(name, () => check(outcome));
});
