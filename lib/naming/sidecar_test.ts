import { deepStrictEqual } from "node:assert/strict";
import { parseSidecar } from "./sidecar.ts";
import type { SidecarInfo } from "./types.ts";

type Flags = Partial<Omit<SidecarInfo, "video_base">>;
type Row = [path: string, video_base: string, flags: Flags];

/** Paths are split here so rows read like real files; `video_dir` defaults to the file's dir. */
function check(rows: readonly Row[], videoBase?: string): void {
  for (const [path, video_base, flags] of rows) {
    const segments = path.split("/");
    const name = segments.pop()!;
    const base = name.slice(0, name.lastIndexOf("."));
    const expected: SidecarInfo = {
      forced: false,
      default: false,
      hearing_impaired: false,
      video_dir: segments.join("/"),
      ...flags,
      video_base,
    };
    deepStrictEqual(parseSidecar(segments, base, videoBase), expected, path);
  }
}

Deno.test("parseSidecar() reads language and flags after the video name", () => {
  check([
    ["Movie.srt", "Movie", {}],
    ["Movie.en.srt", "Movie", { language: "eng" }],
    ["Movie.eng.forced.srt", "Movie", { language: "eng", forced: true }],
    ["Movie.de.sdh.default.srt", "Movie", {
      language: "ger",
      hearing_impaired: true,
      default: true,
    }],
    ["Movie.English.srt", "Movie", { language: "eng" }],
    ["Movie.default.en.forced.ass", "Movie", { language: "eng", default: true, forced: true }],
    ["Movie.en.cc.srt", "Movie", { language: "eng", hearing_impaired: true }],
    ["Movie.foreign.srt", "Movie", { forced: true }],
    ["Movie.pt-BR.srt", "Movie", { language: "por" }],
    ["Movie.English (SDH).srt", "Movie", { language: "eng", hearing_impaired: true }],
    ["Movie.Portuguese (Brazil).srt", "Movie", { language: "por" }],
    ["Movie.Chinese (Simplified).forced.ass", "Movie", { language: "chi", forced: true }],
    ["Movie.Brazil.srt", "Movie.Brazil", {}],
    ["Movie (2010)/Movie (2010).fr.vtt", "Movie (2010)", { language: "fre" }],
    ["Show/Season 1/Show.S01E02.es.srt", "Show.S01E02", { language: "spa" }],
    ["Movie.2010.1080p.BluRay.x264.en.srt", "Movie.2010.1080p.BluRay.x264", { language: "eng" }],
  ]);
});

Deno.test("parseSidecar() treats hi as Hindi alone and as hearing impaired after a language", () => {
  check([
    ["Movie.hi.srt", "Movie", { language: "hin" }],
    ["Movie.en.hi.srt", "Movie", { language: "eng", hearing_impaired: true }],
    ["Movie.hi.en.srt", "Movie", { language: "eng", hearing_impaired: true }],
  ]);
});

Deno.test("parseSidecar() makes a trailing unknown part the title", () => {
  check([
    ["Movie.en.Commentary.srt", "Movie", { language: "eng", title: "Commentary" }],
    ["Movie.ja.forced.Signs & Songs.ass", "Movie", {
      language: "jpn",
      forced: true,
      title: "Signs & Songs",
    }],
    ["Some.Movie.Name.srt", "Some.Movie.Name", {}],
  ]);
});

Deno.test("parseSidecar() with the video name parses every part after it", () => {
  check([
    ["Movie.Director.Commentary.en.srt", "Movie", {
      language: "eng",
      title: "Director Commentary",
    }],
    ["movie.EN.FORCED.srt", "Movie", { language: "eng", forced: true }],
  ], "Movie");
});

Deno.test("parseSidecar() reads subtitles in Subs folders", () => {
  check([
    ["Movie (2010)/Subs/Movie (2010).en.srt", "Movie (2010)", {
      language: "eng",
      video_dir: "Movie (2010)",
    }],
    ["Movie (2010)/Subs/2_English.srt", "Movie (2010)", {
      language: "eng",
      video_dir: "Movie (2010)",
      from_folder: true,
    }],
    ["Movie (2010)/Subtitles/English.srt", "Movie (2010)", {
      language: "eng",
      video_dir: "Movie (2010)",
      from_folder: true,
    }],
    ["Show/Season 1/Subs/Show.S01E01.1080p/3_Spanish.srt", "Show.S01E01.1080p", {
      language: "spa",
      video_dir: "Show/Season 1",
      from_folder: true,
    }],
    ["Show/Season 1/Subs/Show.S01E01/4_English_SDH.srt", "Show.S01E01", {
      language: "eng",
      hearing_impaired: true,
      video_dir: "Show/Season 1",
      from_folder: true,
    }],
    ["Subs/2_French.srt", "", { language: "fre", video_dir: "", from_folder: true }],
  ]);
});
