/**
 * Escaping of file names inside ffmpeg filter graphs (ffmpeg-filters(1), "Notes on filtergraph
 * escaping"). A path given as a filter option is parsed twice: first as an option value, where
 * `\`, `'` and `:` are special, then as part of the filter graph, where `\`, `'`, `[`, `]`, `,`
 * and `;` are. Arguments reach ffmpeg without a shell, so there is no third level.
 */

/** Escapes one option value for the option parser (first level). */
export function escapeFilterOptionValue(value: string): string {
  return value.replace(/[\\':]/g, "\\$&");
}

/** Escapes a filter description for the filter graph parser (second level). */
export function escapeFilterGraph(text: string): string {
  return text.replace(/[\\'[\],;]/g, "\\$&");
}

/**
 * A file path as it must appear after `filename=` in a `-vf`/`-filter_complex` graph, e.g.
 * `subtitles=filename=${escapeFilterPath(path)}:si=0`.
 */
export function escapeFilterPath(path: string): string {
  return escapeFilterGraph(escapeFilterOptionValue(path));
}
