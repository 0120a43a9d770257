import { assertEquals } from "../../tests/helpers/assert.ts";
import { parseMediaPath } from "../naming/parse_media_path.ts";
import type { LibraryKind } from "../naming/types.ts";
import type { MusicTags } from "../db/media_files.ts";
import { type LibraryPlan, type PlanEntry, planLibrary } from "./plan_library.ts";

type Input = string | { rel: string; size?: number; tags?: MusicTags };

function entries(kind: LibraryKind, inputs: Input[]): PlanEntry[] {
  return inputs.map((input) => {
    const i = typeof input === "string" ? { rel: input } : input;
    return {
      rel: i.rel,
      size: i.size ?? 100,
      mtime_ms: 1,
      naming: parseMediaPath(i.rel, kind),
      tags: i.tags ?? null,
    };
  });
}

/**
 * The plan as an indented outline: `kind "title"` per item (with the interesting fields), its
 * files as `- rel (class, part/version)`, children below; unattached files at the end.
 */
function outline(plan: LibraryPlan): string[] {
  const lines: string[] = [];
  const children = new Map<string | null, typeof plan.items>();
  for (const item of plan.items) {
    const list = children.get(item.parent_key) ?? [];
    list.push(item);
    children.set(item.parent_key, list);
  }
  const walk = (parent: string | null, depth: number) => {
    for (const item of children.get(parent) ?? []) {
      const extra = [
        item.year !== null ? `year=${item.year}` : "",
        item.season_number !== null ? `s=${item.season_number}` : "",
        item.episode_number !== null ? `e=${item.episode_number}` : "",
        item.episode_end !== null ? `end=${item.episode_end}` : "",
        item.air_date !== null ? `date=${item.air_date}` : "",
        item.track_number !== null ? `track=${item.track_number}` : "",
        item.disc_number !== null ? `disc=${item.disc_number}` : "",
        item.artist !== null && item.kind === "track" ? `artist=${item.artist}` : "",
        item.extra_type !== null ? `extra=${item.extra_type}` : "",
      ].filter((x) => x).join(" ");
      lines.push(`${"  ".repeat(depth)}${item.kind} "${item.title}"${extra ? " " + extra : ""}`);
      for (const f of plan.files.filter((f) => f.item_key === item.key)) {
        const tags = [
          f.file_class,
          f.part_number !== null ? `part ${f.part_number}` : "",
          f.version_label !== null ? `version ${f.version_label}` : "",
        ].filter((x) => x).join(", ");
        lines.push(`${"  ".repeat(depth + 1)}- ${f.rel} (${tags})`);
      }
      walk(item.key, depth + 1);
    }
  };
  walk(null, 0);
  for (const f of plan.files.filter((f) => f.item_key === null)) lines.push(`unattached ${f.rel}`);
  return lines;
}

