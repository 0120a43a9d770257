/** A breadcrumb trail ("Movies › Alien"). */

/** One step of the trail; the last one is the current page and has no link. */
export interface Crumb {
  label: string;
  href?: string;
}

/** The breadcrumb navigation. */
export function Crumbs({ items }: { items: Crumb[] }) {
  return (
    <nav class="crumbs" aria-label="Breadcrumb">
      {items.map((c, i) => (
        <span key={i}>
          {i > 0 && <span aria-hidden="true">›</span>}
          {c.href ? <a href={c.href}>{c.label}</a> : <span aria-current="page">{c.label}</span>}
        </span>
      ))}
    </nav>
  );
}
