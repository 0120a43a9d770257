/**
 * Parsing of the HTTP `Range` request header (RFC 9110 §14.1–§14.2) into byte ranges that a
 * response can serve. Pure: no I/O, no clock; the caller supplies the representation size.
 *
 * @module
 */

/** One satisfiable byte range of a representation; both ends are inclusive offsets. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The outcome of {@linkcode parseRangeHeader}:
 * - `none`: serve the whole representation with 200 (no header, a header we must ignore, or one
 *   we choose to ignore);
 * - `unsatisfiable`: answer 416, whose `Content-Range` carries `*` and the size;
 * - `ranges`: answer 206 with these ranges (one → a plain body, several → multipart/byteranges).
 */
export type RangeParse =
  | { kind: "none" }
  | { kind: "unsatisfiable" }
  | { kind: "ranges"; ranges: ByteRange[] };

/**
 * Most ranges served in one response after coalescing. Past this the header is ignored and the
 * whole file is sent with 200: RFC 9110 §14.2 lets a server ignore a Range header, and a cap
 * defends against range amplification (many tiny parts, each costing a part header and a seek).
 * No media client asks for more than a handful.
 */
export const MAX_RANGES = 16;

/**
 * Most comma-separated range specs read from one header, before coalescing. It bounds the
 * parsing work independently of the server's header-size limit; more specs means the header is
 * ignored (200), as for {@linkcode MAX_RANGES}.
 */
export const MAX_RANGE_SPECS = 256;

const NONE: RangeParse = Object.freeze({ kind: "none" });
const UNSATISFIABLE: RangeParse = Object.freeze({ kind: "unsatisfiable" });

// int-range or suffix-range (RFC 9110 §14.1.2); both positions are 1*DIGIT.
const RANGE_SPEC = /^(\d*)-(\d*)$/;
// A range unit is a token (RFC 9110 §14.1 → §5.6.2).
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * Parses a `Range` header for a representation of `size` bytes.
 *
 * Supports `bytes=a-b`, `a-`, `-n` and comma-separated lists of them (optional whitespace around
 * commas, empty list elements ignored as §5.6.1.2 asks). An end past EOF is clamped, a suffix
 * longer than the file starts at 0, `-0` and starts at or past EOF are unsatisfiable parts.
 * Overlapping or adjacent ranges are coalesced (§14.6 allows it); the result keeps the order in
 * which each coalesced group first appeared in the header, as §14.6 says parts SHOULD be sent.
 *
 * Returns `none` (serve the whole file) when the header is absent, syntactically invalid (§14.2:
 * an invalid Range is ignored), uses a unit other than `bytes`, holds numbers past
 * `Number.MAX_SAFE_INTEGER`, exceeds {@linkcode MAX_RANGE_SPECS} or {@linkcode MAX_RANGES}, or
 * when the file is empty (a Range on an empty file gets the empty 200).
 *
 * @param header the raw header value, or `null` when absent
 * @param size the representation length in bytes (a non-negative safe integer)
 * @throws {RangeError} when `size` is not a non-negative safe integer
 */
export function parseRangeHeader(header: string | null, size: number): RangeParse {
  if (!Number.isSafeInteger(size) || size < 0) {
    throw new RangeError(
      `Cannot parse Range: size must be a non-negative safe integer, got ${size}`,
    );
  }
  if (header === null || size === 0) return NONE;
  const eq = header.indexOf("=");
  if (eq < 0) return NONE;
  const unit = header.slice(0, eq);
  if (!TOKEN.test(unit)) return NONE;
  // Range unit names are case-insensitive (§14.1); other units are ignored (§14.2).
  if (unit.toLowerCase() !== "bytes") return NONE;

  const satisfiable: ByteRange[] = [];
  let specCount = 0;
  for (const raw of header.slice(eq + 1).split(",")) {
    const spec = raw.replace(/^[ \t]+|[ \t]+$/g, "");
    if (spec === "") continue;
    if (++specCount > MAX_RANGE_SPECS) return NONE;
    const m = RANGE_SPEC.exec(spec);
    if (m === null) return NONE;
    const [, first, last] = m;
    if (first === "") {
      if (last === "") return NONE;
      const suffix = _toSafeInt(last);
      if (suffix === null) return NONE;
      // A zero-length suffix selects nothing: an unsatisfiable part (§14.1.3).
      if (suffix > 0) satisfiable.push({ start: Math.max(0, size - suffix), end: size - 1 });
      continue;
    }
    const start = _toSafeInt(first);
    if (start === null) return NONE;
    let end = size - 1;
    if (last !== "") {
      const lastPos = _toSafeInt(last);
      // last-pos below first-pos makes the range-spec, and so the header, invalid (§14.1.1).
      if (lastPos === null || lastPos < start) return NONE;
      end = Math.min(lastPos, end);
    }
    if (start < size) satisfiable.push({ start, end });
  }
  if (specCount === 0) return NONE;
  if (satisfiable.length === 0) return UNSATISFIABLE;
  const ranges = _coalesce(satisfiable);
  if (ranges.length > MAX_RANGES) return NONE;
  return { kind: "ranges", ranges };
}

/** Total bytes covered by `ranges` (inclusive ends). */
export function rangesLength(ranges: readonly ByteRange[]): number {
  let total = 0;
  for (const r of ranges) total += r.end - r.start + 1;
  return total;
}

function _toSafeInt(digits: string): number | null {
  const n = Number(digits);
  return Number.isSafeInteger(n) ? n : null;
}

/**
 * Merges overlapping and adjacent ranges. Each merged group is placed where its earliest member
 * appeared in the request, so non-overlapping ranges keep the client's order (§14.6).
 */
function _coalesce(ranges: readonly ByteRange[]): ByteRange[] {
  if (ranges.length === 1) return [{ ...ranges[0] }];
  const order = ranges.map((r, i) => ({ ...r, first: i }));
  order.sort((a, b) => a.start - b.start || a.end - b.end);
  const groups: { start: number; end: number; first: number }[] = [];
  for (const r of order) {
    const last = groups[groups.length - 1];
    if (last !== undefined && r.start <= last.end + 1) {
      last.end = Math.max(last.end, r.end);
      last.first = Math.min(last.first, r.first);
    } else {
      groups.push({ ...r });
    }
  }
  groups.sort((a, b) => a.first - b.first);
  return groups.map(({ start, end }) => ({ start, end }));
}
