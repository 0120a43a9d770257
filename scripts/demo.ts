/**
 * `deno task demo`: builds a small sample library with ffmpeg's synthetic sources in
 * `<data dir>/demo-media` (two movies, a show with two seasons, an album, a sidecar subtitle, and
 * one HEVC + AC-3 file that browsers cannot play directly), then starts the server on it with a
 * printed admin login. What a newcomer runs first.
 */
import { join } from "node:path";
import { parseConfig } from "../lib/config.ts";
import { startServer } from "../lib/server.ts";
import { makeMedia, type MediaSpec } from "../tests/fixtures/media.ts";
import { newToken } from "../lib/ids.ts";

const video = (codec: "h264" | "hevc" = "h264", pix_fmt?: string) => ({
  codec,
  width: 640,
  height: 360,
  fps: 25,
  gop_s: 2,
  ...(pix_fmt ? { pix_fmt } : {}),
});
const aac = { codec: "aac" as const, channels: 2, sample_rate: 48000 };

const SPECS: MediaSpec[] = [
  {
    name: "Movies/Sintel Test (2010)/Sintel Test (2010).mp4",
    duration_s: 60,
    video: video(),
    audio: aac,
  },
  {
    name: "Movies/Big Buck Test (2008)/Big Buck Test (2008).mkv",
    duration_s: 45,
    video: video(),
    audio: { codec: "opus", channels: 2, sample_rate: 48000 },
  },
  {
    name: "Movies/Tears of Steel (2012)/Tears of Steel (2012) 2160p HEVC 10bit.mkv",
    duration_s: 30,
    video: video("hevc", "yuv420p10le"),
    audio: { codec: "ac3", channels: 6, sample_rate: 48000 },
  },
  ...[1, 2].flatMap((season) =>
    [1, 2, 3].map((ep): MediaSpec => ({
      name: `Shows/Demo Show (2021)/Season 0${season}/Demo Show S0${season}E0${ep}.mp4`,
      duration_s: 20,
      video: video(),
      audio: aac,
    }))
  ),
  ...["Opening", "Middle", "Closing"].map((title, i): MediaSpec => ({
    name: `Music/Demo Artist/Demo Album (2020)/0${i + 1} - ${title}.mp3`,
    duration_s: 15,
    audio: { codec: "mp3", channels: 2, sample_rate: 44100 },
    tags: {
      title,
      artist: "Demo Artist",
      album_artist: "Demo Artist",
      album: "Demo Album",
      track: String(i + 1),
      date: "2020",
    },
  })),
];

const SRT = `1
00:00:01,000 --> 00:00:04,000
Welcome to the Rustfin demo.

2
00:00:05,000 --> 00:00:09,000
These subtitles come from a sidecar .srt file.
`;

if (import.meta.main) {
  const config = parseConfig(Deno.env.toObject(), Deno.args);
  const media = join(config.data_dir, "demo-media");
  console.error(`Building the sample library in ${media} …`);
  const t0 = performance.now();
  for (const spec of SPECS) {
    const target = join(media, spec.name);
    if (await Deno.stat(target).then(() => true, () => false)) continue;
    await makeMedia(media, spec);
  }
  await Deno.writeTextFile(join(media, "Movies/Sintel Test (2010)/Sintel Test (2010).en.srt"), SRT);
  console.error(`Sample library ready in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

  // The demo admin's password is kept in the data dir so that a second run prints the same one.
  const passwordFile = join(config.data_dir, "demo-admin-password.txt");
  await Deno.mkdir(config.data_dir, { recursive: true });
  const saved = (await Deno.readTextFile(passwordFile).catch(() => "")).trim();
  const demoPassword = config.admin_password ?? (saved || newToken().slice(0, 12));
  await Deno.writeTextFile(passwordFile, demoPassword + "\n");
  const server = await startServer({
    ...config,
    admin_user: config.admin_user ?? "admin",
    admin_password: demoPassword,
    libraries: [
      { name: "Demo Movies", path: join(media, "Movies"), kind: "movies" },
      { name: "Demo Shows", path: join(media, "Shows"), kind: "shows" },
      { name: "Demo Music", path: join(media, "Music"), kind: "music" },
    ],
  });
  console.error(`\nRustfin demo running at ${server.url.replace("127.0.0.1", "localhost")}`);
  console.error(`Sign in as "${config.admin_user ?? "admin"}" with password "${demoPassword}"`);
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    Deno.addSignalListener(signal, () => server.shutdown().then(() => Deno.exit(0)));
  }
  await server.finished;
}
