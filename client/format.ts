/**
 * Formatting shared by server-rendered pages and islands (so both print the same text, which
 * hydration needs): durations, sizes, clock times and the placeholder art of items without
 * images. Pure functions, no DOM.
 */

/** "1 h 52 min", "42 min", "3 min 20 s" from milliseconds; "" for null/invalid. */
export function formatRuntime(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms <= 0) return "";
  const totalS = Math.round(ms / 1000);
  const h = Math.floor(totalS / 3600);
  const m = Math.floor((totalS % 3600) / 60);
  const s = totalS % 60;
  if (h > 0) return m > 0 ? `${h} h ${m} min` : `${h} h`;
  if (m >= 10) return `${m} min`;
  if (m > 0) return s > 0 ? `${m} min ${s} s` : `${m} min`;
  return `${s} s`;
}

/** A player clock: "1:02:03" or "2:03" from seconds; "0:00" for invalid values. */
export function formatClock(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) seconds = 0;
  const t = Math.floor(seconds);
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const s = t % 60;
  const ss = String(s).padStart(2, "0");
  return h > 0 ? `${h}:${String(m).padStart(2, "0")}:${ss}` : `${m}:${ss}`;
}

/** "1.4 GB", "700 MB", "12 KB" (decimal units, as file managers show them); "" for null. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes) || bytes < 0) return "";
  const units = ["B", "KB", "MB", "GB", "TB"];
  let v = bytes;
  let i = 0;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${i === 0 ? v : v >= 100 ? Math.round(v) : v.toFixed(1)} ${units[i]}`;
}

/** Up to two initials of a title ("The Big Lebowski" → "BL", "Heat" → "H"), for placeholders. */
export function initials(title: string): string {
  const words = title.replace(/[^\p{L}\p{N}\s]/gu, " ").split(/\s+/).filter(Boolean);
  const skip = new Set(["the", "a", "an", "le", "la", "les", "der", "die", "das", "el"]);
  const main = words.length > 1 ? words.filter((w) => !skip.has(w.toLowerCase())) : words;
  const picked = (main.length > 0 ? main : words).slice(0, 2);
  return picked.map((w) => [...w][0]!.toUpperCase()).join("") || "?";
}

/** A stable hue (0–359) for a string, so an item's placeholder keeps its colour. */
export function hueOf(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 16777619);
  }
  return (h >>> 0) % 360;
}

/** "20,000": digits grouped by commas, the same on server and browser whatever the locale. */
export function formatCount(n: number): string {
  return String(Math.trunc(n)).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
