/**
 * Island props codec: the server turns the props of every island on a page into one JSON text
 * that is safe inside `<script type="application/json">`, and the browser's boot script turns it
 * back into values. Plain JSON plus a few tagged values (objects with a `_rf` key), in the spirit
 * of Fresh 1's serializer:
 *
 * | value                      | encoded as                                   |
 * | -------------------------- | -------------------------------------------- |
 * | signal / computed          | `{"_rf":"s","i":k}`, value in the `s` table  |
 * | undefined                  | `{"_rf":"u"}`                                |
 * | NaN, ±Infinity, -0         | `{"_rf":"n","v":"NaN"}`                      |
 * | bigint                     | `{"_rf":"b","v":"123"}`                      |
 * | Date                       | `{"_rf":"d","v":"2024-01-01T00:00:00.000Z"}` |
 * | Set / Map                  | `{"_rf":"set","v":[…]}` / `{"_rf":"map","v":[[k,v]…]}` |
 * | object with its own `_rf`  | `{"_rf":"l","v":{…}}` (the inner object is not a tag) |
 *
 * Signals are detected by the brand symbol @preact/signals puts on them, so this module imports
 * nothing and the boot script can use it without pulling in signals. The same signal passed to
 * two islands is stored once and comes back as one signal, so the islands stay in sync.
 * Functions, JSX, symbols, class instances and cycles throw a TypeError naming the prop: island
 * props are data.
 */

/** The brand @preact/signals-core sets on `Signal.prototype.brand`. */
const SIGNAL_BRAND = Symbol.for("preact-signals");

/** The top-level shape of the encoded JSON. */
export interface EncodedProps {
  /** One entry per island on the page, in `data-props` order. */
  p: unknown[];
  /** Encoded signal values, referenced by index. */
  s: unknown[];
}

interface SignalLike {
  brand: symbol;
  peek(): unknown;
}

function isSignal(v: unknown): v is SignalLike {
  return typeof v === "object" && v !== null && (v as SignalLike).brand === SIGNAL_BRAND &&
    typeof (v as SignalLike).peek === "function";
}

/**
 * Encodes a list of island props (one entry per island) to JSON text that can be placed
 * verbatim inside a `<script type="application/json">` element: `<`, `>`, `&`, U+2028 and
 * U+2029 are written as `\uXXXX` escapes, so the text can never close the script element or
 * open a comment.
 */
export function serializeProps(list: unknown[]): string {
  const signals = new Map<SignalLike, number>();
  const table: unknown[] = [];
  const stack = new Set<object>();

  const encode = (value: unknown, path: string): unknown => {
    switch (typeof value) {
      case "string":
      case "boolean":
        return value;
      case "number":
        if (Number.isNaN(value)) return { _rf: "n", v: "NaN" };
        if (value === Infinity) return { _rf: "n", v: "Infinity" };
        if (value === -Infinity) return { _rf: "n", v: "-Infinity" };
        if (Object.is(value, -0)) return { _rf: "n", v: "-0" };
        return value;
      case "undefined":
        return { _rf: "u" };
      case "bigint":
        return { _rf: "b", v: value.toString() };
      case "function":
        throw new TypeError(
          `Island prop ${path} is a function: islands take data props only (no callbacks or JSX)`,
        );
      case "symbol":
        throw new TypeError(`Island prop ${path} is a symbol, which cannot be serialized`);
    }
    if (value === null) return null;
    const obj = value as object;
    if (isSignal(obj)) {
      let index = signals.get(obj);
      if (index === undefined) {
        index = table.length;
        signals.set(obj, index);
        table.push(undefined);
        table[index] = encode(obj.peek(), `${path}.value`);
      }
      return { _rf: "s", i: index };
    }
    if (stack.has(obj)) throw new TypeError(`Island prop ${path} refers back to itself (a cycle)`);
    stack.add(obj);
    try {
      if (Array.isArray(obj)) {
        // Holes become undefined, which is what reading them gives anyway.
        return Array.from(obj, (v, i) => encode(v, `${path}[${i}]`));
      }
      if (obj instanceof Date) return { _rf: "d", v: obj.toISOString() };
      if (obj instanceof Set) {
        return { _rf: "set", v: [...obj].map((v, i) => encode(v, `${path}<set ${i}>`)) };
      }
      if (obj instanceof Map) {
        return {
          _rf: "map",
          v: [...obj].map((
            [k, v],
            i,
          ) => [encode(k, `${path}<key ${i}>`), encode(v, `${path}.get(…)`)]),
        };
      }
      // Preact marks vnodes with an own `constructor: undefined` so JSON cannot forge them.
      if (
        Object.hasOwn(obj, "constructor") &&
        (obj as { constructor: unknown }).constructor === undefined
      ) {
        throw new TypeError(
          `Island prop ${path} is JSX: islands take data props only (no JSX in v1)`,
        );
      }
      const proto = Object.getPrototypeOf(obj);
      if (proto !== Object.prototype && proto !== null) {
        const name = (obj as { constructor?: { name?: string } }).constructor?.name ?? "object";
        throw new TypeError(
          `Island prop ${path} is a ${name} instance: pass plain objects, arrays and primitives`,
        );
      }
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(obj)) out[k] = encode(v, `${path}.${k}`);
      return Object.hasOwn(obj, "_rf") ? { _rf: "l", v: out } : out;
    } finally {
      stack.delete(obj);
    }
  };

  const p = list.map((props, i) => encode(props, `props[${i}]`));
  const encoded: EncodedProps = { p, s: table };
  return escapeJsonForScript(JSON.stringify(encoded));
}

