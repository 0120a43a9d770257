/**
 * Starts playbacks: picks the client's profile, merges its capability report, runs the decision
 * engine over the file's probe, and hands out a URL that carries its own playback credential —
 * the original file (direct), an HLS session (remux/transcode), or a progressive ffmpeg stream.
 * Keeps the live playback sessions (who plays what, and why it transcodes).
 */
import { dirname, join } from "node:path";
import {
  type FileWithProbe,
  type ItemRow,
  type ItemsRepo,
  primaryOf,
  type SubtitleTrack,
  subtitleTracks,
} from "../db/items.ts";
import type { User } from "../db/users.ts";
import type { Logger } from "../log.ts";
import type { MediaProbe } from "../media/types.ts";
import type { HwaccelReport } from "../media/hwaccel.ts";
import type { HwMethod } from "../media/hwaccel_args.ts";
import { ffmpegInputUrl, probeFile } from "../media/ffprobe.ts";
import type { ProcessSupervisor } from "../media/process.ts";
import { HttpError } from "../errors.ts";
import { contentTypeFor } from "../http/content_type.ts";
import { PLAYBACK_TOKEN_TTL_MS, type PlaybackTokens } from "../auth/playback_token.ts";
import type { HlsSessionManager } from "../hls/session_manager.ts";
import { PLAYLIST_MIME_TYPE } from "../hls/playlist.ts";
import { newId } from "../ids.ts";
import type { DeviceProfile } from "./profile.ts";
import { mergeCaps, parseCaps } from "./caps.ts";
import { pickProfile } from "./pick_profile.ts";
import { decide, type Decision, type SubtitleChoice } from "./decide.ts";
import { qualityLadder, type QualityOption } from "./quality_ladder.ts";
import { hlsJobFromDecision } from "./hls_job.ts";
import { progressiveArgs, progressiveMime } from "./progressive_args.ts";
import { isTextSubtitle } from "./codecs.ts";
import { defaultSubtitleIndex } from "../subtitles/default_subtitle.ts";
import {
  bitmapBurnInFilter,
  type BurnInInput,
  imageSidecarPath,
  sidecarBurnInFilter,
  textBurnInFilter,
} from "../subtitles/burn_in.ts";
import type { SubtitleStore } from "../subtitles/subtitle_store.ts";
import { storeAt } from "../subtitles/subtitles_for.ts";

/** A validated playback request body (docs/api.md "Playback request"). */
export interface PlaybackRequest {
  profile?: string;
  caps?: unknown;
  max_bitrate_kbps?: number;
  audio_index?: number;
  /**
   * Position in the item's subtitle list; `null` (or -1 in the body) means no subtitle, absent
   * means the default (a forced track in the audio's language).
   */
  subtitle_index?: number | null;
  start_ms?: number;
  speed?: number;
  /** A quality menu id: "auto", "original", "1080p", …; "auto" gives an adaptive master. */
  quality?: string;
  file_id?: string;
  /** Client or device name for the sessions view. */
  client?: string;
  /** Ask for burn-in of the chosen subtitle (keep ASS styling). */
  burn_in_subtitle?: boolean;
}

/** A live playback session. */
export interface PlaybackSession {
  id: string;
  user_id: string;
  username: string;
  item_id: string;
  item_title: string;
  file_id: string;
  file_path: string;
  client: string;
  profile: string;
  decision: Decision;
  probe: MediaProbe | null;
  started_at: string;
  last_seen_ms: number;
  position_ms: number;
  paused: boolean;
  /**
   * Text subtitles offered as WebVTT renditions of the HLS master playlist (item subtitle
   * indices), empty when the client does not take HLS subtitle renditions.
   */
  hls_subtitles: HlsSubtitleRendition[];
  /** The burn-in of the chosen subtitle, for progressive streams (HLS jobs carry their own). */
  burn_in?: BurnIn;
}

/** A subtitle burn-in: the filter, and the image sidecar it reads as a second input. */
interface BurnIn {
  filter: string;
  input?: BurnInInput;
}

