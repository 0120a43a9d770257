/**
 * First-run setup: creates the admin account, only while no user exists, then signs the new
 * admin in and opens the admin page to add a library. Afterwards the page redirects to /login.
 */
import { hashPassword, passwordProblem } from "../lib/auth/password.ts";
import { usernameProblem } from "../lib/auth/username.ts";
import { loginCookie, readForm, redirect } from "../lib/web/forms.ts";
import type { Handlers, PageProps } from "../lib/web/types.ts";
import { Field, Message } from "../components/Field.tsx";

interface SetupData {
  title: string;
  username: string;
  error?: string;
}

export const handler: Handlers = {
  GET(ctx) {
    if (ctx.services.users.count() > 0) return redirect("/login");
    return ctx.render({ title: "Welcome", username: "" } satisfies SetupData);
  },
  async POST(ctx) {
    if (ctx.services.users.count() > 0) return redirect("/login");
    const form = await readForm(ctx);
    const username = (form.get("username") ?? "").trim();
    const password = form.get("password") ?? "";
    const data: SetupData = { title: "Welcome", username };
    const problem = usernameProblem(username) ?? passwordProblem(password) ??
      (password !== form.get("confirm") ? "The two passwords differ." : undefined);
    if (problem) return ctx.render({ ...data, error: problem }, { status: 400 });
    const user = ctx.services.users.createFirst({
      username,
      password_hash: await hashPassword(password),
    });
    // Someone else finished setup a moment ago.
    if (!user) return redirect("/login");
    ctx.services.log.info("first admin created", { username });
    const { token } = await ctx.services.auth.login(
      username,
      password,
      ctx.remoteAddr,
      ctx.req.headers.get("user-agent") ?? undefined,
    );
    return redirect("/admin", { "set-cookie": loginCookie(token, ctx.url) });
  },
};

export default function Setup(props: PageProps) {
  const data = props.data as SetupData;
  return (
    <form class="form-card" method="post" action="/setup">
      <h1>Welcome to Rustfin</h1>
      <p class="muted">Create the administrator account. You can add libraries and users next.</p>
      <Message error={data.error} />
      <Field
        label="User name"
        name="username"
        value={data.username}
        autocomplete="username"
        required
        autofocus
      />
      <Field
        label="Password (at least 8 characters)"
        name="password"
        type="password"
        autocomplete="new-password"
        minLength={8}
        required
      />
      <Field
        label="Repeat the password"
        name="confirm"
        type="password"
        autocomplete="new-password"
        minLength={8}
        required
      />
      <button type="submit" class="btn-primary">Create admin and continue</button>
    </form>
  );
}
