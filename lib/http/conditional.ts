/**
 * Conditional requests (RFC 9110 §13): entity-tag and HTTP-date helpers and the evaluation of
 * If-Match, If-Unmodified-Since, If-None-Match, If-Modified-Since and If-Range in the order of
 * §13.2.2. Pure: the caller passes the request headers and the representation's validators.
 *
 * @module
 */

/** A parsed entity-tag (RFC 9110 §8.8.3). `tag` is the opaque-tag with its double quotes. */
export interface EntityTag {
  weak: boolean;
  tag: string;
}

/** Validators of the selected representation, as the server would send them. */
export interface Validators {
  /** The `ETag` field value, e.g. `"1f-18c2a"` or `W/"x"`; absent when there is none. */
  etag?: string;
  /** Modification time; compared at the one-second resolution of HTTP-date. */
  lastModified?: Date;
  /**
   * The time the response is generated (the `Date` it will carry). Used to tell whether
   * `lastModified` is a strong validator for If-Range (§8.8.2.2) and to read two-digit years of
   * obsolete RFC 850 dates (§5.6.7). Defaults to the current time.
   */
  now?: Date;
}

/** What {@linkcode evaluatePreconditions} decided. */
export interface PreconditionResult {
  /** 200: go on and serve; 304: Not Modified; 412: Precondition Failed. */
  status: 200 | 304 | 412;
  /**
   * Whether a `Range` header may be honoured. False when If-Range did not match (send the whole
   * representation, §13.1.5), when the method is not GET/HEAD, or when `status` is not 200.
   */
  honorRange: boolean;
}

// entity-tag = [ weak ] opaque-tag; etagc = "!" / %x23-7E / obs-text (§8.8.3).
const ENTITY_TAG = /^(W\/)?("[\x21\x23-\x7e\x80-\xff]*")$/;
const ETAGC = /^[\x21\x23-\x7e]*$/;

/**
 * Parses one entity-tag such as `"abc"` or `W/"abc"`; returns null when it is not valid.
 */
export function parseEtag(value: string): EntityTag | null {
  const m = ENTITY_TAG.exec(value.trim());
  return m === null ? null : { weak: m[1] !== undefined, tag: m[2] };
}

/**
 * Parses the value of If-Match / If-None-Match: `"*"` for the wildcard, otherwise the list of
 * entity-tags. Invalid members are skipped so one broken tag does not hide the others; a `null`
 * or empty value gives an empty list.
 */
export function parseEtagList(value: string | null): "*" | EntityTag[] {
  if (value === null) return [];
  if (value.trim() === "*") return "*";
  const tags: EntityTag[] = [];
  let i = 0;
  const n = value.length;
  while (i < n) {
    const c = value[i];
    if (c === " " || c === "\t" || c === ",") {
      i++;
      continue;
    }
    let weak = false;
    if (value.startsWith("W/", i)) {
      weak = true;
      i += 2;
    }
    if (value[i] === '"') {
      const close = value.indexOf('"', i + 1);
      if (close < 0) break;
      const tag = value.slice(i, close + 1);
      i = close + 1;
      // A tag must be followed by a list separator; anything else makes this member invalid.
      const next = value[i];
      if (next === undefined || next === "," || next === " " || next === "\t") {
        const parsed = parseEtag(weak ? `W/${tag}` : tag);
        if (parsed !== null) tags.push(parsed);
        continue;
      }
    }
    // Not an entity-tag: skip to the next list member.
    const comma = value.indexOf(",", i);
    if (comma < 0) break;
    i = comma + 1;
  }
  return tags;
}

/** Strong comparison (§8.8.3.2): both tags strong and their opaque-tags identical. */
export function strongMatch(a: EntityTag, b: EntityTag): boolean {
  return !a.weak && !b.weak && a.tag === b.tag;
}

/** Weak comparison (§8.8.3.2): opaque-tags identical, weakness ignored. */
export function weakMatch(a: EntityTag, b: EntityTag): boolean {
  return a.tag === b.tag;
}

