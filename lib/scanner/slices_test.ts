import { assert, assertEquals } from "../../tests/helpers/assert.ts";
import { runSteps, runStepsSliced, type Steps } from "./slices.ts";

function* busy(ms: number, pauses: number): Steps<string> {
  for (let i = 0; i < pauses; i++) {
    const end = performance.now() + ms / pauses;
    while (performance.now() < end) { /* work */ }
    yield;
  }
  return "done";
}

Deno.test("runSteps() runs the steps to their result", () => {
  assertEquals(runSteps(busy(5, 5)), "done");
});

Deno.test("runStepsSliced() lets timers run during a long computation", async () => {
  let fired = -1;
  const started = performance.now();
  setTimeout(() => fired = performance.now() - started, 0);
  assertEquals(await runStepsSliced(busy(200, 100), 10), "done");
  assert(fired >= 0 && fired < 100, `timer ran after ${fired} ms`);
});
