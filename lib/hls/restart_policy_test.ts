import { assertEquals } from "../../tests/helpers/assert.ts";
import { shouldRestart } from "./restart_policy.ts";
import type { RestartInput } from "./restart_policy.ts";

const base: RestartInput = {
  distance: 0,
  max_ahead: 3,
  segment_ms: null,
  startup_ms: null,
  copy: false,
};

const rows: { name: string; input: Partial<RestartInput>; restart: boolean }[] = [
  { name: "the segment being written waits", input: { distance: 0 }, restart: false },
  { name: "a segment behind the encoder restarts", input: { distance: -2 }, restart: true },
  {
    name: "beyond the configured bound restarts even when fast",
    input: { distance: 4, copy: true, segment_ms: 5, startup_ms: 150 },
    restart: true,
  },
  {
    name: "unmeasured remux waits a little ahead",
    input: { distance: 3, copy: true },
    restart: false,
  },
  { name: "unmeasured encode restarts one ahead", input: { distance: 1 }, restart: true },
  {
    name: "fast remux waits three ahead",
    input: { distance: 3, copy: true, segment_ms: 20, startup_ms: 150 },
    restart: false,
  },
  {
    name: "slow transcode restarts two ahead",
    input: { distance: 2, segment_ms: 4000, startup_ms: 5000 },
    restart: true,
  },
  {
    name: "slow transcode waits for the next segment",
    input: { distance: 0, segment_ms: 4000, startup_ms: 5000 },
    restart: false,
  },
  {
    name: "the segment being written waits even when segments look slower than a start",
    input: { distance: 0, segment_ms: 900, startup_ms: 500 },
    restart: false,
  },
  {
    name: "fast transcode waits two ahead",
    input: { distance: 2, segment_ms: 300, startup_ms: 1200 },
    restart: false,
  },
];

for (const row of rows) {
  Deno.test(`shouldRestart() ${row.name}`, () => {
    assertEquals(shouldRestart({ ...base, ...row.input }), row.restart);
  });
}
