import { assertEquals } from "../../tests/helpers/assert.ts";
import { labelResolution, orderPlayableFiles, primaryVersion } from "./versions.ts";

Deno.test("labelResolution() reads resolutions from version labels", () => {
  const table: [string, number | undefined][] = [
    ["4K", 2160],
    ["1080p", 1080],
    ["720P", 720],
    ["UHD HDR", 2160],
    ["Director's Cut", undefined],
    ["1080i remux", 1080],
    ["Extended 2160p", 2160],
    ["x264", undefined],
  ];
  for (const [label, expected] of table) assertEquals(labelResolution(label), expected, label);
});

const f = (rel_path: string, version_label: string | null, part_number: number | null) => ({
  rel_path,
  version_label,
  part_number,
});

Deno.test("orderPlayableFiles() puts the highest resolution version first, parts in order", () => {
  const files = [
    f("m - 720p.mkv", "720p", null),
    f("m.mkv", null, null),
    f("m - Director's Cut.mkv", "Director's Cut", null),
    f("m - 4K.mkv", "4K", null),
    f("m - 1080p.mkv", "1080p", null),
  ];
  assertEquals(orderPlayableFiles(files).map((x) => x.rel_path), [
    "m - 4K.mkv",
    "m - 1080p.mkv",
    "m - 720p.mkv",
    "m.mkv",
    "m - Director's Cut.mkv",
  ]);
});

Deno.test("primaryVersion() returns all parts of a stacked movie in part order", () => {
  const files = [f("m cd2.avi", null, 2), f("m cd1.avi", null, 1), f("m cd3.avi", null, 3)];
  assertEquals(primaryVersion(files).map((x) => x.part_number), [1, 2, 3]);
  assertEquals(primaryVersion([]), []);
});
