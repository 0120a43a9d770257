import { deepStrictEqual, strictEqual, throws } from "node:assert/strict";
import {
  evaluatePreconditions,
  formatHttpDate,
  parseEtag,
  parseEtagList,
  parseHttpDate,
  type PreconditionResult,
  strongEtag,
  strongMatch,
  type Validators,
  weakMatch,
} from "./conditional.ts";

const ETAG = '"abc"';
// Mon, 15 Jan 2024 12:00:00.500 GMT: the fraction checks second-resolution comparisons.
const LM = new Date(Date.UTC(2024, 0, 15, 12, 0, 0, 500));
const LM_STR = "Mon, 15 Jan 2024 12:00:00 GMT";
const BEFORE = "Mon, 15 Jan 2024 11:59:59 GMT";
const AFTER = "Mon, 15 Jan 2024 12:00:01 GMT";
const NOW = new Date(Date.UTC(2024, 5, 1));
const FULL: Validators = { etag: ETAG, lastModified: LM, now: NOW };

type Row = [
  name: string,
  method: string,
  headers: Record<string, string>,
  expected: PreconditionResult,
  validators?: Validators,
];

const OK: PreconditionResult = { status: 200, honorRange: true };
const OK_NO_RANGE: PreconditionResult = { status: 200, honorRange: false };
const NOT_MODIFIED: PreconditionResult = { status: 304, honorRange: false };
const FAILED: PreconditionResult = { status: 412, honorRange: false };

function runTable(rows: Row[]) {
  for (const [name, method, headers, expected, validators] of rows) {
    deepStrictEqual(
      evaluatePreconditions(method, new Headers(headers), validators ?? FULL),
      expected,
      name,
    );
  }
}

Deno.test("evaluatePreconditions() applies If-Match with strong comparison", () => {
  runTable([
    ["no preconditions", "GET", {}, OK],
    ["If-Match equal", "GET", { "if-match": ETAG }, OK],
    ["If-Match wildcard", "GET", { "if-match": "*" }, OK],
    ["If-Match in a list", "GET", { "if-match": '"x", "abc"' }, OK],
    ["If-Match different", "GET", { "if-match": '"x"' }, FAILED],
    ["If-Match weak tag never matches", "GET", { "if-match": 'W/"abc"' }, FAILED],
    ["If-Match garbage", "GET", { "if-match": "abc" }, FAILED],
    ["If-Match with no current ETag", "GET", { "if-match": ETAG }, FAILED, { lastModified: LM }],
    ["If-Match wildcard without ETag", "GET", { "if-match": "*" }, OK, { lastModified: LM }],
    [
      "weak current ETag fails strong If-Match",
      "GET",
      { "if-match": 'W/"abc"' },
      FAILED,
      { etag: 'W/"abc"', lastModified: LM },
    ],
  ]);
});

Deno.test("evaluatePreconditions() applies If-Unmodified-Since only without If-Match", () => {
  runTable([
    ["IUS equal to Last-Modified", "GET", { "if-unmodified-since": LM_STR }, OK],
    ["IUS after Last-Modified", "GET", { "if-unmodified-since": AFTER }, OK],
    ["IUS before Last-Modified", "GET", { "if-unmodified-since": BEFORE }, FAILED],
    ["IUS invalid date is ignored", "GET", { "if-unmodified-since": "yesterday" }, OK],
    ["IUS list of dates is ignored", "GET", { "if-unmodified-since": `${BEFORE}, ${BEFORE}` }, OK],
    ["IUS ignored when If-Match passes", "GET", {
      "if-match": ETAG,
      "if-unmodified-since": BEFORE,
    }, OK],
    ["IUS ignored without Last-Modified", "GET", { "if-unmodified-since": BEFORE }, OK, {
      etag: ETAG,
    }],
    ["IUS fails for PUT too", "PUT", { "if-unmodified-since": BEFORE }, FAILED],
  ]);
});

Deno.test("evaluatePreconditions() applies If-None-Match with weak comparison", () => {
  runTable([
    ["INM equal", "GET", { "if-none-match": ETAG }, NOT_MODIFIED],
    ["INM equal on HEAD", "HEAD", { "if-none-match": ETAG }, NOT_MODIFIED],
    ["INM weak form matches", "GET", { "if-none-match": 'W/"abc"' }, NOT_MODIFIED],
    ["INM in a list", "GET", { "if-none-match": 'W/"x", "abc"' }, NOT_MODIFIED],
    ["INM wildcard", "GET", { "if-none-match": "*" }, NOT_MODIFIED],
    ["INM different", "GET", { "if-none-match": '"x"' }, OK],
    ["INM unquoted is not a match", "GET", { "if-none-match": "abc" }, OK],
    ["INM matching on POST", "POST", { "if-none-match": ETAG }, FAILED],
    ["INM wildcard on PUT", "PUT", { "if-none-match": "*" }, FAILED],
    ["INM without current ETag", "GET", { "if-none-match": ETAG }, OK, { lastModified: LM }],
    ["INM weak current ETag matches", "GET", { "if-none-match": '"abc"' }, NOT_MODIFIED, {
      etag: 'W/"abc"',
    }],
    ["If-Match failure wins over INM", "GET", {
      "if-match": '"x"',
      "if-none-match": ETAG,
    }, FAILED],
    ["IUS failure wins over INM", "GET", {
      "if-unmodified-since": BEFORE,
      "if-none-match": ETAG,
    }, FAILED],
    ["INM match wins over Range", "GET", { "if-none-match": ETAG, range: "bytes=0-1" }, {
      status: 304,
      honorRange: false,
    }],
  ]);
});

