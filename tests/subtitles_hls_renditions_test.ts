import { assertEquals } from "./helpers/assert.ts";
import type { SubtitleTrack } from "../lib/db/items.ts";
import type { Decision } from "../lib/playback/decide.ts";
import { loadProfiles } from "../lib/playback/load_profiles.ts";
import { hlsSubtitleRenditions } from "../lib/playback/playback_service.ts";

const profiles = await loadProfiles();
const profile = (id: string) => profiles.find((p) => p.id === id)!;

function track(index: number, format: string, language: string | null, extra = {}): SubtitleTrack {
  return {
    index,
    source: "embedded",
    path: "/m.mkv",
    stream_index: index + 2,
    format,
    language,
    title: null,
    forced: false,
    default: false,
    hearing_impaired: false,
    ...extra,
  };
}

const TRACKS = [
  track(0, "subrip", "eng"),
  track(1, "ass", "eng"),
  track(2, "hdmv_pgs_subtitle", "eng"),
  track(3, "subrip", "fre", { forced: true }),
];

function decision(
  subtitle: { index: number; method: "external" | "hls" | "burn_in" } | null,
  extra: Partial<Decision> = {},
): Decision {
  return {
    protocol: "hls",
    speed: 1,
    subtitle: subtitle &&
      { ...subtitle, source: "embedded", format: "subrip", delivery_format: "webvtt" },
    ...extra,
  } as Decision;
}

Deno.test("hlsSubtitleRenditions() offers text tracks to clients that take HLS renditions", () => {
  const cases: [string, Decision, string, string[]][] = [
    ["Chrome, external choice: none", decision({ index: 0, method: "external" }), "chrome", []],
    ["Chrome, no choice: none", decision(null), "chrome", []],
    ["iOS prefers HLS renditions", decision(null), "safari_ios", [
      "0 eng no",
      "1 eng 2 no",
      "3 fre (forced) no",
    ]],
    ["the chosen HLS track is DEFAULT", decision({ index: 1, method: "hls" }), "chrome", [
      "0 eng no",
      "1 eng 2 yes",
      "3 fre (forced) no",
    ]],
    ["a burnt-in track is left out", decision({ index: 0, method: "burn_in" }), "safari_ios", [
      "1 eng no",
      "3 fre (forced) no",
    ]],
    ["speed change: none", decision({ index: 1, method: "hls" }, { speed: 2 }), "safari_ios", []],
    ["progressive: none", decision(null, { protocol: "http" }), "safari_ios", []],
  ];
  for (const [name, d, p, want] of cases) {
    const got = hlsSubtitleRenditions(TRACKS, d, profile(p))
      .map((r) => `${r.index} ${r.name} ${r.default ? "yes" : "no"}`);
    assertEquals(got, want, name);
  }
});
