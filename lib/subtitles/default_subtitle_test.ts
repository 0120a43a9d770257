import { assertEquals } from "../../tests/helpers/assert.ts";
import { defaultSubtitleIndex, type SubtitleCandidate } from "./default_subtitle.ts";

const t = (
  index: number,
  language: string | null,
  forced: boolean,
  extra: Partial<SubtitleCandidate> = {},
): SubtitleCandidate => ({ index, language, forced, default: false, text: true, ...extra });

Deno.test("defaultSubtitleIndex() picks a forced track in the audio's language", () => {
  const cases: [string, SubtitleCandidate[], string | null, number | null][] = [
    ["forced match across code spellings", [t(0, "en", false), t(1, "eng", true)], "eng", 1],
    ["language name", [t(0, "English", true)], "en", 0],
    ["no forced track", [t(0, "eng", false)], "eng", null],
    ["forced in another language", [t(0, "fre", true)], "eng", null],
    ["text preferred over image", [t(0, "ger", true, { text: false }), t(1, "de", true)], "ger", 1],
    [
      "default flag breaks ties",
      [t(0, "eng", true), t(1, "eng", true, { default: true })],
      "eng",
      1,
    ],
    ["no language on both", [t(0, null, true)], null, 0],
    ["und counts as none", [t(0, "und", true)], "und", 0],
  ];
  for (const [name, tracks, audio, want] of cases) {
    assertEquals(defaultSubtitleIndex(tracks, audio), want, name);
  }
});
