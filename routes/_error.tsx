/** The error page (403, 500, …), in the site's look. Messages never include internals. */
import type { PageProps } from "../lib/web/types.ts";

export default function ErrorPage({ data: raw }: PageProps) {
  const data = raw as { status: number; message: string } | undefined;
  const status = data?.status ?? 500;
  return (
    <section class="error-page">
      <p class="error-code">{status}</p>
      <h1>{status >= 500 ? "Something went wrong" : data?.message}</h1>
      <p class="muted">
        {status >= 500
          ? "The server could not finish this request. Try again; if it keeps failing, the server log says why."
          : status === 403
          ? "Your account is not allowed to open this page."
          : ""}
      </p>
      <p>
        <a class="btn" href="/">Home</a>
      </p>
    </section>
  );
}