Deno.test("evaluatePreconditions() applies If-Modified-Since only without If-None-Match", () => {
  runTable([
    ["IMS equal to Last-Modified", "GET", { "if-modified-since": LM_STR }, NOT_MODIFIED],
    ["IMS after Last-Modified", "GET", { "if-modified-since": AFTER }, NOT_MODIFIED],
    ["IMS before Last-Modified", "GET", { "if-modified-since": BEFORE }, OK],
    ["IMS on HEAD", "HEAD", { "if-modified-since": LM_STR }, NOT_MODIFIED],
    ["IMS invalid date is ignored", "GET", { "if-modified-since": "2024-01-15" }, OK],
    ["IMS ignored for POST", "POST", { "if-modified-since": AFTER }, OK_NO_RANGE],
    ["IMS ignored when INM present", "GET", {
      "if-none-match": '"x"',
      "if-modified-since": AFTER,
    }, OK],
    ["IMS ignored without Last-Modified", "GET", { "if-modified-since": AFTER }, OK, {
      etag: ETAG,
    }],
    ["IMS in RFC 850 form", "GET", {
      "if-modified-since": "Monday, 15-Jan-24 12:00:00 GMT",
    }, NOT_MODIFIED],
    [
      "IMS in asctime form",
      "GET",
      { "if-modified-since": "Mon Jan 15 12:00:00 2024" },
      NOT_MODIFIED,
    ],
  ]);
});

Deno.test("evaluatePreconditions() keeps the Range only for a strong If-Range match", () => {
  const range = { range: "bytes=0-99" };
  runTable([
    ["Range without If-Range", "GET", range, OK],
    ["If-Range strong match", "GET", { ...range, "if-range": ETAG }, OK],
    ["If-Range strong match on HEAD", "HEAD", { ...range, "if-range": ETAG }, OK],
    ["If-Range different ETag", "GET", { ...range, "if-range": '"x"' }, OK_NO_RANGE],
    ["If-Range different ETag on HEAD", "HEAD", { ...range, "if-range": '"x"' }, OK_NO_RANGE],
    ["If-Range weak ETag", "GET", { ...range, "if-range": 'W/"abc"' }, OK_NO_RANGE],
    ["If-Range against weak current ETag", "GET", { ...range, "if-range": '"abc"' }, OK_NO_RANGE, {
      etag: 'W/"abc"',
      lastModified: LM,
      now: NOW,
    }],
    ["If-Range exact date", "GET", { ...range, "if-range": LM_STR }, OK],
    ["If-Range earlier date", "GET", { ...range, "if-range": BEFORE }, OK_NO_RANGE],
    ["If-Range later date", "GET", { ...range, "if-range": AFTER }, OK_NO_RANGE],
    [
      "If-Range date within the second of now",
      "GET",
      { ...range, "if-range": LM_STR },
      OK_NO_RANGE,
      {
        etag: ETAG,
        lastModified: LM,
        now: new Date(LM.getTime() + 400),
      },
    ],
    ["If-Range garbage", "GET", { ...range, "if-range": "whatever" }, OK_NO_RANGE],
    ["If-Range without ETag", "GET", { ...range, "if-range": ETAG }, OK_NO_RANGE, {
      lastModified: LM,
      now: NOW,
    }],
    ["If-Range without a Range", "GET", { "if-range": '"x"' }, OK],
    ["If-Range after passing INM", "GET", {
      ...range,
      "if-none-match": '"x"',
      "if-range": ETAG,
    }, OK],
    ["Range on POST is never honoured", "POST", range, OK_NO_RANGE],
  ]);
});

Deno.test("parseEtag() accepts strong and weak tags only", () => {
  const rows: [string, ReturnType<typeof parseEtag>][] = [
    ['"abc"', { weak: false, tag: '"abc"' }],
    ['W/"abc"', { weak: true, tag: '"abc"' }],
    ['""', { weak: false, tag: '""' }],
    [' "a-b" ', { weak: false, tag: '"a-b"' }],
    ["abc", null],
    ['w/"abc"', null],
    ['"a"b"', null],
    ['"a b"', null],
    ['"abc', null],
  ];
  for (const [input, expected] of rows) deepStrictEqual(parseEtag(input), expected, input);
});

