/**
 * Small readers for validating untrusted JSON objects field by field, so that every error names
 * the source and the exact field (`profiles/chrome.json: video_codecs[2].max_level must be a
 * number`). Used by the device-profile and client-capability parsers.
 */

/** Builds the error to throw for a bad field; `where` is a JSON path such as `hls.segment_types[1]`. */
export type FieldErrorFactory = (where: string, problem: string) => Error;

/** Reads the fields of one JSON object and rejects fields it was not asked about. */
export class JsonFields {
  readonly #obj: Record<string, unknown>;
  readonly #path: string;
  readonly #fail: FieldErrorFactory;
  readonly #seen = new Set<string>();

  /** Wraps `value`, which must be a plain object, found at `path` (empty for the root). */
  constructor(value: unknown, path: string, fail: FieldErrorFactory) {
    this.#path = path;
    this.#fail = fail;
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      throw fail(path || "(root)", "must be an object");
    }
    this.#obj = value as Record<string, unknown>;
  }

  /** The JSON path of a field of this object. */
  at(key: string): string {
    return this.#path ? `${this.#path}.${key}` : key;
  }

  /** The raw value of a field (marks it as known). */
  raw(key: string): unknown {
    this.#seen.add(key);
    return this.#obj[key];
  }

  /** True when the field is present and not null. */
  has(key: string): boolean {
    this.#seen.add(key);
    return this.#obj[key] !== undefined && this.#obj[key] !== null;
  }

  /** A required non-empty string. */
  string(key: string): string {
    const v = this.raw(key);
    if (typeof v !== "string" || v.trim() === "") {
      throw this.#fail(this.at(key), "must be a non-empty string");
    }
    return v.trim();
  }

  /** An optional string. */
  optString(key: string): string | undefined {
    return this.has(key) ? this.string(key) : undefined;
  }

  /** A required finite number greater than zero. */
  positive(key: string): number {
    const v = this.raw(key);
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw this.#fail(this.at(key), "must be a number");
    }
    if (v <= 0) throw this.#fail(this.at(key), "must be greater than 0");
    return v;
  }

  /** An optional number greater than zero. */
  optPositive(key: string): number | undefined {
    return this.has(key) ? this.positive(key) : undefined;
  }

  /** A required integer (any sign). */
  integer(key: string): number {
    const v = this.raw(key);
    if (typeof v !== "number" || !Number.isInteger(v)) {
      throw this.#fail(this.at(key), "must be an integer");
    }
    return v;
  }

  /** An optional boolean. */
  optBoolean(key: string): boolean | undefined {
    if (!this.has(key)) return undefined;
    const v = this.raw(key);
    if (typeof v !== "boolean") throw this.#fail(this.at(key), "must be true or false");
    return v;
  }

  /** A required array; each element is read by `item` with its own path. */
  array<T>(key: string, item: (value: unknown, path: string) => T): T[] {
    const v = this.raw(key);
    if (!Array.isArray(v)) throw this.#fail(this.at(key), "must be an array");
    return v.map((x, i) => item(x, `${this.at(key)}[${i}]`));
  }

  /** An optional array. */
  optArray<T>(key: string, item: (value: unknown, path: string) => T): T[] | undefined {
    return this.has(key) ? this.array(key, item) : undefined;
  }

  /** Throws when the object has a field nobody read: a misspelt field must not pass silently. */
  done(): void {
    for (const key of Object.keys(this.#obj)) {
      if (!this.#seen.has(key)) throw this.#fail(this.at(key), "is not a known field");
    }
  }
}

/** An array element that must be a non-empty string; returned trimmed. */
export function stringItem(fail: FieldErrorFactory): (value: unknown, path: string) => string {
  return (value, path) => {
    if (typeof value !== "string" || value.trim() === "") {
      throw fail(path, "must be a non-empty string");
    }
    return value.trim();
  };
}
