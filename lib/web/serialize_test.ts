import { assert, assertEquals, assertThrows } from "../../tests/helpers/assert.ts";
import { h } from "preact";
import { computed, type Signal, signal } from "@preact/signals";
import { decodeProps, needsSignals, serializeProps } from "./serialize.ts";

function roundTrip(list: unknown[]): unknown[] {
  const text = serializeProps(list);
  return decodeProps(JSON.parse(text), signal);
}

const cases: [string, unknown][] = [
  ["plain object", { title: "Heat", year: 1995, tags: ["a", "b"], nested: { ok: true } }],
  ["null and empty values", { a: null, b: "", c: [], d: {} }],
  ["string with </script>", { title: "</script><script>alert(1)</script>" }],
  ["string with <!-- and ]]>", { title: "<!-- x --> ]]> &amp;" }],
  ["U+2028 and U+2029", { title: "line\u2028sep\u2029para" }],
  ["unicode and emoji", { title: "Amélie 🎬 東京" }],
  ["undefined in object and array", { a: undefined, b: [1, undefined, 3] }],
  ["special numbers", { n: NaN, p: Infinity, m: -Infinity, z: -0, f: 1.5 }],
  ["bigint", { big: 12345678901234567890n }],
  ["Date", { at: new Date("2024-02-03T04:05:06.789Z") }],
  ["Set and Map", { s: new Set([1, "x"]), m: new Map<unknown, unknown>([["k", { v: 1 }]]) }],
  ["object with its own _rf key", { _rf: "s", i: 0, v: { _rf: "u" } }],
  ["top-level primitives", "just a string"],
];

for (const [name, value] of cases) {
  Deno.test(`serializeProps() round trips ${name}`, () => {
    const [back] = roundTrip([value]);
    assertEquals(back, value);
  });
}

Deno.test("serializeProps() output cannot close a script element or open a comment", () => {
  const text = serializeProps([{ t: "</script><!--<script>", u: "\u2028\u2029", amp: "&" }]);
  for (const bad of ["<", ">", "&", "\u2028", "\u2029"]) {
    assert(!text.includes(bad), `output contains ${JSON.stringify(bad)}: ${text}`);
  }
  assert(text.includes("\\u003c/script\\u003e"));
});

Deno.test("serializeProps() keeps each island's props in order", () => {
  const back = roundTrip([{ a: 1 }, { b: 2 }, {}]);
  assertEquals(back, [{ a: 1 }, { b: 2 }, {}]);
});

Deno.test("serializeProps() round trips signals as live signals", () => {
  const s = signal({ page: 2, q: "<b>" });
  const [back] = roundTrip([{ state: s }]) as [{ state: Signal<unknown> }];
  assertEquals(back.state.value, { page: 2, q: "<b>" });
  back.state.value = 5;
  assertEquals(back.state.value, 5);
});

Deno.test("serializeProps() keeps one signal shared by two islands as one signal", () => {
  const shared = signal(1);
  const text = serializeProps([{ s: shared }, { s: shared, other: signal(2) }]);
  const encoded = JSON.parse(text);
  assertEquals(encoded.s.length, 2);
  const [a, b] = decodeProps(encoded, signal) as { s: Signal<number>; other?: Signal<number> }[];
  assert(a.s === b.s, "the shared signal came back as two signals");
  a.s.value = 7;
  assertEquals(b.s.value, 7);
  assertEquals(b.other!.value, 2);
});

Deno.test("serializeProps() turns a computed into a signal with its current value", () => {
  const base = signal(2);
  const [back] = roundTrip([{ c: computed(() => base.value * 10) }]) as [{ c: Signal<number> }];
  assertEquals(back.c.value, 20);
});

Deno.test("needsSignals() is true only when signals are present", () => {
  assertEquals(needsSignals(JSON.parse(serializeProps([{ a: 1 }]))), false);
  assertEquals(needsSignals(JSON.parse(serializeProps([{ a: signal(1) }]))), true);
});

Deno.test("decodeProps() asks for a signal factory when signals are present", () => {
  const encoded = JSON.parse(serializeProps([{ a: signal(1) }]));
  assertThrows(() => decodeProps(encoded), TypeError, "signal factory");
});

Deno.test("decodeProps() rejects unknown tags and bad shapes", () => {
  assertThrows(() => decodeProps({ p: [{ _rf: "zz" }], s: [] }), SyntaxError, "zz");
  assertThrows(() => decodeProps({ p: [{ _rf: "s", i: 3 }], s: [] }, signal), SyntaxError);
  assertThrows(() => decodeProps(null as never), SyntaxError);
});

const rejected: [string, unknown, string][] = [
  ["a function", { onClick: () => {} }, "props[0].onClick is a function"],
  ["JSX", { children: h("b", null, "x") }, "props[0].children is JSX"],
  ["a symbol", { s: Symbol("x") }, "symbol"],
  ["a class instance", { u: new URL("http://x/") }, "URL instance"],
  [
    "a cycle",
    (() => {
      const o: Record<string, unknown> = {};
      o.self = o;
      return o;
    })(),
    "cycle",
  ],
];

for (const [name, value, message] of rejected) {
  Deno.test(`serializeProps() rejects ${name} with a TypeError naming the prop`, () => {
    assertThrows(() => serializeProps([value]), TypeError, message);
  });
}

Deno.test("serializeProps() accepts a prototype-less object and returns a plain one", () => {
  assertEquals(roundTrip([Object.assign(Object.create(null), { a: 1 })]), [{ a: 1 }]);
});

Deno.test("serializeProps() allows the same object twice when it is not a cycle", () => {
  const shared = { a: 1 };
  assertEquals(roundTrip([{ x: shared, y: shared }]), [{ x: { a: 1 }, y: { a: 1 } }]);
});
