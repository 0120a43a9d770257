/**
 * The browser half of the islands layer. The page carries the serialized props of its islands
 * in `<script id="__rf_props" type="application/json">` and loads this module with
 * `data-rf-islands='{"Player":"/static/_rf/<build>/islands/Player.js"}'`: the island modules that
 * this page renders, and no others. Each `<rf-island data-name data-props>` marker is hydrated
 * with its component and props. @preact/signals is loaded only when the props contain signals.
 */
import { type ComponentType, h, hydrate } from "preact";
import { decodeProps, type EncodedProps, needsSignals } from "../lib/web/serialize.ts";

async function boot(): Promise<void> {
  const script = document.querySelector<HTMLScriptElement>("script[data-rf-islands]");
  const state = document.getElementById("__rf_props");
  if (!script || !state) return;
  const urls = JSON.parse(script.dataset.rfIslands ?? "{}") as Record<string, string>;
  const encoded = JSON.parse(state.textContent ?? "") as EncodedProps;
  const makeSignal = needsSignals(encoded)
    ? (await import("@preact/signals")).signal as (v: unknown) => unknown
    : undefined;
  const props = decodeProps(encoded, makeSignal);
  const modules = new Map<string, Promise<{ default: ComponentType<Record<string, unknown>> }>>();
  for (const [name, url] of Object.entries(urls)) modules.set(name, import(url));

  for (const el of document.querySelectorAll<HTMLElement>("rf-island")) {
    const name = el.dataset.name ?? "";
    const mod = modules.get(name);
    if (!mod) continue;
    try {
      const { default: Island } = await mod;
      hydrate(h(Island, props[Number(el.dataset.props)] as Record<string, unknown>), el);
    } catch (err) {
      // One broken island must not keep the others from working; it stays server-rendered.
      console.error(`Island ${name} failed to hydrate`, err);
    }
  }
}

boot();
