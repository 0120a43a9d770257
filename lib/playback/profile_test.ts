import { assert, assertEquals, assertThrows } from "../../tests/helpers/assert.ts";
import { parseProfiles, ProfileError, validateProfile } from "./profile.ts";

const SHIPPED = [
  "chrome",
  "firefox",
  "safari",
  "safari_ios",
  "android_tv",
  "dlna_tv",
  "max_compat",
];

/** A small valid profile; each error case changes one thing. */
function minimal(): Record<string, unknown> {
  return {
    id: "tiny",
    name: "Tiny",
    match: { user_agent: ["Tiny/"], priority: 1 },
    max_bitrate_kbps: 8000,
    containers: [
      { container: "MP4", video_codecs: ["avc1"], audio_codecs: ["aac"] },
      { container: "aac", video_codecs: [], audio_codecs: ["aac"] },
    ],
    video_codecs: [{ codec: "h264", profiles: ["High", "Main"], max_level: 4.1 }],
    audio_codecs: [{ codec: "aac", max_channels: 2 }],
    subtitles: [{ format: "vtt", method: "external" }],
    hls: {
      segment_types: ["ts"],
      video_codecs: { ts: ["h264"] },
      audio_codecs: { ts: ["aac"] },
    },
    transcode: {
      video_codecs: ["h264"],
      audio_codecs: ["aac"],
      max_audio_channels: 2,
      audio_only: { container: "aac", codec: "aac", bitrate_kbps: 192, max_channels: 2 },
    },
  };
}

/** Walks a dotted path ("hls.audio_codecs.ts", "video_codecs.0") through plain JSON. */
function walk(root: unknown, path: string[]): Record<string, unknown> {
  return path.reduce((node, key) => (node as Record<string, unknown>)[key], root) as Record<
    string,
    unknown
  >;
}

function set(root: unknown, path: string, value: unknown): void {
  const keys = path.split(".");
  walk(root, keys.slice(0, -1))[keys[keys.length - 1]] = value;
}

function push(root: unknown, path: string, value: unknown): void {
  (walk(root, path.split(".")) as unknown as unknown[]).push(value);
}

Deno.test("validateProfile() normalises names and fills defaults", () => {
  const p = validateProfile(minimal(), "profiles/tiny.json");
  assertEquals(p.containers[0], {
    container: "mp4",
    video_codecs: ["h264"],
    audio_codecs: ["aac"],
  });
  assertEquals(p.video_codecs[0], {
    codec: "h264",
    profiles: ["high", "main"],
    max_level: 4.1,
    allow_interlaced: true,
    allow_anamorphic: true,
  });
  assertEquals(p.subtitles, [{ format: "webvtt", method: "external" }]);
  assertEquals([p.audio_track_switching, p.progressive, p.match.not_user_agent], [
    false,
    null,
    [],
  ]);
});