/**
 * Builds a strong ETag for a file from its size and modification time, e.g. `"100000-18c2a4f1e3b"`
 * (both in lower-case hex). `extra` (e.g. an inode number or a variant name) is appended after a
 * `-` so that files with the same size and mtime, or different renditions of one file, differ.
 *
 * Strength rests on the assumption that a change of content changes size, mtime or `extra`; this
 * is the same bargain nginx and Apache make for static files.
 *
 * @throws {TypeError} when `size` or `mtimeMs` is not finite, or `extra` has characters that an
 * entity-tag cannot carry (`"`, controls, spaces, non-ASCII)
 */
export function strongEtag(size: number, mtimeMs: number, extra?: string): string {
  if (!Number.isFinite(size) || !Number.isFinite(mtimeMs)) {
    throw new TypeError(`Cannot build an ETag from size ${size} and mtime ${mtimeMs}`);
  }
  if (extra !== undefined && !ETAGC.test(extra)) {
    throw new TypeError(`Cannot build an ETag: ${JSON.stringify(extra)} is not valid etagc`);
  }
  const base = `${Math.trunc(size).toString(16)}-${Math.trunc(mtimeMs).toString(16)}`;
  return `"${extra ? `${base}-${extra}` : base}"`;
}

const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const TIME = String.raw`(\d{2}):(\d{2}):(\d{2})`;
const MON = `(${MONTHS.join("|")})`;
// The three HTTP-date forms of §5.6.7; names are case-sensitive in the grammar.
const IMF_FIXDATE = new RegExp(`^(?:${DAYS.join("|")}), (\\d{2}) ${MON} (\\d{4}) ${TIME} GMT$`);
const RFC850_DATE = new RegExp(
  `^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d{2})-${MON}-(\\d{2}) ${TIME} GMT$`,
);
const ASCTIME_DATE = new RegExp(`^(?:${DAYS.join("|")}) ${MON} ( \\d|\\d{2}) ${TIME} (\\d{4})$`);

/**
 * Parses an HTTP-date in any of the three forms recipients must accept (RFC 9110 §5.6.7):
 * IMF-fixdate, obsolete RFC 850 and asctime. Returns epoch milliseconds, or null when the value
 * is not exactly one valid date (so a list of dates, as §13.1.3 demands, is rejected).
 *
 * @param nowMs the reference time for RFC 850's two-digit years: a year that would be more than
 * 50 years in the future is taken from the previous century
 */
export function parseHttpDate(value: string, nowMs: number = Date.now()): number | null {
  const v = value.trim();
  let day: string, mon: string, year: number, hh: string, mm: string, ss: string;
  let m = IMF_FIXDATE.exec(v);
  if (m !== null) {
    [, day, mon, , hh, mm, ss] = m;
    year = Number(m[3]);
  } else if ((m = RFC850_DATE.exec(v)) !== null) {
    [, day, mon, , hh, mm, ss] = m;
    const nowYear = new Date(nowMs).getUTCFullYear();
    year = Math.floor(nowYear / 100) * 100 + Number(m[3]);
    if (year > nowYear + 50) year -= 100;
  } else if ((m = ASCTIME_DATE.exec(v)) !== null) {
    [, mon, day, hh, mm, ss] = m;
    year = Number(m[6]);
  } else {
    return null;
  }
  const month = MONTHS.indexOf(mon);
  const d = Number(day.trim());
  const [h, mi, s] = [Number(hh), Number(mm), Number(ss)];
  // second = 2DIGIT allows 60 for a leap second; Date folds it into the next minute.
  if (h > 23 || mi > 59 || s > 60 || d < 1) return null;
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 19xx.
  const date = new Date(0);
  date.setUTCFullYear(year, month, d);
  // Reject days like 31 Feb that Date would silently roll over into the next month.
  if (date.getUTCDate() !== d) return null;
  return date.setUTCHours(h, mi, s);
}

/** Formats a time as an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`), the form §5.6.7 requires. */
export function formatHttpDate(date: Date): string {
  return date.toUTCString();
}

