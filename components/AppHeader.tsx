/** The top bar of every page: brand, navigation and the signed-in user with a sign-out button. */
import type { User } from "../lib/db/users.ts";

/** Props of {@link AppHeader}. */
export interface AppHeaderProps {
  user?: User;
  /** The current path, to mark the active link. */
  path: string;
}

/** The site header. */
export function AppHeader({ user, path }: AppHeaderProps) {
  const current = (href: string) =>
    (href === "/" ? path === "/" : path === href || path.startsWith(href + "/"))
      ? "page"
      : undefined;
  return (
    <header class="top">
      <a class="brand" href="/">
        <span class="brand-mark" aria-hidden="true">▶</span>
        Rustfin
      </a>
      <nav class="nav" aria-label="Main">
        {user && <a href="/" aria-current={current("/")}>Home</a>}
        {user && <a href="/settings" aria-current={current("/settings")}>Settings</a>}
        {user?.is_admin && <a href="/admin" aria-current={current("/admin")}>Admin</a>}
      </nav>
      {user && (
        <div class="user">
          <span class="name">{user.username}</span>
          <form method="post" action="/logout">
            <button type="submit" class="btn-small">Sign out</button>
          </form>
        </div>
      )}
    </header>
  );
}
