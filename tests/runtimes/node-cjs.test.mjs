// Node, CommonJS: `require("zoho-cliq-wasm")` from a CommonJS project.
//   const { default: init, CliqClient, CliqError } = require("zoho-cliq-wasm");
//   await init();
// Twice: on this Node as it is (20.19+ can require an ES module), and with
// require(esm) turned off, which is how Node 18 and 20.0–20.18 behave (the
// package promises Node 18+): that one needs a real CommonJS entry behind a
// "require" export condition (see make-cjs.mjs and README.md here).
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { checks, installIntoFreshProject, lastJson, memberChannel, programConstants, PROGRAM, run, writeFiles } from "./helpers.mjs";

async function cjsProject(name) {
  const app = installIntoFreshProject(name, { type: "commonjs" });
  writeFiles(app, {
    "main.cjs": `
      const { default: init, CliqClient, CliqError, validateMessage } = require("zoho-cliq-wasm");
      ${programConstants(name, await memberChannel())}
      (async () => {
        await init();
        console.log(JSON.stringify(await (async () => { ${PROGRAM} })()));
      })().catch((e) => { console.error(e); process.exit(1); });
    `,
  });
  return app;
}

describe("Node (CommonJS, this Node): const { default: init } = require(\"zoho-cliq-wasm\")", () => {
  let outcome;
  before(async () => {
    const app = await cjsProject("node-cjs");
    outcome = lastJson(run("node main.cjs", process.execPath, [join(app, "main.cjs")], { cwd: app }), "node main.cjs");
  });
  for (const [name, check] of Object.entries(checks)) test(name, () => check(outcome));
});

describe("Node (CommonJS without require(esm), as Node 18 to 20.18): require(\"zoho-cliq-wasm\")", () => {
  let outcome;
  before(async () => {
    // Node 20.19+ / 22.12+ know this flag; with it, require() of an ES module throws ERR_REQUIRE_ESM as Node 18 does.
    const probe = run("node --no-experimental-require-module", process.execPath, ["--no-experimental-require-module", "-p", "1"]);
    assert.equal(probe.trim(), "1");
    const app = await cjsProject("node-cjs-no-esm");
    let stdout;
    try {
      stdout = run("node --no-experimental-require-module main.cjs", process.execPath, ["--no-experimental-require-module", join(app, "main.cjs")], { cwd: app });
    } catch (e) {
      if (/ERR_REQUIRE_ESM/.test(e.message)) {
        assert.fail(`require("zoho-cliq-wasm") loads an ES module, which Node 18 to 20.18 cannot require: the package needs a CommonJS build behind a "require" condition in package.json "exports" (tests/runtimes/make-cjs.mjs).\n${e.message}`);
      }
      throw e;
    }
    outcome = lastJson(stdout, "node main.cjs");
  });
  for (const [name, check] of Object.entries(checks)) test(name, () => check(outcome));
});
