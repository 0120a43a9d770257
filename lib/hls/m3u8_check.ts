/**
 * A strict reader of the HLS playlists Rustfin writes: parses them and enforces the RFC 8216
 * rules players depend on. Used by tests (unit, integration, end-to-end) to prove the output is
 * valid; never on the serving path.
 */

/** A media playlist as read back. */
export interface ParsedMediaPlaylist {
  version: number;
  target_duration_s: number;
  media_sequence: number;
  playlist_type: string | null;
  independent_segments: boolean;
  endlist: boolean;
  map_uri: string | null;
  segments: { duration_s: number; uri: string }[];
}

/** A master playlist as read back. */
export interface ParsedMasterPlaylist {
  version: number;
  variants: { attrs: Record<string, string>; uri: string }[];
  media: Record<string, string>[];
}

/** Parses an attribute list (RFC 8216 §4.2); quoted values are returned without quotes. */
export function parseAttributeList(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  const re = /([A-Z0-9-]+)=("[^"\r\n]*"|[^",]*)(,|$)/y;
  let pos = 0;
  while (pos < s.length) {
    re.lastIndex = pos;
    const m = re.exec(s);
    if (!m) throw new SyntaxError(`Malformed attribute list at ${JSON.stringify(s.slice(pos))}`);
    if (m[1] in out) throw new SyntaxError(`Attribute ${m[1]} repeated`);
    out[m[1]] = m[2].startsWith('"') ? m[2].slice(1, -1) : m[2];
    pos = re.lastIndex;
  }
  return out;
}

function _lines(text: string): string[] {
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== "");
  if (lines[0] !== "#EXTM3U") throw new SyntaxError("The first line must be #EXTM3U (§4.3.1.1)");
  return lines;
}

function _int(v: string, what: string): number {
  if (!/^\d+$/.test(v)) throw new SyntaxError(`${what} must be a decimal-integer, got ${v}`);
  return Number(v);
}

/**
 * Reads a media playlist.
 *
 * @throws {SyntaxError} on a violated rule: missing #EXTM3U, missing or repeated
 * EXT-X-TARGETDURATION, an EXTINF longer than the target duration once rounded (§4.3.3.1), an
 * EXTINF without a URI, a decimal EXTINF below version 3, EXT-X-MAP below version 6
 */
export function parseMediaPlaylist(text: string): ParsedMediaPlaylist {
  const lines = _lines(text);
  let version = 1;
  let versionSeen = false;
  let target: number | null = null;
  let mediaSequence = 0;
  let playlistType: string | null = null;
  let independent = false;
  let endlist = false;
  let mapUri: string | null = null;
  const segments: { duration_s: number; uri: string }[] = [];
  let pending: number | null = null;
  for (const line of lines.slice(1)) {
    if (!line.startsWith("#")) {
      if (pending === null) throw new SyntaxError(`URI ${line} without #EXTINF`);
      segments.push({ duration_s: pending, uri: line });
      pending = null;
      continue;
    }
    const [tag, value = ""] = line.split(/:(.*)/s);
    switch (tag) {
      case "#EXT-X-VERSION":
        if (versionSeen) throw new SyntaxError("EXT-X-VERSION repeated");
        versionSeen = true;
        version = _int(value, "EXT-X-VERSION");
        break;
      case "#EXT-X-TARGETDURATION":
        if (target !== null) throw new SyntaxError("EXT-X-TARGETDURATION repeated");
        target = _int(value, "EXT-X-TARGETDURATION");
        break;
      case "#EXT-X-MEDIA-SEQUENCE":
        if (segments.length) throw new SyntaxError("EXT-X-MEDIA-SEQUENCE after a segment");
        mediaSequence = _int(value, "EXT-X-MEDIA-SEQUENCE");
        break;
      case "#EXT-X-PLAYLIST-TYPE":
        if (value !== "VOD" && value !== "EVENT") {
          throw new SyntaxError(`Bad playlist type ${value}`);
        }
        playlistType = value;
        break;
      case "#EXT-X-INDEPENDENT-SEGMENTS":
        independent = true;
        break;
      case "#EXT-X-ENDLIST":
        endlist = true;
        break;
      case "#EXT-X-MAP": {
        const attrs = parseAttributeList(value);
        if (!attrs.URI) throw new SyntaxError("EXT-X-MAP without URI");
        if (segments.length === 0) mapUri = attrs.URI;
        break;
      }
      case "#EXTINF": {
        if (pending !== null) throw new SyntaxError("Two #EXTINF tags without a URI between");
        const dur = value.split(",")[0];
        if (!/^\d+(\.\d+)?$/.test(dur)) throw new SyntaxError(`Bad EXTINF duration ${dur}`);
        if (dur.includes(".") && version < 3) {
          throw new SyntaxError("Decimal EXTINF durations need version 3 (§7)");
        }
        pending = Number(dur);
        break;
      }
      default:
        break;
    }
  }
  if (pending !== null) throw new SyntaxError("The last #EXTINF has no URI");
  if (target === null) throw new SyntaxError("EXT-X-TARGETDURATION is required (§4.3.3.1)");
  if (mapUri !== null && version < 6) throw new SyntaxError("EXT-X-MAP needs version 6 (§7)");
  for (const [i, s] of segments.entries()) {
    if (Math.round(s.duration_s) > target) {
      throw new SyntaxError(
        `Segment ${i} lasts ${s.duration_s} s, over the target duration ${target} s (§4.3.3.1)`,
      );
    }
  }
  return {
    version,
    target_duration_s: target,
    media_sequence: mediaSequence,
    playlist_type: playlistType,
    independent_segments: independent,
    endlist,
    map_uri: mapUri,
    segments,
  };
}

