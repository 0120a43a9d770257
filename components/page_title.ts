/** The document title of a page, from the `title` its handler puts in the page data. */

/** "Alien · Rustfin", or "Rustfin" when the data has no title. */
export function pageTitle(data: unknown): string {
  const d = data as { title?: unknown; status?: unknown; message?: unknown } | null;
  const title = typeof d?.title === "string"
    ? d.title
    : typeof d?.status === "number"
    ? String(d.message ?? d.status)
    : "";
  return title ? `${title} · Rustfin` : "Rustfin";
}
