/**
 * Playback credentials: a URL a player can use on its own (direct play, HLS playlists and
 * segments, subtitles) without the user's login token. The token is an HMAC-SHA256-signed claim
 * of (user, item, playback session, expiry), so it grants access to that one item only, expires,
 * and leaks nothing reusable; the server still checks the user's library access on each request.
 */
import { base64url } from "../ids.ts";

/** What a playback token grants. */
export interface PlaybackClaims {
  /** User id. */
  u: string;
  /** Item id. */
  i: string;
  /** Playback session id. */
  s: string;
  /** Expiry, ms since the epoch. */
  e: number;
}

/** Default lifetime: long enough for a film paused overnight. */
export const PLAYBACK_TOKEN_TTL_MS = 24 * 3600_000;

const encoder = new TextEncoder();

function fromBase64url(text: string): Uint8Array<ArrayBuffer> | undefined {
  if (!/^[A-Za-z0-9_-]*$/.test(text)) return undefined;
  const b64 = text.replaceAll("-", "+").replaceAll("_", "/") + "===".slice((text.length + 3) % 4);
  try {
    return Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** Signs and verifies playback tokens with one server secret. */
export class PlaybackTokens {
  #key: Promise<CryptoKey>;

  /** `secret` is a server-wide random string kept in the settings table. */
  constructor(secret: string) {
    this.#key = crypto.subtle.importKey(
      "raw",
      encoder.encode(secret),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign", "verify"],
    );
  }

  /** A token for the claims. */
  async sign(claims: PlaybackClaims): Promise<string> {
    const payload = base64url(encoder.encode(JSON.stringify(claims)));
    const sig = new Uint8Array(
      await crypto.subtle.sign("HMAC", await this.#key, encoder.encode(payload)),
    );
    return `${payload}.${base64url(sig)}`;
  }

  /** The claims of a valid, unexpired token, or undefined. */
  async verify(token: string, now = Date.now()): Promise<PlaybackClaims | undefined> {
    if (token.length > 1000) return undefined;
    const dot = token.indexOf(".");
    if (dot <= 0) return undefined;
    const payload = token.slice(0, dot);
    const sig = fromBase64url(token.slice(dot + 1));
    if (!sig) return undefined;
    const ok = await crypto.subtle.verify(
      "HMAC",
      await this.#key,
      sig,
      encoder.encode(payload),
    );
    if (!ok) return undefined;
    let claims: PlaybackClaims;
    try {
      claims = JSON.parse(new TextDecoder().decode(fromBase64url(payload)));
    } catch {
      return undefined;
    }
    if (
      typeof claims?.u !== "string" || typeof claims.i !== "string" ||
      typeof claims.s !== "string" || typeof claims.e !== "number" || claims.e <= now
    ) return undefined;
    return claims;
  }
}