/** One subtitle rendition of a session's master playlist. */
export interface HlsSubtitleRendition {
  /** Index in the item's subtitle list. */
  index: number;
  name: string;
  language: string | null;
  default: boolean;
  forced: boolean;
}

/** Dependencies of {@link PlaybackService}. */
export interface PlaybackServiceOptions {
  items: ItemsRepo;
  profiles: DeviceProfile[];
  tokens: PlaybackTokens;
  /** Null when ffmpeg/ffprobe are missing: then only direct play is possible. */
  hls: HlsSessionManager | null;
  ffmpegPath: string | null;
  ffprobePath: string | null;
  supervisor: ProcessSupervisor;
  hwaccel: () => HwaccelReport | null;
  log: Logger;
  /** Sessions with no activity for this long end by themselves. */
  sessionIdleMs?: number;
  /**
   * Subtitle text for burn-in; by default the store under the HLS cache's sibling `subtitles`
   * directory (`<data_dir>/cache/subtitles`), shared with the subtitle routes.
   */
  subtitles?: SubtitleStore;
}

function intField(body: Record<string, unknown>, name: string, min: number, max: number) {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v) || v < min || v > max) {
    throw new HttpError("bad_request", `"${name}" must be an integer between ${min} and ${max}`);
  }
  return v;
}

function strField(body: Record<string, unknown>, name: string, max = 200) {
  const v = body[name];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string" || v.length > max) {
    throw new HttpError("bad_request", `"${name}" must be a string`);
  }
  return v;
}

/** Validates a playback request body; throws 400 naming the field. */
export function parsePlaybackRequest(body: Record<string, unknown>): PlaybackRequest {
  const speed = body.speed;
  if (
    speed !== undefined && speed !== null &&
    (typeof speed !== "number" || !(speed >= 0.25 && speed <= 4))
  ) {
    throw new HttpError("bad_request", '"speed" must be a number between 0.25 and 4');
  }
  const burn = body.burn_in_subtitle;
  if (burn !== undefined && typeof burn !== "boolean") {
    throw new HttpError("bad_request", '"burn_in_subtitle" must be true or false');
  }
  return {
    profile: strField(body, "profile", 64),
    caps: body.caps ?? undefined,
    max_bitrate_kbps: intField(body, "max_bitrate_kbps", 64, 1_000_000),
    audio_index: intField(body, "audio_index", 0, 10_000),
    subtitle_index: body.subtitle_index === null || body.subtitle_index === -1
      ? null
      : intField(body, "subtitle_index", 0, 10_000),
    start_ms: intField(body, "start_ms", 0, 1_000_000_000),
    speed: typeof speed === "number" ? speed : undefined,
    quality: strField(body, "quality", 32),
    file_id: strField(body, "file_id", 64),
    client: strField(body, "client", 200),
    burn_in_subtitle: burn as boolean | undefined,
  };
}

/**
 * The subtitle renditions of an HLS master playlist: every text track when the decision
 * delivers the chosen one as an HLS rendition or the client prefers HLS renditions (its first
 * WebVTT rule is `hls`, e.g. iOS, whose native player shows its own subtitle menu); none
 * otherwise, so players that load external WebVTT do not get a second copy of every track. A
 * burnt-in track is left out; the chosen one is DEFAULT. Not offered for speed changes, whose
 * timeline differs from the file's.
 */
