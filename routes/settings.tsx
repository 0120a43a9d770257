/**
 * The signed-in user's playback settings: preferred audio and subtitle languages (ISO 639-2/B
 * codes, used for the default track choice) and the maximum streaming bitrate. A plain form
 * POST answered with a redirect, so it works without JavaScript; the values go through the
 * same validation as `PUT /api/me/settings`.
 */
import { requireUser } from "../lib/web/guards.ts";
import { readForm, redirect } from "../lib/web/forms.ts";
import type { Handlers, PageProps } from "../lib/web/types.ts";
import { parseUserSettings, UserSettingsError } from "../lib/playstate/user_settings.ts";
import type { UserSettings } from "../lib/db/user_settings.ts";
import { Message } from "../components/Field.tsx";

/** Common languages of media libraries, by ISO 639-2/B code, in the order people look for. */
const LANGUAGES: readonly [string, string][] = [
  ["eng", "English"],
  ["fre", "French"],
  ["ger", "German"],
  ["spa", "Spanish"],
  ["ita", "Italian"],
  ["por", "Portuguese"],
  ["dut", "Dutch"],
  ["swe", "Swedish"],
  ["nor", "Norwegian"],
  ["dan", "Danish"],
  ["fin", "Finnish"],
  ["ice", "Icelandic"],
  ["pol", "Polish"],
  ["cze", "Czech"],
  ["slo", "Slovak"],
  ["hun", "Hungarian"],
  ["rum", "Romanian"],
  ["bul", "Bulgarian"],
  ["gre", "Greek"],
  ["hrv", "Croatian"],
  ["srp", "Serbian"],
  ["slv", "Slovenian"],
  ["rus", "Russian"],
  ["ukr", "Ukrainian"],
  ["tur", "Turkish"],
  ["ara", "Arabic"],
  ["heb", "Hebrew"],
  ["per", "Persian"],
  ["hin", "Hindi"],
  ["tha", "Thai"],
  ["vie", "Vietnamese"],
  ["ind", "Indonesian"],
  ["may", "Malay"],
  ["chi", "Chinese"],
  ["jpn", "Japanese"],
  ["kor", "Korean"],
];

/** The bitrate choices, in kbit/s; 0 is "Auto" (no limit). */
const BITRATES: readonly [number, string][] = [
  [0, "Auto (no limit)"],
  [40_000, "40 Mbit/s"],
  [20_000, "20 Mbit/s"],
  [10_000, "10 Mbit/s"],
  [8_000, "8 Mbit/s"],
  [4_000, "4 Mbit/s"],
  [2_000, "2 Mbit/s"],
  [1_000, "1 Mbit/s"],
];

interface SettingsData {
  title: string;
  settings: UserSettings;
  notice?: string;
  error?: string;
}

export const handler: Handlers = {
  GET(ctx) {
    const user = requireUser(ctx);
    const saved = ctx.url.searchParams.get("saved") === "1";
    return ctx.render(
      {
        title: "Settings",
        settings: ctx.services.playState.settings.get(user.id),
        notice: saved ? "Settings saved." : undefined,
      } satisfies SettingsData,
    );
  },
  async POST(ctx) {
    const user = requireUser(ctx);
    const form = await readForm(ctx);
    const repo = ctx.services.playState.settings;
    const prev = repo.get(user.id);
    const bitrate = Number(form.get("max_bitrate_kbps") ?? "0");
    try {
      const next = parseUserSettings({
        audio_language: form.get("audio_language") ?? "",
        subtitle_language: form.get("subtitle_language") ?? "",
        max_bitrate_kbps: Number.isFinite(bitrate) ? bitrate : -1,
      }, prev);
      repo.put(user.id, next);
      return redirect("/settings?saved=1");
    } catch (err) {
      if (!(err instanceof UserSettingsError)) throw err;
      return ctx.render(
        { title: "Settings", settings: prev, error: err.message } satisfies SettingsData,
        { status: 400 },
      );
    }
  },
};

function LanguageSelect(
  { name, label, value, none }: { name: string; label: string; value: string | null; none: string },
) {
  const known = LANGUAGES.some(([code]) => code === value);
  return (
    <label class="field">
      <span>{label}</span>
      <select name={name}>
        <option value="" selected={!value}>{none}</option>
        {value && !known && <option value={value} selected>{value}</option>}
        {LANGUAGES.map(([code, name]) => (
          <option value={code} selected={code === value}>{name} ({code})</option>
        ))}
      </select>
    </label>
  );
}

export default function SettingsPage(props: PageProps) {
  const data = props.data as SettingsData;
  const s = data.settings;
  const bitrateKnown = BITRATES.some(([kbps]) => kbps === (s.max_bitrate_kbps ?? 0));
  return (
    <>
      <h1>Settings</h1>
      <Message error={data.error} notice={data.notice} />
      <section class="panel" aria-labelledby="playback-h">
        <h2 id="playback-h">Playback</h2>
        <form method="post" action="/settings" class="settings-form">
          <LanguageSelect
            name="audio_language"
            label="Preferred audio language"
            value={s.audio_language}
            none="No preference (the file’s default)"
          />
          <LanguageSelect
            name="subtitle_language"
            label="Preferred subtitle language"
            value={s.subtitle_language}
            none="No preference"
          />
          <label class="field">
            <span>Maximum streaming bitrate</span>
            <select name="max_bitrate_kbps">
              {!bitrateKnown && s.max_bitrate_kbps !== null && (
                <option value={String(s.max_bitrate_kbps)} selected>
                  {s.max_bitrate_kbps} kbit/s
                </option>
              )}
              {BITRATES.map(([kbps, label]) => (
                <option value={String(kbps)} selected={kbps === (s.max_bitrate_kbps ?? 0)}>
                  {label}
                </option>
              ))}
            </select>
          </label>
          <p class="muted">
            Subtitles in the preferred language are shown when the audio is in another language. A
            lower bitrate makes the server convert big files for slow connections.
          </p>
          <div>
            <button type="submit" class="btn-primary">Save</button>
          </div>
        </form>
      </section>
    </>
  );
}