/**
 * Escapes JSON text for a `<script>` element. Every replaced character can only occur inside
 * JSON strings, where a `\uXXXX` escape means the same character.
 */
export function escapeJsonForScript(json: string): string {
  return json.replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** Creates a signal holding a value (in the browser: `signal` from @preact/signals). */
export type SignalFactory = (value: unknown) => unknown;

/** True when the encoded props contain signals, so the caller must supply a factory. */
export function needsSignals(encoded: EncodedProps): boolean {
  return encoded.s.length > 0;
}

/**
 * Decodes parsed JSON from {@link serializeProps} (after `JSON.parse`) back into the list of
 * props. `makeSignal` is required when {@link needsSignals} says so.
 */
export function decodeProps(encoded: EncodedProps, makeSignal?: SignalFactory): unknown[] {
  if (typeof encoded !== "object" || encoded === null || !Array.isArray(encoded.p)) {
    throw new SyntaxError("Island props are not in the expected {p, s} shape");
  }
  const table = Array.isArray(encoded.s) ? encoded.s : [];
  const signals = new Map<number, { value: unknown }>();

  const decode = (value: unknown): unknown => {
    if (typeof value !== "object" || value === null) return value;
    if (Array.isArray(value)) return value.map(decode);
    const obj = value as Record<string, unknown>;
    if (!Object.hasOwn(obj, "_rf")) return decodeEntries(obj);
    const v = obj.v;
    switch (obj._rf) {
      case "u":
        return undefined;
      case "n":
        return v === "-0" ? -0 : Number(v);
      case "b":
        return BigInt(v as string);
      case "d":
        return new Date(v as string);
      case "set":
        return new Set((v as unknown[]).map(decode));
      case "map":
        return new Map((v as [unknown, unknown][]).map(([k, x]) => [decode(k), decode(x)]));
      case "l":
        return decodeEntries(v as Record<string, unknown>);
      case "s":
        return signalAt(obj.i as number);
      default:
        throw new SyntaxError(`Unknown island prop tag "${String(obj._rf)}"`);
    }
  };

  const decodeEntries = (obj: Record<string, unknown>) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) out[k] = decode(v);
    return out;
  };

  const signalAt = (i: number): unknown => {
    if (!Number.isInteger(i) || i < 0 || i >= table.length) {
      throw new SyntaxError(`Island props refer to missing signal ${i}`);
    }
    if (!makeSignal) throw new TypeError("Island props contain signals but no signal factory");
    let s = signals.get(i);
    if (!s) {
      // Registered before decoding its value, so a signal whose value refers back to it works.
      s = makeSignal(undefined) as { value: unknown };
      signals.set(i, s);
      s.value = decode(table[i]);
    }
    return s;
  };

  return encoded.p.map(decode);
}