Deno.test("planLibrary() groups a movies library: versions, parts, extras and sidecars", () => {
  const plan = planLibrary(
    "movies",
    entries("movies", [
      "Movie (2010)/Movie (2010).mkv",
      "Movie (2010)/Movie (2010) - 4K.mkv",
      "Movie (2010)/Movie (2010).en.forced.srt",
      "Movie (2010)/Subs/2_English.srt",
      "Movie (2010)/poster.jpg",
      "Movie (2010)/movie.nfo",
      "Movie (2010)/Movie (2010)-trailer.mkv",
      "Movie (2010)/featurettes/Making Of.mkv",
      "Stack (2000)/Stack (2000) cd2.avi",
      "Stack (2000)/Stack (2000) cd1.avi",
      "Folder Parts (1999)/CD1/movie.avi",
      "Folder Parts (1999)/CD2/movie.avi",
      "Flat/A (2001).mkv",
      "Flat/A (2001)-trailer.mkv",
      "Flat/B (2002).mp4",
      "Flat/B (2002).srt",
      "Flat/stray.srt",
    ]),
  );
  assertEquals(outline(plan), [
    'movie "A" year=2001',
    "  - Flat/A (2001).mkv (video)",
    '  video "A" extra=trailer',
    "    - Flat/A (2001)-trailer.mkv (video)",
    'movie "B" year=2002',
    "  - Flat/B (2002).mp4 (video)",
    "  - Flat/B (2002).srt (subtitle)",
    'movie "Folder Parts" year=1999',
    "  - Folder Parts (1999)/CD1/movie.avi (video, part 1)",
    "  - Folder Parts (1999)/CD2/movie.avi (video, part 2)",
    'movie "Movie" year=2010',
    "  - Movie (2010)/Movie (2010) - 4K.mkv (video, version 4K)",
    "  - Movie (2010)/Movie (2010).mkv (video)",
    "  - Movie (2010)/Movie (2010).en.forced.srt (subtitle)",
    "  - Movie (2010)/Subs/2_English.srt (subtitle)",
    "  - Movie (2010)/movie.nfo (nfo)",
    "  - Movie (2010)/poster.jpg (image)",
    '  video "Movie" extra=trailer',
    "    - Movie (2010)/Movie (2010)-trailer.mkv (video)",
    '  video "Making Of" extra=featurette',
    "    - Movie (2010)/featurettes/Making Of.mkv (video)",
    'movie "Stack" year=2000',
    "  - Stack (2000)/Stack (2000) cd1.avi (video, part 1)",
    "  - Stack (2000)/Stack (2000) cd2.avi (video, part 2)",
    "unattached Flat/stray.srt",
  ]);
});

Deno.test("planLibrary() builds series, seasons (specials = 0) and multi-episode items", () => {
  const plan = planLibrary(
    "shows",
    entries("shows", [
      "Show (2019)/Season 1/Show S01E01 Pilot.mkv",
      "Show (2019)/Season 1/Show S01E02E03.mkv",
      "Show (2019)/Season 1/Show S01E01 Pilot.en.srt",
      "Show (2019)/Season 2/Show S02E01.mkv",
      "Show (2019)/Specials/Show S00E01.mkv",
      "Show (2019)/Show S01E04.mkv",
      "Show (2019)/poster.jpg",
      "Show (2019)/Season 2/folder.jpg",
      "Show (2019)/extras/Making of.mkv",
      "Daily/Daily 2024-01-15.mkv",
      "Season 1/Foo S01E01.mkv",
    ]),
  );
  assertEquals(outline(plan), [
    'series "Daily"',
    '  episode "2024-01-15" year=2024 date=2024-01-15',
    "    - Daily/Daily 2024-01-15.mkv (video)",
    'series "Foo"',
    '  season "Season 1" s=1',
    '    episode "Episode 1" s=1 e=1',
    "      - Season 1/Foo S01E01.mkv (video)",
    'series "Show" year=2019',
    "  - Show (2019)/poster.jpg (image)",
    '  season "Season 1" s=1',
    '    episode "Pilot" s=1 e=1',
    "      - Show (2019)/Season 1/Show S01E01 Pilot.mkv (video)",
    "      - Show (2019)/Season 1/Show S01E01 Pilot.en.srt (subtitle)",
    '    episode "Episodes 2–3" s=1 e=2 end=3',
    "      - Show (2019)/Season 1/Show S01E02E03.mkv (video)",
    '    episode "Episode 4" s=1 e=4',
    "      - Show (2019)/Show S01E04.mkv (video)",
    '  season "Season 2" s=2',
    "    - Show (2019)/Season 2/folder.jpg (image)",
    '    episode "Episode 1" s=2 e=1',
    "      - Show (2019)/Season 2/Show S02E01.mkv (video)",
    '  season "Specials" s=0',
    '    episode "Episode 1" s=0 e=1',
    "      - Show (2019)/Specials/Show S00E01.mkv (video)",
    '  video "Making of" extra=extra',
    "    - Show (2019)/extras/Making of.mkv (video)",
  ]);
  const show = plan.items.find((i) => i.kind === "series" && i.title === "Show")!;
  const episodes = plan.items.filter((i) => i.kind === "episode" && i.series_key === show.key);
  assertEquals(episodes.length, 5);
});

