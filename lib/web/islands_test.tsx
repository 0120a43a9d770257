import {
  assert,
  assertEquals,
  assertStringIncludes,
  assertThrows,
} from "../../tests/helpers/assert.ts";
import { renderToString } from "preact-render-to-string";
import { signal } from "@preact/signals";
import {
  type IslandAssetManifest,
  islandName,
  islandRegistry,
  islandTags,
  modulepreloadLink,
  renderWithIslands,
} from "./islands.ts";
import { decodeProps } from "./serialize.ts";

function Counter({ start, label }: { start: number; label: string }) {
  return <button type="button">{label}: {start}</button>;
}

function Outer({ title }: { title: string }) {
  // An island used inside another island: part of the outer one's tree.
  return (
    <section>
      <h2>{title}</h2>
      <Counter start={1} label="inner" />
    </section>
  );
}

function Plain() {
  return <p>plain</p>;
}

const registry = islandRegistry({
  "./islands/Counter.tsx": { default: Counter },
  "./islands/Outer.tsx": { default: Outer },
});

const assets: IslandAssetManifest = {
  build_id: "abc",
  source_hash: "x",
  base: "/static/_rf/abc/",
  boot: { file: "client/boot.js", imports: ["chunk-P.js"] },
  islands: {
    Counter: { file: "islands/Counter.js", imports: ["chunk-P.js", "chunk-H.js"] },
    Outer: { file: "islands/Outer.js", imports: ["chunk-P.js"] },
  },
};

Deno.test("renderWithIslands() wraps each island in a marker with its props index", () => {
  const { result, islands } = renderWithIslands(registry, () =>
    renderToString(
      <main>
        <Plain />
        <Counter start={3} label="a" />
        <Counter start={4} label="b" />
      </main>,
    ));
  assertEquals(
    result,
    "<main><p>plain</p>" +
      '<rf-island data-name="Counter" data-props="0"><button type="button">a: 3</button></rf-island>' +
      '<rf-island data-name="Counter" data-props="1"><button type="button">b: 4</button></rf-island>' +
      "</main>",
  );
  assertEquals(islands, [
    { name: "Counter", props: { start: 3, label: "a" } },
    { name: "Counter", props: { start: 4, label: "b" } },
  ]);
});

Deno.test("renderWithIslands() renders an island inside an island plain", () => {
  const { result, islands } = renderWithIslands(
    registry,
    () => renderToString(<Outer title="T" />),
  );
  assertEquals(
    result,
    '<rf-island data-name="Outer" data-props="0"><section><h2>T</h2>' +
      '<button type="button">inner: 1</button></section></rf-island>',
  );
  assertEquals(islands.map((i) => i.name), ["Outer"]);
});

Deno.test("islands render plain outside renderWithIslands()", () => {
  assertEquals(
    renderToString(<Counter start={1} label="x" />),
    '<button type="button">x: 1</button>',
  );
});

Deno.test("renderWithIslands() resets its state when the render throws", () => {
  const Boom = () => {
    throw new Error("boom");
  };
  assertThrows(() => renderWithIslands(registry, () => renderToString(<Boom />)), Error, "boom");
  const { islands } = renderWithIslands(
    registry,
    () => renderToString(<Counter start={1} label="x" />),
  );
  assertEquals(islands.length, 1);
});

Deno.test("islandTags() emits nothing for a page without islands", () => {
  assertEquals(islandTags([], assets), { html: "", preload: [] });
});

Deno.test("islandTags() emits nothing when no bundles are built", () => {
  assertEquals(islandTags([{ name: "Counter", props: {} }], undefined), { html: "", preload: [] });
});

Deno.test("islandTags() loads only the islands on the page, with escaped props", () => {
  const tags = islandTags([{ name: "Counter", props: { label: "</script><b>" } }], assets);
  assertStringIncludes(tags.html, '<script type="application/json" id="__rf_props">');
  assert(!tags.html.includes("</script><b>"), "props must be escaped");
  assertStringIncludes(tags.html, 'src="/static/_rf/abc/client/boot.js"');
  assertStringIncludes(
    tags.html,
    'data-rf-islands="{&quot;Counter&quot;:&quot;/static/_rf/abc/islands/Counter.js&quot;}"',
  );
  assert(!tags.html.includes("Outer"), "an island not on the page is not loaded");
  assertEquals(tags.preload, [
    "/static/_rf/abc/client/boot.js",
    "/static/_rf/abc/chunk-P.js",
    "/static/_rf/abc/islands/Counter.js",
    "/static/_rf/abc/chunk-H.js",
  ]);
  const json = /<script type="application\/json" id="__rf_props">(.*?)<\/script>/.exec(tags.html)!;
  assertEquals(decodeProps(JSON.parse(json[1])), [{ label: "</script><b>" }]);
});

Deno.test("islandTags() carries signals to the client", () => {
  const s = signal(5);
  const tags = islandTags([{ name: "Counter", props: { a: s } }, {
    name: "Outer",
    props: { b: s },
  }], assets);
  const json = /id="__rf_props">(.*?)<\/script>/.exec(tags.html)![1];
  const [a, b] = decodeProps(JSON.parse(json), signal) as { a?: unknown; b?: unknown }[];
  assert(a.a === b.b, "one signal for both islands");
});

Deno.test("islandTags() rejects function props with a clear error", () => {
  assertThrows(
    () => islandTags([{ name: "Counter", props: { onClick: () => {} } }], assets),
    TypeError,
    "is a function",
  );
});

Deno.test("modulepreloadLink() lists each URL as a modulepreload", () => {
  assertEquals(
    modulepreloadLink(["/a.js", "/b.js"]),
    '</a.js>; rel="modulepreload", </b.js>; rel="modulepreload"',
  );
});

const names: [string, string][] = [
  ["./islands/Player.tsx", "Player"],
  ["./islands/LibraryGrid.tsx", "LibraryGrid"],
  ["islands/Scan_2.ts", "Scan_2"],
];
for (const [file, name] of names) {
  Deno.test(`islandName() names ${file} ${name}`, () => assertEquals(islandName(file), name));
}

Deno.test("islandName() rejects file names that are not identifiers", () => {
  assertThrows(() => islandName("./islands/my-island.tsx"), TypeError, "identifiers");
});

Deno.test("islandRegistry() needs a default function export and unique names", () => {
  assertThrows(
    () => islandRegistry({ "./islands/A.tsx": { A: Counter } }),
    TypeError,
    "export default function A",
  );
  assertThrows(
    () =>
      islandRegistry({
        "./islands/A.tsx": { default: Counter },
        "./islands/sub/A.tsx": { default: Outer },
      }),
    TypeError,
    'two islands are named "A"',
  );
});
