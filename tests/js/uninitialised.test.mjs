// Misuse before `await init()`: nothing works until the wasm is loaded, and
// the constructor says so at once rather than failing later. (Its own file:
// node --test runs each file in a fresh process, so the module is not
// initialised by another test.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { CliqClient, validateMessage } from "../../pkg/zoho_cliq_wasm.js";

test("new CliqClient() before init() throws at once", () => {
  assert.throws(() => new CliqClient({ accessToken: "t" }), TypeError);
  assert.throws(() => validateMessage("hi"), TypeError);
});
