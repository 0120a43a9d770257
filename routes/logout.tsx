/**
 * Sign out. POST (the header's button) ends the session and clears the cookie; GET shows a
 * confirmation button, so a link from another site cannot sign anyone out.
 */
import { logoutCookie, readForm, redirect } from "../lib/web/forms.ts";
import type { Handlers } from "../lib/web/types.ts";

export const handler: Handlers = {
  GET(ctx) {
    if (!ctx.state.user) return redirect("/login");
    return ctx.render({ title: "Sign out" });
  },
  async POST(ctx) {
    await readForm(ctx);
    if (ctx.state.token && ctx.state.auth_via === "cookie") {
      await ctx.services.auth.logout(ctx.state.token);
    }
    return redirect("/login", { "set-cookie": logoutCookie(ctx.url) });
  },
};

export default function Logout() {
  return (
    <form class="form-card" method="post" action="/logout">
      <h1>Sign out?</h1>
      <p class="muted">You will need your password to come back.</p>
      <button type="submit" class="btn-primary">Sign out</button>
    </form>
  );
}
