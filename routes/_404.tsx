/** The 404 page, in the site's look. */
import type { PageProps } from "../lib/web/types.ts";

export default function NotFound({ data: raw, state }: PageProps) {
  const data = raw as { status: number; message: string } | undefined;
  return (
    <section class="error-page">
      <p class="error-code">404</p>
      <h1>{data?.message ?? "Page not found"}</h1>
      <p class="muted">The page or item may have been removed, or the link is wrong.</p>
      <p>
        <a class="btn" href={state.user ? "/" : "/login"}>
          {state.user ? "Back to your libraries" : "Sign in"}
        </a>
      </p>
    </section>
  );
}
