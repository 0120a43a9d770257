import { assertEquals } from "../tests/helpers/assert.ts";
import { staticImports } from "./build_islands.ts";

const cases: [string, string, string, string[]][] = [
  ["named imports", "client/boot.js", 'import{a as b}from"../chunk-X.js";', ["chunk-X.js"]],
  ["side-effect import", "islands/P.js", 'import"../chunk-Y.js";', ["chunk-Y.js"]],
  ["re-export", "chunk-A.js", 'export{x}from"./chunk-B.js";', ["chunk-B.js"]],
  ["spaces and single quotes", "a.js", "import { x } from './chunk-C.js';", ["chunk-C.js"]],
  [
    "dynamic import is not preloaded",
    "islands/P.js",
    'import{a}from"../chunk-P.js";let h=()=>import("../hls-Z.js");',
    ["chunk-P.js"],
  ],
  ["bare specifiers are ignored", "a.js", 'import{h}from"preact";', []],
  [
    "duplicates once",
    "a.js",
    'import{a}from"./c.js";import{b}from"./c.js";',
    ["c.js"],
  ],
];

for (const [name, file, code, expected] of cases) {
  Deno.test(`staticImports() handles ${name}`, () => {
    assertEquals(staticImports(code, file), expected);
  });
}
