import { assertEquals } from "../../tests/helpers/assert.ts";
import {
  applyMark,
  applyProgress,
  EMPTY_PLAY_STATE,
  isFinished,
  type PlayState,
  resumePoint,
} from "./resume_rules.ts";

const MIN = 60_000;
const NOW = new Date("2026-01-02T20:00:00Z");

Deno.test("resumePoint() keeps a resume point only between 5 % and the end of long items", () => {
  const table: [string, number, number | null, number][] = [
    ["4 % of a 100 min film", 4 * MIN, 100 * MIN, 0],
    ["exactly 5 %", 5 * MIN, 100 * MIN, 5 * MIN],
    ["half way", 50 * MIN, 100 * MIN, 50 * MIN],
    ["4 min item never resumes", 2 * MIN, 4 * MIN, 0],
    ["just under 5 min", 3 * MIN, 5 * MIN - 1, 0],
    ["exactly 5 min item at 50 %", 150_000, 5 * MIN, 150_000],
    ["unknown runtime keeps the position", 12_345, null, 12_345],
    ["negative position is clamped", -5, 100 * MIN, 0],
  ];
  for (const [name, pos, dur, want] of table) assertEquals(resumePoint(pos, dur), want, name);
});

Deno.test("isFinished() is over 90 % or inside the last minute of items of 5 min or more", () => {
  const table: [string, number, number, boolean][] = [
    ["89 %", 89 * MIN, 100 * MIN, false],
    ["90 %", 90 * MIN, 100 * MIN, true],
    ["last minute of a 100 min film is not yet 90 %", 99 * MIN, 100 * MIN, true],
    ["credits: 6 min item with 59 s left (84 %)", 6 * MIN - 59_000, 6 * MIN, true],
    ["6 min item with 61 s left", 6 * MIN - 61_000, 6 * MIN, false],
    ["4 min clip with 50 s left is 79 %, no credits rule", 4 * MIN - 50_000, 4 * MIN, false],
    ["2 min clip at 95 %", 114_000, 2 * MIN, true],
    ["unknown runtime", 10 * MIN, 0, false],
  ];
  for (const [name, pos, dur, want] of table) assertEquals(isFinished(pos, dur), want, name);
});

Deno.test("applyProgress() stores resume points, marks played once per viewing", () => {
  const played: PlayState = {
    position_ms: 0,
    played: true,
    play_count: 1,
    last_played_at: "2026-01-02T19:50:00Z",
  };
  const table: {
    name: string;
    prev: PlayState;
    pos: number;
    dur: number | null;
    want: PlayState;
  }[] = [
    {
      name: "first report at 3 % leaves no resume point",
      prev: EMPTY_PLAY_STATE,
      pos: 3 * MIN,
      dur: 100 * MIN,
      want: EMPTY_PLAY_STATE,
    },
    {
      name: "report at 30 % stores it",
      prev: EMPTY_PLAY_STATE,
      pos: 30 * MIN,
      dur: 100 * MIN,
      want: { ...EMPTY_PLAY_STATE, position_ms: 30 * MIN },
    },
    {
      name: "report at 95 % marks played and clears the position",
      prev: { ...EMPTY_PLAY_STATE, position_ms: 80 * MIN },
      pos: 95 * MIN,
      dur: 100 * MIN,
      want: { position_ms: 0, played: true, play_count: 1, last_played_at: NOW.toISOString() },
    },
    {
      name: "a second report during the same credits does not count twice",
      prev: played,
      pos: 97 * MIN,
      dur: 100 * MIN,
      want: played,
    },
    {
      name: "a rewatch finished long after the last one counts again",
      prev: { ...played, last_played_at: "2025-12-01T00:00:00Z" },
      pos: 99 * MIN,
      dur: 100 * MIN,
      want: { position_ms: 0, played: true, play_count: 2, last_played_at: NOW.toISOString() },
    },
    {
      name: "a short clip finished counts as played",
      prev: EMPTY_PLAY_STATE,
      pos: 115_000,
      dur: 2 * MIN,
      want: { position_ms: 0, played: true, play_count: 1, last_played_at: NOW.toISOString() },
    },
    {
      name: "a short clip half watched gets no resume point",
      prev: EMPTY_PLAY_STATE,
      pos: 60_000,
      dur: 2 * MIN,
      want: EMPTY_PLAY_STATE,
    },
    {
      name: "rewatching a played item keeps played and stores the new position",
      prev: played,
      pos: 40 * MIN,
      dur: 100 * MIN,
      want: { ...played, position_ms: 40 * MIN },
    },
  ];
  for (const row of table) {
    assertEquals(
      applyProgress(row.prev, { position_ms: row.pos, duration_ms: row.dur, now: NOW }),
      row.want,
      row.name,
    );
  }
});

Deno.test("applyMark() marks played (counting once) and unplayed (clearing the position)", () => {
  const watching = { ...EMPTY_PLAY_STATE, position_ms: 30 * MIN };
  assertEquals(applyMark(watching, true, NOW), {
    position_ms: 0,
    played: true,
    play_count: 1,
    last_played_at: NOW.toISOString(),
  });
  const once = applyMark(EMPTY_PLAY_STATE, true, NOW);
  assertEquals(applyMark(once, true, NOW), once);
  assertEquals(applyMark(once, false, NOW), { ...once, played: false });
  assertEquals(applyMark(watching, false, NOW), EMPTY_PLAY_STATE);
});