/**
 * Reads a master playlist.
 *
 * @throws {SyntaxError} when a variant lacks BANDWIDTH or its URI, an attribute has the wrong
 * type, AVERAGE-BANDWIDTH exceeds BANDWIDTH, or a SUBTITLES group is not declared
 */
export function parseMasterPlaylist(text: string): ParsedMasterPlaylist {
  const lines = _lines(text);
  let version = 1;
  const variants: { attrs: Record<string, string>; uri: string }[] = [];
  const media: Record<string, string>[] = [];
  let pending: Record<string, string> | null = null;
  for (const line of lines.slice(1)) {
    if (!line.startsWith("#")) {
      if (!pending) throw new SyntaxError(`URI ${line} without #EXT-X-STREAM-INF`);
      variants.push({ attrs: pending, uri: line });
      pending = null;
      continue;
    }
    if (pending) throw new SyntaxError("#EXT-X-STREAM-INF must be followed by its URI");
    const [tag, value = ""] = line.split(/:(.*)/s);
    if (tag === "#EXT-X-VERSION") version = _int(value, "EXT-X-VERSION");
    else if (tag === "#EXTINF") throw new SyntaxError("A master playlist has no segments");
    else if (tag === "#EXT-X-MEDIA") {
      const attrs = parseAttributeList(value);
      for (const k of ["TYPE", "GROUP-ID", "NAME"]) {
        if (!attrs[k]) throw new SyntaxError(`EXT-X-MEDIA without ${k}`);
      }
      if (attrs.TYPE === "SUBTITLES" && !attrs.URI) {
        throw new SyntaxError("A SUBTITLES rendition needs a URI");
      }
      if (attrs.DEFAULT === "YES" && attrs.AUTOSELECT === "NO") {
        throw new SyntaxError("AUTOSELECT must be YES when DEFAULT is YES");
      }
      media.push(attrs);
    } else if (tag === "#EXT-X-STREAM-INF") {
      const attrs = parseAttributeList(value);
      const bw = _int(attrs.BANDWIDTH ?? "", "BANDWIDTH");
      if (attrs["AVERAGE-BANDWIDTH"] !== undefined) {
        const avg = _int(attrs["AVERAGE-BANDWIDTH"], "AVERAGE-BANDWIDTH");
        if (avg > bw) throw new SyntaxError("AVERAGE-BANDWIDTH exceeds BANDWIDTH");
      }
      if (attrs.RESOLUTION !== undefined && !/^\d+x\d+$/.test(attrs.RESOLUTION)) {
        throw new SyntaxError(`Bad RESOLUTION ${attrs.RESOLUTION}`);
      }
      if (attrs["FRAME-RATE"] !== undefined && !/^\d+(\.\d+)?$/.test(attrs["FRAME-RATE"])) {
        throw new SyntaxError(`Bad FRAME-RATE ${attrs["FRAME-RATE"]}`);
      }
      if (
        attrs.SUBTITLES !== undefined &&
        !media.some((m) => m.TYPE === "SUBTITLES" && m["GROUP-ID"] === attrs.SUBTITLES)
      ) {
        throw new SyntaxError(`SUBTITLES group ${attrs.SUBTITLES} is not declared`);
      }
      pending = attrs;
    }
  }
  if (pending) throw new SyntaxError("The last #EXT-X-STREAM-INF has no URI");
  if (variants.length === 0) throw new SyntaxError("A master playlist needs a variant");
  return { version, variants, media };
}
