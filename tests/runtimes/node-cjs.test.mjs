// Node, CommonJS: `require("zoho-cliq-wasm")` from a CommonJS project.
//   const { default: init, CliqClient, CliqError } = require("zoho-cliq-wasm");
//   await init();
// Twice: on this Node as it is (20.19+ can require an ES module), and with
// require(esm) turned off, which is how Node 18 and 20.0–20.18 behave (the
// package promises Node 18+): that one needs a real CommonJS entry behind a
// "require" export condition (scripts/cjs.mjs).
import { NO_REQUIRE_ESM, runCjsProgram, runtimeSuite } from "./helpers.mjs";

runtimeSuite('Node (CommonJS, this Node): const { default: init } = require("zoho-cliq-wasm")', () => runCjsProgram("node-cjs", []));

runtimeSuite('Node (CommonJS without require(esm), as Node 18 to 20.18): require("zoho-cliq-wasm")', () => runCjsProgram("node-cjs-no-esm", NO_REQUIRE_ESM));