Deno.test("parseEtagList() reads lists, the wildcard and skips invalid members", () => {
  const s = (tag: string) => ({ weak: false, tag });
  const w = (tag: string) => ({ weak: true, tag });
  const rows: [string | null, ReturnType<typeof parseEtagList>][] = [
    [null, []],
    ["", []],
    ["*", "*"],
    [" * ", "*"],
    ['"a"', [s('"a"')]],
    ['"a", W/"b",  "c"', [s('"a"'), w('"b"'), s('"c"')]],
    ['"a",W/"b"', [s('"a"'), w('"b"')]],
    ['"a,b", "c"', [s('"a,b"'), s('"c"')]],
    ['junk, "a"', [s('"a"')]],
    ['"a"x, "b"', [s('"b"')]],
    ['W/x, "b"', [s('"b"')]],
    ['"a", "unterminated', [s('"a"')]],
    [",,", []],
  ];
  for (const [input, expected] of rows) deepStrictEqual(parseEtagList(input), expected, `${input}`);
});

Deno.test("strongMatch() and weakMatch() follow RFC 9110 §8.8.3.2", () => {
  const rows: [string, string, boolean, boolean][] = [
    ['W/"1"', 'W/"1"', false, true],
    ['W/"1"', 'W/"2"', false, false],
    ['W/"1"', '"1"', false, true],
    ['"1"', '"1"', true, true],
  ];
  for (const [a, b, strong, weak] of rows) {
    const [x, y] = [parseEtag(a)!, parseEtag(b)!];
    strictEqual(strongMatch(x, y), strong, `strong ${a} ${b}`);
    strictEqual(weakMatch(x, y), weak, `weak ${a} ${b}`);
  }
});

Deno.test("strongEtag() encodes size and mtime in hex", () => {
  strictEqual(strongEtag(1048576, 1700000000000), '"100000-18bcfe56800"');
  strictEqual(strongEtag(0, 0), '"0-0"');
  strictEqual(strongEtag(3 * 2 ** 30, 1.9), '"c0000000-1"');
  strictEqual(strongEtag(10, 16, "ino3f"), '"a-10-ino3f"');
  strictEqual(parseEtag(strongEtag(5, 6, "x"))?.weak, false);
  throws(() => strongEtag(10, 16, 'bad"quote'), TypeError);
  throws(() => strongEtag(10, 16, "with space"), TypeError);
  throws(() => strongEtag(NaN, 16), TypeError);
});

Deno.test("parseHttpDate() accepts the three HTTP-date forms and nothing else", () => {
  const t = Date.UTC(1994, 10, 6, 8, 49, 37);
  const now = Date.UTC(2024, 0, 1);
  const rows: [string, number | null][] = [
    ["Sun, 06 Nov 1994 08:49:37 GMT", t],
    ["Sunday, 06-Nov-94 08:49:37 GMT", t],
    ["Sun Nov  6 08:49:37 1994", t],
    ["Sun Nov 16 08:49:37 1994", Date.UTC(1994, 10, 16, 8, 49, 37)],
    ["Thursday, 01-Jan-37 00:00:00 GMT", Date.UTC(2037, 0, 1)],
    ["Thursday, 01-Jan-75 00:00:00 GMT", Date.UTC(1975, 0, 1)],
    ["Thu, 01 Jan 1970 00:00:00 GMT", 0],
    ["Sat, 29 Feb 2020 00:00:00 GMT", Date.UTC(2020, 1, 29)],
    ["Sat, 31 Dec 2016 23:59:60 GMT", Date.UTC(2017, 0, 1)],
    ["Fri, 30 Feb 2021 00:00:00 GMT", null],
    ["Sun, 06 Nov 1994 24:00:00 GMT", null],
    ["Sun, 06 Nov 1994 08:49:37 UTC", null],
    ["Sun, 6 Nov 1994 08:49:37 GMT", null],
    ["sun, 06 nov 1994 08:49:37 GMT", null],
    ["1994-11-06T08:49:37Z", null],
    ["Sun, 06 Nov 1994 08:49:37 GMT, Sun, 06 Nov 1994 08:49:37 GMT", null],
    ["", null],
  ];
  for (const [input, expected] of rows) strictEqual(parseHttpDate(input, now), expected, input);
});

Deno.test("formatHttpDate() writes IMF-fixdate that parseHttpDate() reads back", () => {
  strictEqual(formatHttpDate(new Date(0)), "Thu, 01 Jan 1970 00:00:00 GMT");
  strictEqual(formatHttpDate(LM), LM_STR);
  strictEqual(parseHttpDate(formatHttpDate(LM)), Math.floor(LM.getTime() / 1000) * 1000);
});