export function hlsSubtitleRenditions(
  tracks: readonly SubtitleTrack[],
  decision: Decision,
  profile: DeviceProfile,
): HlsSubtitleRendition[] {
  if (decision.protocol !== "hls" || decision.speed !== 1) return [];
  const firstText = profile.subtitles.find((r) =>
    r.format === "webvtt" && (r.method === "external" || r.method === "hls")
  );
  const wanted = decision.subtitle?.method === "hls" || firstText?.method === "hls";
  if (!wanted) return [];
  const burnt = decision.subtitle?.method === "burn_in" ? decision.subtitle.index : undefined;
  const chosen = decision.subtitle?.method === "hls" ? decision.subtitle.index : undefined;
  // NAME must be unique within the group (RFC 8216 §4.3.4.1.1): repeats get a number.
  const seen = new Map<string, number>();
  return tracks.filter((t) => isTextSubtitle(t.format) && t.index !== burnt).map((t) => {
    const base = [t.title ?? t.language ?? "Subtitle", t.forced ? "(forced)" : ""]
      .filter(Boolean).join(" ");
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return {
      index: t.index,
      name: n === 1 ? base : `${base} ${n}`,
      language: t.language,
      default: t.index === chosen,
      forced: t.forced,
    };
  });
}

/** A probe that failed or is missing: play the file as it is and say why. */
function unknownDecision(file: FileWithProbe, start_ms: number): Decision {
  return {
    decision: "direct",
    playable: true,
    blocked: null,
    reasons: ["unknown_stream_info"],
    protocol: "http",
    container: file.rel_path.split(".").pop()?.toLowerCase() ?? "",
    video: null,
    audio: null,
    subtitle: null,
    estimated_bitrate_kbps: 0,
    start_ms,
    speed: 1,
  };
}

/** Starts and tracks playbacks (see the module documentation). */
export class PlaybackService {
  #o: PlaybackServiceOptions;
  #sessions = new Map<string, PlaybackSession>();
  #timer: ReturnType<typeof setInterval>;

