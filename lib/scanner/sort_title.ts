/**
 * Title keys for sorting and searching. Pure functions: the scanner stores their results in
 * `media_items.sort_title` / `search_title`, and the item listing normalises `?q=` the same way.
 */

const LEADING_ARTICLE = /^(the|a|an)\s+(.+)$/;

/** Lower case without diacritics ("Amélie" → "amelie"), whitespace collapsed. */
function fold(text: string): string {
  // Most titles are ASCII, which has nothing to decompose.
  const plain = NON_ASCII.test(text) ? text.normalize("NFKD").replace(/\p{M}+/gu, "") : text;
  return plain.toLowerCase().replace(/\s+/g, " ").trim();
}

/** Any UTF-16 code unit above ASCII (astral characters show as surrogates, also in range). */
export const NON_ASCII = /[\u0080-\uffff]/;

/**
 * The key items sort by: lower-cased, diacritics removed, a leading English article moved to
 * the end ("The Matrix" → "matrix, the"), as libraries conventionally file titles.
 */
export function sortTitle(title: string): string {
  const folded = fold(title);
  const m = LEADING_ARTICLE.exec(folded);
  return m ? `${m[2]}, ${m[1]}` : folded;
}

/**
 * The text `?q=` searches: lower-cased, diacritics removed, every run of punctuation or
 * whitespace turned into one space, so "spider-man" finds "Spider-Man: No Way Home" and
 * "amelie" finds "Amélie".
 */
export function searchText(text: string): string {
  return fold(text).replace(/[^\p{L}\p{N}]+/gu, " ").trim();
}
