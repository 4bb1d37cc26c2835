// Misuse before `await init()`: the constructor throws a CliqError that
// says what to do, not a TypeError from inside the wasm glue. (Its own file:
// node --test runs each file in a fresh process, so the module is not
// initialised by another test.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { CliqClient, CliqError } from "../../pkg/zoho_cliq_wasm.js";

test("new CliqClient() before init() throws a CliqError naming init()", () => {
  assert.throws(
    () => new CliqClient({ accessToken: "t" }),
    (e) => e instanceof CliqError && e.kind === "invalid_input" && e.operation === "constructor" && /await init\(\)/.test(e.message),
  );
});
