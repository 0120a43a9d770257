import { assertEquals, assertThrows } from "../../tests/helpers/assert.ts";
import { FALLBACK_PROFILE_ID, pickProfile } from "./pick_profile.ts";
import { type DeviceProfile, parseProfiles } from "./profile.ts";

const IDS = ["chrome", "firefox", "safari", "safari_ios", "android_tv", "dlna_tv", "max_compat"];
const profiles: DeviceProfile[] = parseProfiles(
  await Promise.all(IDS.map(async (id) => ({
    name: `profiles/${id}.json`,
    text: await Deno.readTextFile(new URL(`../../profiles/${id}.json`, import.meta.url)),
  }))),
);

Deno.test("pickProfile() maps real User-Agent strings to the shipped profiles", () => {
  const rows: [string, string][] = [
    [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36",
      "chrome",
    ],
    [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0",
      "chrome",
    ],
    [
      "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36",
      "chrome",
    ],
    [
      "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36",
      "chrome",
    ],
    [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 OPR/115.0.0.0",
      "chrome",
    ],
    [
      "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/26.0 Chrome/122.0.0.0 Mobile Safari/537.36",
      "chrome",
    ],
    ["Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0", "firefox"],
    ["Mozilla/5.0 (Android 14; Mobile; rv:133.0) Gecko/133.0 Firefox/133.0", "firefox"],
    [
      "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
      "safari",
    ],
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1",
      "safari_ios",
    ],
    [
      "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1",
      "safari_ios",
    ],
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1",
      "safari_ios",
    ],
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) FxiOS/120.0 Mobile/15E148 Safari/605.1.15",
      "safari_ios",
    ],
    ["Jellyfin-AndroidTV/0.16.0 ExoPlayerLib/2.19.1", "android_tv"],
    ["androidx.media3.exoplayer/1.2.0 (Linux; Android 12) Media3", "android_tv"],
    [
      "Mozilla/5.0 (Linux; Android 12; Android TV on Chromecast) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
      "android_tv",
    ],
    ["SEC_HHP_[TV] Samsung Q7 Series (55)/1.0 DLNADOC/1.50 UPnP/1.0", "dlna_tv"],
    ["Linux/4.4 UPnP/1.0 DLNADOC/1.50 LGE WebOS TV/Version 0.9", "dlna_tv"],
    ["curl/8.5.0", "max_compat"],
    ["VLC/3.0.20 LibVLC/3.0.20", "max_compat"],
    ["", "max_compat"],
  ];
  for (const [ua, id] of rows) assertEquals(pickProfile(ua, profiles), id, ua);
  assertEquals(pickProfile(undefined, profiles), FALLBACK_PROFILE_ID);
  assertEquals(pickProfile(null, profiles), FALLBACK_PROFILE_ID);
});

Deno.test("pickProfile() falls back to the lowest priority profile when max_compat is absent", () => {
  const withoutFallback = profiles.filter((p) => p.id !== "max_compat");
  assertEquals(pickProfile("curl/8.5.0", withoutFallback), "safari");
  assertEquals(pickProfile("curl/8.5.0", profiles, "chrome"), "chrome");
  assertThrows(() => pickProfile("curl/8.5.0", []), RangeError, "No device profiles are loaded");
});
