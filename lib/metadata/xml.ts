/**
 * A small, tolerant XML reader for Kodi NFO files: elements, attributes, text, CDATA, comments,
 * processing instructions and the XML/HTML character entities NFO writers use. No namespaces, no
 * DTDs. Element names are lower-cased (NFO writers disagree on case). Mismatched or unclosed tags
 * throw a `SyntaxError`; the caller records it on the item.
 */

/** One element: lower-cased name, attributes, children and its direct text. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** The element's own text (CDATA included), entities decoded, not trimmed. */
  text: string;
}

/** What {@link parseXml} found: the root element and any text after it (Kodi's "URL NFO"). */
export interface XmlDocument {
  root: XmlElement;
  /** Text after the root element (Kodi allows a scraper URL there). */
  trailing: string;
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: "\u00a0",
};

/** Decodes `&amp;`, `&#233;`, `&#x2019;`; unknown or broken entities are kept as written. */
export function decodeEntities(s: string): string {
  if (!s.includes("&")) return s;
  return s.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z][a-z0-9]*);/gi, (whole, body: string) => {
    if (body[0] === "#") {
      const code = body[1] === "x" || body[1] === "X"
        ? parseInt(body.slice(2), 16)
        : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff
        ? String.fromCodePoint(code)
        : whole;
    }
    return NAMED_ENTITIES[body.toLowerCase()] ?? whole;
  });
}

const NAME_RE = /^[A-Za-z_:][\w:.-]*/;
const ATTR_RE = /([A-Za-z_:][\w:.-]*)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>/]+)))?/g;

/**
 * Parses an XML document. Throws `SyntaxError` (message without any path) when the markup is
 * broken: no root element, a closing tag that does not match, or an element left open.
 */
export function parseXml(input: string): XmlDocument {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const stack: XmlElement[] = [];
  let root: XmlElement | null = null;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const lt = text.indexOf("<", i);
    if (lt < 0 || root !== null && stack.length === 0) break;
    if (lt > i && stack.length > 0) {
      stack[stack.length - 1].text += decodeEntities(text.slice(i, lt));
    }
    if (text.startsWith("<!--", lt)) {
      const end = text.indexOf("-->", lt + 4);
      if (end < 0) throw new SyntaxError("Unclosed comment");
      i = end + 3;
    } else if (text.startsWith("<![CDATA[", lt)) {
      const end = text.indexOf("]]>", lt + 9);
      if (end < 0) throw new SyntaxError("Unclosed CDATA section");
      if (stack.length > 0) stack[stack.length - 1].text += text.slice(lt + 9, end);
      i = end + 3;
    } else if (text[lt + 1] === "?" || text[lt + 1] === "!") {
      const end = text.indexOf(">", lt);
      if (end < 0) throw new SyntaxError("Unclosed declaration");
      i = end + 1;
    } else if (text[lt + 1] === "/") {
      const end = text.indexOf(">", lt);
      if (end < 0) throw new SyntaxError("Unclosed end tag");
      const name = text.slice(lt + 2, end).trim().toLowerCase();
      const open = stack.pop();
      if (!open) throw new SyntaxError(`Unexpected end tag </${name}>`);
      if (open.name !== name) {
        throw new SyntaxError(`End tag </${name}> does not match <${open.name}>`);
      }
      i = end + 1;
    } else {
      const m = NAME_RE.exec(text.slice(lt + 1, lt + 256));
      if (!m) {
        // A bare "<" in text: tolerated as a literal character.
        if (stack.length > 0) stack[stack.length - 1].text += "<";
        i = lt + 1;
        continue;
      }
      const end = _tagEnd(text, lt + 1 + m[0].length);
      if (end < 0) throw new SyntaxError(`Unclosed tag <${m[0]}>`);
      const selfClosing = text[end - 1] === "/";
      const attrSrc = text.slice(lt + 1 + m[0].length, selfClosing ? end - 1 : end);
      const el: XmlElement = {
        name: m[0].toLowerCase(),
        attrs: _attrs(attrSrc),
        children: [],
        text: "",
      };
      if (stack.length > 0) stack[stack.length - 1].children.push(el);
      else if (root === null) root = el;
      else throw new SyntaxError("More than one root element");
      if (!selfClosing) stack.push(el);
      i = end + 1;
    }
  }
  if (root === null) throw new SyntaxError("No root element");
  if (stack.length > 0) {
    throw new SyntaxError(`Element <${stack[stack.length - 1].name}> not closed`);
  }
  return { root, trailing: text.slice(i) };
}

/** The index of the `>` closing a start tag, skipping quoted attribute values. */
function _tagEnd(text: string, from: number): number {
  let quote = "";
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === ">") return i;
    else if (c === "<") return -1;
  }
  return -1;
}

function _attrs(src: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of src.matchAll(ATTR_RE)) {
    out[m[1].toLowerCase()] = decodeEntities(m[2] ?? m[3] ?? m[4] ?? "");
  }
  return out;
}

/** Children of `el` named `name`. */
export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => c.name === name);
}

/** The trimmed text of the first child named `name`, or null when absent or empty. */
export function childText(el: XmlElement, name: string): string | null {
  for (const c of el.children) {
    if (c.name === name) {
      const t = c.text.trim();
      if (t !== "") return t;
    }
  }
  return null;
}
