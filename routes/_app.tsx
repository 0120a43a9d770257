/** The HTML shell of every page: head, header, main, footer. */
import type { PageProps } from "../lib/web/types.ts";
import { AppHeader } from "../components/AppHeader.tsx";
import { pageTitle } from "../components/page_title.ts";
import { assetUrl } from "../lib/web/static_files.ts";

export default function App({ Component, state, url, data }: PageProps) {
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="dark" />
        <meta name="theme-color" content="#0e1116" />
        <title>{pageTitle(data)}</title>
        <link rel="icon" href={assetUrl("favicon.svg")} type="image/svg+xml" />
        <link rel="stylesheet" href={assetUrl("style.css")} />
      </head>
      <body>
        <AppHeader user={state.user} path={url.pathname} />
        <main class="page" id="main">
          <Component />
        </main>
      </body>
    </html>
  );
}