Deno.test("validateProfile() names the file and the field in every error", () => {
  type Mutation = (j: Record<string, unknown>) => void;
  const rows: [string, Mutation, string][] = [
    ["root not an object", () => {}, "profiles/tiny.json: (root) must be an object"],
    ["missing id", (j) => delete j.id, "profiles/tiny.json: id must be a non-empty string"],
    ["bad id", (j) => (j.id = "Tiny-1"), "id must use only a-z, 0-9 and _"],
    [
      "level as a string",
      (j) => set(j, "video_codecs.0.max_level", "4.1"),
      "profiles/tiny.json: video_codecs[0].max_level must be a number",
    ],
    [
      "negative bitrate",
      (j) => (j.max_bitrate_kbps = -1),
      "max_bitrate_kbps must be greater than 0",
    ],
    [
      "misspelt field",
      (j) => set(j, "video_codecs.0.max_levl", 4),
      "video_codecs[0].max_levl is not a known field",
    ],
    [
      "unknown range",
      (j) => set(j, "video_codecs.0.video_ranges", ["SDR", "HDR11"]),
      "video_codecs[0].video_ranges[1] must be one of SDR, HDR10, HDR10+, HLG, DOVI",
    ],
    [
      "flag not a boolean",
      (j) => set(j, "video_codecs.0.allow_interlaced", "no"),
      "video_codecs[0].allow_interlaced must be true or false",
    ],
    [
      "container codec without a rule",
      (j) => push(j, "containers.0.video_codecs", "hevc"),
      'containers[0].video_codecs[1] "hevc" has no rule in video_codecs',
    ],
    [
      "duplicate codec rule",
      (j) => push(j, "audio_codecs", { codec: "aac" }),
      'audio_codecs[1] repeats "aac"',
    ],
    [
      "bad subtitle method",
      (j) => set(j, "subtitles.0.method", "sideload"),
      "subtitles[0].method must be one of external, embed, hls, burn_in",
    ],
    [
      "bad segment type",
      (j) => set(j, "hls.segment_types", ["mp4"]),
      "hls.segment_types[0] must be one of ts, fmp4",
    ],
    [
      "codec a segment type cannot carry",
      (j) => {
        push(j, "audio_codecs", { codec: "opus" });
        push(j, "hls.audio_codecs.ts", "opus");
      },
      'hls.audio_codecs.ts[1] "opus" cannot be carried in ts segments',
    ],
    [
      "segment type without codec list",
      (j) => set(j, "hls.segment_types", ["ts", "fmp4"]),
      "hls.video_codecs.fmp4 must be an array",
    ],
    [
      "no streaming target",
      (j) => (j.hls = null),
      "hls and progressive cannot both be null",
    ],
    [
      "transcode target in no stream list",
      (j) => {
        push(j, "video_codecs", { codec: "hevc" });
        set(j, "transcode.video_codecs", ["hevc"]);
      },
      'transcode.video_codecs[0] "hevc" is in no hls or progressive video list',
    ],
    [
      "music target the client cannot play",
      (j) => set(j, "transcode.audio_only.container", "mp3"),
      "transcode.audio_only targets aac in mp3, which containers does not allow",
    ],
  ];
  for (const [label, mutate, message] of rows) {
    const json = label === "root not an object" ? ["not", "an", "object"] : minimal();
    if (!Array.isArray(json)) mutate(json);
    const err = assertThrows(
      () => validateProfile(json, "profiles/tiny.json"),
      ProfileError,
      message,
    );
    assertEquals(err.code, "invalid_profile", label);
    assert(err.message.startsWith("profiles/tiny.json: "), label);
  }
});

Deno.test("parseProfiles() rejects bad JSON, mismatched ids and duplicates", () => {
  const text = JSON.stringify(minimal());
  const rows: [string, { name: string; text: string }[], string][] = [
    [
      "bad JSON",
      [{ name: "profiles/tiny.json", text: "{" }],
      "profiles/tiny.json: is not valid JSON",
    ],
    [
      "id differs from the file name",
      [{ name: "profiles/small.json", text }],
      'profiles/small.json: id "tiny" must match the file name "small.json"',
    ],
    [
      "same id twice",
      [{ name: "profiles/tiny.json", text }, { name: "other/tiny.json", text }],
      'other/tiny.json: id "tiny" is used twice',
    ],
  ];
  for (const [label, entries, message] of rows) {
    const err = assertThrows(() => parseProfiles(entries), ProfileError, message);
    assertEquals(err.code, "invalid_profile", label);
  }
});

Deno.test("parseProfiles() loads every shipped profile", async () => {
  const entries = await Promise.all(SHIPPED.map(async (id) => ({
    name: `profiles/${id}.json`,
    text: await Deno.readTextFile(new URL(`../../profiles/${id}.json`, import.meta.url)),
  })));
  const profiles = parseProfiles(entries);
  assertEquals(profiles.map((p) => p.id), SHIPPED);
  // Spot checks of what the profiles promise (see their descriptions).
  const byId = new Map(profiles.map((p) => [p.id, p]));
  assertEquals(byId.get("chrome")!.video_codecs.map((r) => r.codec), ["h264", "vp8", "vp9", "av1"]);
  assert(
    !byId.get("chrome")!.audio_codecs.some((r) =>
      ["ac3", "eac3", "dts", "truehd"].includes(r.codec)
    ),
  );
  assertEquals(byId.get("safari")!.containers.some((c) => c.container === "mkv"), false);
  assertEquals(byId.get("safari")!.hls!.video_codecs.fmp4, ["h264", "hevc"]);
  assertEquals(byId.get("dlna_tv")!.hls, null);
  assertEquals(byId.get("dlna_tv")!.progressive!.container, "mpegts");
  const mc = byId.get("max_compat")!;
  assertEquals([mc.video_codecs[0].max_level, mc.video_codecs[0].max_bit_depth], [4.1, 8]);
  assertEquals(mc.audio_codecs.map((r) => [r.codec, r.max_channels]), [["aac", 2], ["mp3", 2]]);
});
