/**
 * Sign-in page. The form POSTs here; on success the session cookie is set and the browser goes
 * to `next` (a local path only). Wrong passwords and rate limits re-render the form.
 */
import { LoginError } from "../lib/auth/authenticator.ts";
import { loginCookie, readForm, redirect, safeNext } from "../lib/web/forms.ts";
import type { Handlers, PageProps } from "../lib/web/types.ts";
import { Field, Message } from "../components/Field.tsx";

interface LoginData {
  title: string;
  next: string;
  username: string;
  error?: string;
}

export const handler: Handlers = {
  GET(ctx) {
    const next = safeNext(ctx.url.searchParams.get("next"));
    if (ctx.services.users.count() === 0) return redirect("/setup");
    if (ctx.state.user) return redirect(next);
    return ctx.render({ title: "Sign in", next, username: "" } satisfies LoginData);
  },
  async POST(ctx) {
    const form = await readForm(ctx);
    const next = safeNext(form.get("next") ?? ctx.url.searchParams.get("next"));
    const username = (form.get("username") ?? "").trim();
    const password = form.get("password") ?? "";
    const data: LoginData = { title: "Sign in", next, username };
    if (!username || !password) {
      return ctx.render({ ...data, error: "Enter your user name and password." }, { status: 400 });
    }
    try {
      const { token } = await ctx.services.auth.login(
        username,
        password,
        ctx.remoteAddr,
        ctx.req.headers.get("user-agent") ?? undefined,
      );
      return redirect(next, { "set-cookie": loginCookie(token, ctx.url) });
    } catch (err) {
      if (!(err instanceof LoginError)) throw err;
      const limited = err.code === "too_many_requests";
      return ctx.render({ ...data, error: err.message }, {
        status: limited ? 429 : 401,
        headers: limited ? { "retry-after": String(err.retryAfterS) } : {},
      });
    }
  },
};

export default function Login(props: PageProps) {
  const data = props.data as LoginData;
  const action = data.next === "/" ? "/login" : `/login?next=${encodeURIComponent(data.next)}`;
  return (
    <form class="form-card" method="post" action={action}>
      <h1>Sign in</h1>
      <Message error={data.error} />
      <input type="hidden" name="next" value={data.next} />
      <Field
        label="User name"
        name="username"
        value={data.username}
        autocomplete="username"
        required
        autofocus={!data.username}
      />
      <Field
        label="Password"
        name="password"
        type="password"
        autocomplete="current-password"
        required
        autofocus={!!data.username}
      />
      <button type="submit" class="btn-primary">Sign in</button>
    </form>
  );
}
