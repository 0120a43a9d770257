/**
 * Language names and codes → ISO 639-2/B, for sidecar subtitle names and stream tags.
 *
 * Each row lists the bibliographic code first, then every alias that should map to it: the
 * terminology code when it differs, the ISO 639-1 code, English names and the common native
 * names. Lookup is case-insensitive and diacritic-insensitive (`Français` = `francais`), and a
 * region or script subtag is dropped (`pt-BR`, `en_US`, `zh-Hant` → the base language).
 */

// [639-2/B, ...aliases]. Kept to the ~70 languages that actually show up in media libraries so
// that ordinary words in file names are less likely to be taken for a language.
const LANGUAGE_ROWS: readonly (readonly string[])[] = [
  ["eng", "en", "english"],
  ["ger", "deu", "de", "german", "deutsch"],
  ["fre", "fra", "fr", "french", "francais", "vf", "vff", "truefrench"],
  ["spa", "es", "spanish", "espanol", "castellano", "castilian", "latino"],
  ["ita", "it", "italian", "italiano"],
  ["jpn", "ja", "jp", "japanese", "nihongo", "日本語"],
  ["chi", "zho", "zh", "chinese", "mandarin", "cantonese", "chs", "cht", "中文", "汉语", "漢語"],
  ["por", "pt", "portuguese", "portugues", "brazilian", "pob", "pb"],
  ["rus", "ru", "russian", "русский"],
  ["kor", "ko", "korean", "한국어"],
  ["dut", "nld", "nl", "dutch", "nederlands", "flemish", "vlaams"],
  ["swe", "sv", "swedish", "svenska"],
  ["nor", "no", "norwegian", "norsk"],
  ["nob", "nb", "bokmal"],
  ["nno", "nn", "nynorsk"],
  ["dan", "da", "danish", "dansk"],
  ["fin", "fi", "finnish", "suomi"],
  ["pol", "pl", "polish", "polski"],
  ["tur", "tr", "turkish", "turkce"],
  ["ara", "ar", "arabic"],
  ["heb", "he", "iw", "hebrew"],
  ["hin", "hi", "hindi"],
  ["hun", "hu", "hungarian", "magyar"],
  ["cze", "ces", "cs", "czech", "cestina"],
  ["gre", "ell", "el", "greek", "ελληνικα"],
  ["rum", "ron", "ro", "romanian", "romana"],
  ["bul", "bg", "bulgarian"],
  ["hrv", "hr", "croatian", "hrvatski"],
  ["srp", "sr", "serbian", "srpski"],
  ["slo", "slk", "sk", "slovak", "slovencina"],
  ["slv", "sl", "slovenian", "slovene", "slovenscina"],
  ["ukr", "uk", "ukrainian"],
  ["tha", "th", "thai"],
  ["vie", "vi", "vietnamese"],
  ["ind", "id", "indonesian", "bahasa indonesia"],
  ["may", "msa", "ms", "malay"],
  ["per", "fas", "fa", "persian", "farsi"],
  ["ice", "isl", "is", "icelandic"],
  ["est", "et", "estonian", "eesti"],
  ["lav", "lv", "latvian"],
  ["lit", "lt", "lithuanian"],
  ["cat", "ca", "catalan", "catala"],
  ["baq", "eus", "eu", "basque", "euskara"],
  ["glg", "gl", "galician"],
  ["wel", "cym", "cy", "welsh"],
  ["gle", "ga", "irish"],
  ["alb", "sqi", "sq", "albanian"],
  ["mac", "mkd", "mk", "macedonian"],
  ["bos", "bs", "bosnian"],
  ["arm", "hye", "hy", "armenian"],
  ["geo", "kat", "ka", "georgian"],
  ["aze", "az", "azerbaijani"],
  ["kaz", "kk", "kazakh"],
  ["urd", "ur", "urdu"],
  ["ben", "bn", "bengali", "bangla"],
  ["tam", "ta", "tamil"],
  ["tel", "te", "telugu"],
  ["mar", "mr", "marathi"],
  ["mal", "ml", "malayalam"],
  ["kan", "kn", "kannada"],
  ["guj", "gu", "gujarati"],
  ["pan", "pa", "punjabi"],
  ["tgl", "tl", "tagalog"],
  ["fil", "filipino"],
  ["swa", "sw", "swahili"],
  ["afr", "af", "afrikaans"],
  ["amh", "am", "amharic"],
  ["mon", "mn", "mongolian"],
  ["nep", "ne", "nepali"],
  ["sin", "si", "sinhala", "sinhalese"],
  ["khm", "km", "khmer"],
  ["lao", "lo", "lao"],
  ["bur", "mya", "my", "burmese"],
  ["lat", "la", "latin"],
  ["epo", "eo", "esperanto"],
];

const LANGUAGE_INDEX: ReadonlyMap<string, string> = (() => {
  const index = new Map<string, string>();
  for (const [code, ...aliases] of LANGUAGE_ROWS) {
    index.set(code, code);
    for (const alias of aliases) index.set(alias, code);
  }
  return index;
})();

const SUBTAG = /^([\p{L}]{2,3})[-_][\p{L}\d]{2,8}$/u;
const MARKS = /\p{M}+/gu;

/**
 * Normalises a language code or name to its ISO 639-2/B code (`"en"`, `"English"`, `"eng"`,
 * `"en-US"` → `"eng"`; `"de"`, `"deu"`, `"Deutsch"` → `"ger"`). Returns undefined when the
 * text is not a known language.
 */
export function normalizeLanguage(s: string): string | undefined {
  const key = s.trim().toLowerCase();
  if (key === "") return undefined;
  const direct = LANGUAGE_INDEX.get(key);
  if (direct !== undefined) return direct;
  const sub = SUBTAG.exec(key);
  if (sub) return LANGUAGE_INDEX.get(sub[1]);
  // Diacritics last: only names carry them, and NFD is the costly step.
  const plain = key.normalize("NFD").replace(MARKS, "");
  return plain === key ? undefined : LANGUAGE_INDEX.get(plain);
}
