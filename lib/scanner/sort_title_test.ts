import { assertEquals } from "../../tests/helpers/assert.ts";
import { searchText, sortTitle } from "./sort_title.ts";

Deno.test("sortTitle() moves a leading article to the end and lower-cases", () => {
  const table: [string, string][] = [
    ["The Matrix", "matrix, the"],
    ["A Beautiful Mind", "beautiful mind, a"],
    ["An American Tail", "american tail, an"],
    ["Theodore", "theodore"],
    ["Another Earth", "another earth"],
    ["The", "the"],
    ["Amélie", "amelie"],
    ["  Twin   Peaks ", "twin peaks"],
    ["THE SHINING", "shining, the"],
  ];
  for (const [title, expected] of table) assertEquals(sortTitle(title), expected, title);
});

Deno.test("searchText() folds case, diacritics and punctuation", () => {
  const table: [string, string][] = [
    ["Spider-Man: No Way Home", "spider man no way home"],
    ["Amélie", "amelie"],
    ["Café  Society!", "cafe society"],
    ["日本語 タイトル", "日本語 タイトル"],
    ["--", ""],
  ];
  for (const [text, expected] of table) assertEquals(searchText(text), expected, text);
});
