import {
  assert,
  assertEquals,
  assertStringIncludes,
  assertThrows,
} from "../../tests/helpers/assert.ts";
import { parseAttributeList, parseMasterPlaylist, parseMediaPlaylist } from "./m3u8_check.ts";
import { buildMasterPlaylist, buildMediaPlaylist, segmentFileName } from "./playlist.ts";
import { planSegments } from "./segment_plan.ts";

const plans = [
  { name: "fixed grid", plan: planSegments({ duration_ms: 30_500, target_s: 6 }) },
  {
    name: "irregular keyframes",
    plan: planSegments({
      duration_ms: 30_021,
      keyframes_ms: [21, 1221, 3021, 8421, 9021, 15621, 17021, 25021, 28221],
      target_s: 6,
    }),
  },
  { name: "tiny file", plan: planSegments({ duration_ms: 400, target_s: 6 }) },
];

for (const { name, plan } of plans) {
  for (const type of ["ts", "fmp4"] as const) {
    Deno.test(`buildMediaPlaylist() ${type} ${name} is a valid VOD playlist`, () => {
      const text = buildMediaPlaylist(plan, { segment_type: type, query: "?t=abc.def" });
      const p = parseMediaPlaylist(text);
      assertEquals(p.version, type === "ts" ? 3 : 7);
      assertEquals(p.playlist_type, "VOD");
      assertEquals(p.media_sequence, 0);
      assert(p.endlist, "EXT-X-ENDLIST present");
      assert(p.independent_segments);
      assertEquals(p.target_duration_s, plan.target_duration_s);
      assertEquals(p.map_uri, type === "fmp4" ? "init.mp4?t=abc.def" : null);
      assertEquals(p.segments.length, plan.segments.length);
      p.segments.forEach((s, i) => {
        assertEquals(s.uri, segmentFileName(i, type) + "?t=abc.def");
        assert(!s.uri.startsWith("/") && !s.uri.includes("://"), "relative URI");
        assertEquals(Math.round(s.duration_s * 1000), plan.segments[i].duration_ms);
      });
      const total = p.segments.reduce((a, s) => a + s.duration_s, 0);
      assertEquals(Math.round(total * 1000), plan.segments.reduce((a, s) => a + s.duration_ms, 0));
    });
  }
}

Deno.test("buildMediaPlaylist() writes EXTINF with three decimals", () => {
  const plan = planSegments({ duration_ms: 8_421, keyframes_ms: [0, 8_000], target_s: 6 });
  const text = buildMediaPlaylist(plan, { segment_type: "ts" });
  assertStringIncludes(text, "#EXTINF:8.421,\n0.ts\n");
  assertStringIncludes(text, "#EXT-X-TARGETDURATION:9\n");
});

Deno.test("buildMediaPlaylist() refuses a query that would break the playlist", () => {
  const plan = planSegments({ duration_ms: 1000, target_s: 6 });
  assertThrows(
    () => buildMediaPlaylist(plan, { segment_type: "fmp4", query: '?t="x' }),
    RangeError,
  );
  assertThrows(
    () => buildMediaPlaylist(plan, { segment_type: "ts", query: "?t=x\n#" }),
    RangeError,
  );
});

Deno.test("buildMasterPlaylist() lists renditions with all STREAM-INF attributes", () => {
  const text = buildMasterPlaylist({
    segment_type: "ts",
    query: "?t=tok",
    variants: [
      {
        uri: "v0/main.m3u8",
        bandwidth_bps: 5_500_000,
        average_bandwidth_bps: 4_200_000,
        codecs: "avc1.640028,mp4a.40.2",
        resolution: { width: 1920, height: 1080 },
        frame_rate: 23.976,
      },
      {
        uri: "v1/main.m3u8",
        bandwidth_bps: 2_000_000,
        average_bandwidth_bps: 2_500_000,
        codecs: "avc1.64001f,mp4a.40.2",
        resolution: { width: 1280, height: 720 },
        frame_rate: 24,
      },
    ],
  });
  const m = parseMasterPlaylist(text);
  assertEquals(m.version, 3);
  assertEquals(m.variants.map((v) => v.uri), ["v0/main.m3u8?t=tok", "v1/main.m3u8?t=tok"]);
  assertEquals(m.variants[0].attrs, {
    BANDWIDTH: "5500000",
    "AVERAGE-BANDWIDTH": "4200000",
    CODECS: "avc1.640028,mp4a.40.2",
    RESOLUTION: "1920x1080",
    "FRAME-RATE": "23.976",
  });
  // An average above the peak is clamped so the playlist stays valid.
  assertEquals(m.variants[1].attrs["AVERAGE-BANDWIDTH"], "2000000");
});