Deno.test("planLibrary() lets music tags win over folder names", () => {
  const plan = planLibrary(
    "music",
    entries("music", [
      {
        rel: "Folder Artist/Folder Album (2001)/01 - a.flac",
        tags: { title: "Alpha", artist: "Tag Artist", album: "Tag Album", track: 1, year: 2002 },
      },
      {
        rel: "Folder Artist/Folder Album (2001)/CD2/01 - b.flac",
        tags: { title: "Beta", artist: "Tag Artist", album: "Tag Album", track: 1, disc: 2 },
      },
      "Folder Artist/Folder Album (2001)/cover.jpg",
      "Untagged/Record (1990)/03 - Song.mp3",
      { rel: "Mix/Comp/01 x.mp3", tags: { artist: "One", album: "Comp" } },
      { rel: "Mix/Comp/02 y.mp3", tags: { artist: "Two", album: "Comp" } },
      "loose.mp3",
    ]),
  );
  assertEquals(outline(plan), [
    'artist "Tag Artist"',
    '  album "Tag Album" year=2002',
    "    - Folder Artist/Folder Album (2001)/cover.jpg (image)",
    '    track "Alpha" year=2002 track=1 artist=Tag Artist',
    "      - Folder Artist/Folder Album (2001)/01 - a.flac (audio)",
    '    track "Beta" year=2001 track=1 disc=2 artist=Tag Artist',
    "      - Folder Artist/Folder Album (2001)/CD2/01 - b.flac (audio)",
    'artist "Various Artists"',
    '  album "Comp"',
    '    track "x" track=1 artist=One',
    "      - Mix/Comp/01 x.mp3 (audio)",
    '    track "y" track=2 artist=Two',
    "      - Mix/Comp/02 y.mp3 (audio)",
    'artist "Untagged"',
    '  album "Record" year=1990',
    '    track "Song" year=1990 track=3 artist=Untagged',
    "      - Untagged/Record (1990)/03 - Song.mp3 (audio)",
    'track "loose"',
    "  - loose.mp3 (audio)",
  ]);
});

Deno.test("planLibrary() follows the naming rules in a mixed library", () => {
  const plan = planLibrary(
    "mixed",
    entries("mixed", [
      "Home/clip.mp4",
      "TV/Show/Season 1/Show S01E01.mkv",
      "TV/Show/Season 1/Show S01E02.mkv",
      "Music/A/B/01 x.mp3",
    ]),
  );
  assertEquals(outline(plan), [
    'video "clip"',
    "  - Home/clip.mp4 (video)",
    'series "Show"',
    '  season "Season 1" s=1',
    '    episode "Episode 1" s=1 e=1',
    "      - TV/Show/Season 1/Show S01E01.mkv (video)",
    '    episode "Episode 2" s=1 e=2',
    "      - TV/Show/Season 1/Show S01E02.mkv (video)",
    'artist "A"',
    '  album "B"',
    '    track "x" track=1 artist=A',
    "      - Music/A/B/01 x.mp3 (audio)",
  ]);
});

Deno.test("planLibrary() sizes items by their primary version and skips ignored files", () => {
  const plan = planLibrary(
    "movies",
    entries("movies", [
      { rel: "M (2010)/M (2010) - 1080p.mkv", size: 1000 },
      { rel: "M (2010)/M (2010) - 4K.mkv", size: 4000 },
      { rel: "S (2000)/S (2000) cd1.avi", size: 10 },
      { rel: "S (2000)/S (2000) cd2.avi", size: 20 },
      { rel: "M (2010)/sample.mkv", size: 5 },
    ]),
  );
  assertEquals(plan.items.map((i) => [i.title, i.size_bytes]), [["M", 4000], ["S", 30]]);
  assertEquals(plan.files.length, 4);
});

Deno.test("planLibrary() does not depend on the order of its input", () => {
  const inputs = entries("shows", [
    "B/Season 1/B S01E01.mkv",
    "A/Season 2/A S02E01.mkv",
    "A/Season 1/A S01E01.mkv",
    "A/Season 1/A S01E01.srt",
  ]);
  const forward = planLibrary("shows", inputs);
  const backward = planLibrary("shows", [...inputs].reverse());
  assertEquals(backward, forward);
});