/**
 * Evaluates the request's preconditions against the representation's validators in the order of
 * RFC 9110 §13.2.2:
 * 1. If-Match (strong comparison) false → 412;
 * 2. else If-Unmodified-Since, when If-Match is absent, false → 412;
 * 3. If-None-Match (weak comparison) false → 304 for GET/HEAD, 412 otherwise;
 * 4. else If-Modified-Since, when If-None-Match is absent and the method is GET/HEAD, false → 304;
 * 5. If-Range: only a strong ETag match, or a date equal to a strong Last-Modified, keeps the
 *    Range; anything else means the whole representation is sent.
 *
 * Only call this when the response without preconditions would be 2xx (§13.2.1): for a missing
 * file answer 404 and ignore them. If-Range is applied to HEAD too, so that HEAD mirrors GET.
 */
export function evaluatePreconditions(
  method: string,
  headers: Headers,
  validators: Validators,
): PreconditionResult {
  const getOrHead = method === "GET" || method === "HEAD";
  const nowMs = (validators.now ?? new Date()).getTime();
  const current = validators.etag === undefined ? null : parseEtag(validators.etag);
  const modifiedSec = validators.lastModified === undefined
    ? null
    : Math.floor(validators.lastModified.getTime() / 1000);

  const ifMatch = headers.get("if-match");
  if (ifMatch !== null) {
    if (!_matchesAny(parseEtagList(ifMatch), current, strongMatch)) {
      return { status: 412, honorRange: false };
    }
  } else {
    const ius = _dateSeconds(headers.get("if-unmodified-since"), nowMs);
    // §13.1.4: ignored when invalid or when the resource has no modification date.
    if (ius !== null && modifiedSec !== null && modifiedSec > ius) {
      return { status: 412, honorRange: false };
    }
  }

  const ifNoneMatch = headers.get("if-none-match");
  if (ifNoneMatch !== null) {
    if (_matchesAny(parseEtagList(ifNoneMatch), current, weakMatch)) {
      return { status: getOrHead ? 304 : 412, honorRange: false };
    }
  } else if (getOrHead) {
    const ims = _dateSeconds(headers.get("if-modified-since"), nowMs);
    if (ims !== null && modifiedSec !== null && modifiedSec <= ims) {
      return { status: 304, honorRange: false };
    }
  }

  if (!getOrHead) return { status: 200, honorRange: false };
  const ifRange = headers.get("if-range");
  if (ifRange === null || headers.get("range") === null) return { status: 200, honorRange: true };
  return { status: 200, honorRange: _ifRangeHolds(ifRange, current, modifiedSec, nowMs) };
}

function _matchesAny(
  list: "*" | EntityTag[],
  current: EntityTag | null,
  compare: (a: EntityTag, b: EntityTag) => boolean,
): boolean {
  // "*" matches any current representation; we are only asked about existing ones (§13.1.1).
  if (list === "*") return true;
  if (current === null) return false;
  return list.some((t) => compare(t, current));
}

function _dateSeconds(value: string | null, nowMs: number): number | null {
  if (value === null) return null;
  const ms = parseHttpDate(value, nowMs);
  return ms === null ? null : Math.floor(ms / 1000);
}

function _ifRangeHolds(
  value: string,
  current: EntityTag | null,
  modifiedSec: number | null,
  nowMs: number,
): boolean {
  const v = value.trim();
  // §13.1.5: a value starting with a quote or W/ is an entity-tag, anything else a date.
  if (v.startsWith('"') || v.startsWith("W/")) {
    const tag = parseEtag(v);
    return tag !== null && current !== null && strongMatch(tag, current);
  }
  const date = _dateSeconds(v, nowMs);
  if (date === null || modifiedSec === null || date !== modifiedSec) return false;
  // A Last-Modified is only strong when at least a second older than the response's Date
  // (§8.8.2.2): a file changed twice within one second would otherwise splice two versions.
  return modifiedSec < Math.floor(nowMs / 1000);
}