Deno.test("buildMasterPlaylist() declares a subtitles group and references it", () => {
  const text = buildMasterPlaylist({
    segment_type: "fmp4",
    variants: [{ uri: "v0/main.m3u8", bandwidth_bps: 1_000_000 }],
    subtitles: {
      group_id: "subs",
      media: [
        { name: "English", language: "en", uri: "subs/0.m3u8", default: true },
        { name: 'Forced "signs"', language: "fr", uri: "subs/1.m3u8", forced: true },
      ],
    },
  });
  const m = parseMasterPlaylist(text);
  assertEquals(m.version, 7);
  assertEquals(m.media.length, 2);
  assertEquals(m.media[0].DEFAULT, "YES");
  assertEquals(m.media[0].AUTOSELECT, "YES");
  assertEquals(m.media[1].NAME, "Forced signs");
  assertEquals(m.variants[0].attrs.SUBTITLES, "subs");
});

Deno.test("buildMasterPlaylist() needs a variant with a bandwidth", () => {
  assertThrows(() => buildMasterPlaylist({ segment_type: "ts", variants: [] }), RangeError);
  assertThrows(
    () => buildMasterPlaylist({ segment_type: "ts", variants: [{ uri: "a", bandwidth_bps: 0 }] }),
    RangeError,
  );
});

const badMedia: { name: string; text: string }[] = [
  { name: "no header", text: "#EXT-X-TARGETDURATION:6\n#EXTINF:6.0,\na.ts\n" },
  { name: "no target duration", text: "#EXTM3U\n#EXT-X-VERSION:3\n#EXTINF:6.0,\na.ts\n" },
  {
    name: "EXTINF over the target",
    text: "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:6\n#EXTINF:6.6,\na.ts\n",
  },
  {
    name: "decimal EXTINF in version 1",
    text: "#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:5.5,\na.ts\n",
  },
  {
    name: "EXTINF without URI",
    text: "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:6\n#EXTINF:5,\n#EXTINF:5,\na.ts\n",
  },
  {
    name: "EXT-X-MAP in version 3",
    text: '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:6\n#EXT-X-MAP:URI="i.mp4"\n' +
      "#EXTINF:5.0,\na.m4s\n",
  },
];

for (const row of badMedia) {
  Deno.test(`parseMediaPlaylist() rejects a playlist with ${row.name}`, () => {
    assertThrows(() => parseMediaPlaylist(row.text), SyntaxError);
  });
}

Deno.test("parseMasterPlaylist() rejects undeclared groups and missing bandwidth", () => {
  assertThrows(
    () => parseMasterPlaylist('#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1,SUBTITLES="s"\na.m3u8\n'),
    SyntaxError,
  );
  assertThrows(
    () => parseMasterPlaylist('#EXTM3U\n#EXT-X-STREAM-INF:CODECS="x"\na\n'),
    SyntaxError,
  );
  assertThrows(
    () => parseMasterPlaylist("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=5,AVERAGE-BANDWIDTH=6\na\n"),
    SyntaxError,
  );
});

Deno.test("parseAttributeList() reads quoted and bare values", () => {
  assertEquals(parseAttributeList('BANDWIDTH=1,CODECS="a,b",RESOLUTION=2x2'), {
    BANDWIDTH: "1",
    CODECS: "a,b",
    RESOLUTION: "2x2",
  });
  assertThrows(() => parseAttributeList("BANDWIDTH"), SyntaxError);
});