  constructor(opts: PlaybackServiceOptions) {
    this.#o = opts;
    this.#timer = setInterval(() => this.#sweep(), 5000);
    Deno.unrefTimer(this.#timer as unknown as number);
  }

  /** The loaded profiles' ids. */
  profileIds(): string[] {
    return this.#o.profiles.map((p) => p.id);
  }

  /** Starts a playback of `item` for `user`: the decision, URL and session. */
  async start(
    user: User,
    item: ItemRow,
    req: PlaybackRequest,
    userAgent: string | null,
  ): Promise<Record<string, unknown>> {
    const o = this.#o;
    const files = o.items.files(item.id);
    const playable = files.filter((f) => f.file_class === "video" || f.file_class === "audio");
    const file = req.file_id ? playable.find((f) => f.id === req.file_id) : primaryOf(files);
    if (!file) {
      throw new HttpError(
        "not_found",
        req.file_id ? "File not found" : "Item has no playable file",
      );
    }

    const profileId = req.profile ?? pickProfile(userAgent, o.profiles);
    const base = o.profiles.find((p) => p.id === profileId);
    if (!base) {
      throw new HttpError(
        "bad_request",
        `"profile" must be one of ${this.profileIds().join(", ")}`,
      );
    }
    const profile = mergeCaps(base, req.caps === undefined ? null : parseCaps(req.caps));
    const start_ms = req.start_ms ?? 0;

    let probe = file.probe;
    if (file.probe_status === "pending" && o.ffprobePath) {
      // Played before the background probe got to it: probe now rather than guess.
      probe = await probeFile(o.ffprobePath, file.path, { timeoutMs: 15_000 }).catch(() => null);
    }

    const itemSubtitles = subtitleTracks(files);
    let subtitle: SubtitleChoice | null = null;
    let subtitleIndex = req.subtitle_index;
    if (subtitleIndex === undefined) {
      // No choice made: a forced track in the language of the audio that will play. Sidecars
      // of an image format ffmpeg cannot read as one file are left out (see #burnIn).
      const audios = probe?.streams.filter((st) => st.type === "audio") ?? [];
      const audio = audios.find((a) => a.index === req.audio_index) ??
        audios.find((a) => a.default) ?? audios[0];
      const candidates = itemSubtitles
        .filter((t) =>
          t.source === "embedded" || isTextSubtitle(t.format) ||
          imageSidecarPath(t) !== null
        )
        .map((t) => ({ ...t, text: isTextSubtitle(t.format) }));
      subtitleIndex = audio ? defaultSubtitleIndex(candidates, audio.language) : null;
    }
    if (subtitleIndex !== undefined && subtitleIndex !== null) {
      const t = itemSubtitles.find((s) => s.index === subtitleIndex);
      if (!t) {
        throw new HttpError(
          "bad_request",
          `"subtitle_index" ${req.subtitle_index} is not a subtitle of this item`,
        );
      }
      subtitle = {
        source: t.source,
        stream_index: t.stream_index,
        format: t.format,
        index: t.index,
        burn_in: req.burn_in_subtitle,
      };
    }

    const canEncode = o.ffmpegPath !== null && o.hls !== null;
    let decision: Decision;
    if (!probe) decision = unknownDecision(file, start_ms);
    else {
      try {
        decision = decide({
          media: probe,
          profile,
          policy: {
            max_bitrate_kbps: req.max_bitrate_kbps,
            allow_transcoding: canEncode,
            allow_remux: canEncode,
          },
          audio_index: req.audio_index,
          subtitle,
          start_ms,
          speed: req.speed,
        });
      } catch (err) {
        if ((err as { code?: string }).code === "bad_request") {
          throw new HttpError("bad_request", (err as Error).message);
        }
        throw err;
      }
    }

    const id = newId();
    const expires = Date.now() + PLAYBACK_TOKEN_TTL_MS;
    const token = await o.tokens.sign({ u: user.id, i: item.id, s: id, e: expires });
    const q = `t=${encodeURIComponent(token)}`;
    let url: string | null = null;
    let mime: string | null = null;
    const chosen = itemSubtitles.find((t) => t.index === decision.subtitle?.index);
    let hlsSubtitles: HlsSubtitleRendition[] = [];
    let burnIn: BurnIn | undefined;
    if (decision.playable && decision.decision !== "direct") {
      burnIn = decision.subtitle?.method === "burn_in" && chosen
        ? await this.#burnIn(chosen, files)
        : undefined;
    }
    if (decision.playable) {
      if (decision.decision === "direct") {
        const fileParam = req.file_id ? `&file_id=${encodeURIComponent(file.id)}` : "";
        url = `/api/items/${item.id}/stream?${q}${fileParam}`;
        mime = contentTypeFor(file.path, probe?.container);
      } else if (decision.protocol === "hls") {
        const job = hlsJobFromDecision(decision, probe!, {
          input_path: file.path,
          hwaccel: this.#hw(),
          adaptive: (req.quality ?? "auto") === "auto" && decision.video?.action === "encode",
          ...(burnIn ? { burn_in_filter: burnIn.filter } : {}),
          ...(burnIn?.input ? { burn_in_input: burnIn.input } : {}),
        });
        hlsSubtitles = hlsSubtitleRenditions(itemSubtitles, decision, profile);
        await o.hls!.createSession(job, { id, start_ms });
        url = `/api/items/${item.id}/hls/${id}/master.m3u8?${q}`;
        mime = PLAYLIST_MIME_TYPE;
      } else {
        url = `/api/items/${item.id}/progressive/${id}?${q}`;
        mime = progressiveMime(decision.container);
      }
    }

    const session: PlaybackSession = {
      id,
      user_id: user.id,
      username: user.username,
      item_id: item.id,
      item_title: item.title,
      file_id: file.id,
      file_path: file.path,
      client: req.client ?? userAgent?.slice(0, 120) ?? "unknown",
      profile: profileId,
      decision,
      probe,
      started_at: new Date().toISOString(),
      last_seen_ms: Date.now(),
      position_ms: start_ms,
      paused: false,
      hls_subtitles: hlsSubtitles,
      ...(burnIn && decision.protocol === "http" ? { burn_in: burnIn } : {}),
    };
    this.#sessions.set(id, session);
    o.log.info("playback started", {
      session: id,
      item: item.id,
      user: user.username,
      decision: decision.decision,
      reasons: decision.reasons.join(","),
    });

    const video = probe?.streams.find((s) => s.type === "video" && !s.attached_pic);
    const qualities: QualityOption[] = video?.height
      ? qualityLadder(video.height, req.max_bitrate_kbps, {
        source_width: video.width,
        source_bitrate_kbps: probe?.bitrate_kbps || undefined,
      })
      : [];
    return {
      decision: decision.decision,
      playable: decision.playable,
      blocked: decision.blocked,
      reasons: decision.reasons,
      protocol: decision.protocol,
      container: decision.container,
      url,
      mime,
      session_id: id,
      expires_at: new Date(expires).toISOString(),
      profile: profileId,
      start_ms,
      speed: decision.speed,
      duration_ms: probe?.duration_ms ?? item.duration_ms,
      video: decision.video && {
        action: decision.video.action,
        codec: decision.video.codec,
        width: decision.video.width,
        height: decision.video.height,
        bitrate_kbps: decision.video.bitrate_kbps,
      },
      audio: decision.audio && {
        action: decision.audio.action,
        codec: decision.audio.codec,
        channels: decision.audio.channels,
        bitrate_kbps: decision.audio.bitrate_kbps,
        stream_index: decision.audio.stream_index,
      },
      subtitles: decision.subtitle
        ? [{
          index: decision.subtitle.index,
          method: decision.subtitle.method,
          format: decision.subtitle.delivery_format,
          language: chosen?.language ?? null,
          title: chosen?.title ?? null,
          forced: chosen?.forced ?? false,
          url: decision.subtitle.method === "external"
            ? `/api/items/${item.id}/subtitles/${decision.subtitle.index}.vtt?${q}`
            : decision.subtitle.method === "hls" && url
            ? `/api/items/${item.id}/hls/${id}/subs/${decision.subtitle.index}.m3u8?${q}`
            : null,
        }]
        : [],
      qualities,
    };
  }

  /** The session of a playback token, checking it belongs to the item. */
  session(id: string): PlaybackSession | undefined {
    return this.#sessions.get(id);
  }

  /** Live sessions, newest first. */
  list(): PlaybackSession[] {
    return [...this.#sessions.values()].sort((a, b) => b.started_at.localeCompare(a.started_at));
  }

  /** Marks activity of a session (segment requests, progress reports). */
  touch(id: string, update: { position_ms?: number; paused?: boolean } = {}): void {
    const s = this.#sessions.get(id);
    if (!s) return;
    s.last_seen_ms = Date.now();
    if (update.position_ms !== undefined) s.position_ms = update.position_ms;
    if (update.paused !== undefined) s.paused = update.paused;
  }

  /** Ends a session: its transcode is stopped. */
  async stop(id: string): Promise<boolean> {
    const s = this.#sessions.get(id);
    this.#sessions.delete(id);
    await this.#o.hls?.stop(id);
    for (const p of this.#o.supervisor.list()) {
      if (p.label === `progressive ${id}`) await this.#o.supervisor.stop(p.id, { graceMs: 1000 });
    }
    return s !== undefined;
  }

  /**
   * Ends every session of a user (an account being deleted): HLS transcodes and progressive
   * streams stop. Returns how many sessions ended.
   */
  async stopUser(userId: string): Promise<number> {
    let n = 0;
    for (const s of [...this.#sessions.values()]) {
      if (s.user_id === userId && await this.stop(s.id)) n++;
    }
    return n;
  }

  /**
   * A progressive stream of a session from `start_ms`: ffmpeg's stdout as the response body;
   * the child is stopped as soon as the client goes away.
   */
  progressive(session: PlaybackSession, start_ms: number): Response {
    const o = this.#o;
    if (!o.ffmpegPath || !session.probe) {
      throw new HttpError("unavailable", "Transcoding is not available: ffmpeg is missing");
    }
    this.touch(session.id, { position_ms: start_ms });
    const args = progressiveArgs(session.decision, session.probe, {
      input: ffmpegInputUrl(session.file_path),
      start_ms,
      hwaccel: this.#hw(),
      ...(session.burn_in ? { burn_in_filter: session.burn_in.filter } : {}),
      ...(session.burn_in?.input ? { burn_in_input: session.burn_in.input } : {}),
    });
    const child = o.supervisor.spawn(o.ffmpegPath, args, {
      label: `progressive ${session.id}`,
      stdout: "piped",
      quitInput: null,
    });
    const stdout = child.stdout!;
    const reader = stdout.getReader();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { value, done } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      cancel: async () => {
        await reader.cancel().catch(() => {});
        await o.supervisor.stop(child.id, { graceMs: 500 });
      },
    });
    return new Response(body, {
      headers: {
        "content-type": progressiveMime(session.decision.container),
        "cache-control": "no-store",
        "x-content-type-options": "nosniff",
      },
    });
  }

  /** Stops every session (shutdown). */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    for (const id of [...this.#sessions.keys()]) await this.stop(id);
  }

  /**
   * The burn-in of a subtitle track: libass over a UTF-8 copy of a text track, an overlay of an
   * embedded image track, or an overlay of an image sidecar (`.sup`, VobSub `.idx`/`.sub`) read
   * as a second input, whose start time is probed here (ffmpeg shifts the file by it; see
   * lib/subtitles/burn_in.ts).
   *
   * @throws {HttpError} for an image sidecar ffmpeg cannot read, or without ffmpeg
   */
  async #burnIn(track: SubtitleTrack, files: FileWithProbe[]): Promise<BurnIn> {
    const sidecar = imageSidecarPath(track);
    if (sidecar) {
      const ffprobe = this.#o.ffprobePath;
      if (!ffprobe) throw new HttpError("unavailable", "Subtitle burn-in is not available");
      const probe = await probeFile(ffprobe, sidecar, { timeoutMs: 15_000 }).catch(() => null);
      if (!probe?.streams.some((st) => st.type === "subtitle")) {
        throw new HttpError(
          "bad_request",
          "This subtitle file cannot be read; choose another subtitle",
        );
      }
      return {
        filter: sidecarBurnInFilter(),
        input: { path: sidecar, start_ms: probe.start_time_ms ?? 0 },
      };
    }
    if (!isTextSubtitle(track.format)) {
      if (track.source === "embedded" && track.stream_index !== undefined) {
        return { filter: bitmapBurnInFilter(track.stream_index) };
      }
      throw new HttpError(
        "bad_request",
        "This image subtitle cannot be burned in; choose another subtitle",
      );
    }
    const file = files.find((f) => track.file_id ? f.id === track.file_id : f.path === track.path);
    const store = this.#subtitleStore();
    if (!file || !store) {
      throw new HttpError("unavailable", "Subtitle burn-in is not available");
    }
    return { filter: textBurnInFilter(await store.utf8Copy(track, file)) };
  }

  #subtitleStore(): SubtitleStore | null {
    const o = this.#o;
    if (o.subtitles) return o.subtitles;
    if (!o.hls) return null;
    return storeAt({
      cacheDir: join(dirname(o.hls.cacheDir), "subtitles"),
      ffmpegPath: o.ffmpegPath,
      supervisor: o.supervisor,
    });
  }

  #hw(): { method: HwMethod; device?: string } {
    const report = this.#o.hwaccel();
    if (!report || report.selected === "none") return { method: "none" };
    const m = report.methods.find((x) => x.name === report.selected);
    return { method: report.selected, device: m?.device };
  }

  #sweep(): void {
    const idle = this.#o.sessionIdleMs ?? 60_000;
    const now = Date.now();
    for (const s of this.#sessions.values()) {
      // HLS sessions stay alive while segments are requested; their manager stops idle ffmpeg.
      const hlsActive = this.#o.hls?.get(s.id)?.info().state === "active";
      if (now - s.last_seen_ms > idle && !hlsActive) {
        this.stop(s.id).catch(() => {});
      }
    }
  }
}
