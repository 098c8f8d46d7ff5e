// Types of the web entries (`wx-open-data/web`, and `wx-open-data` under the `browser` condition):
// the common API plus the loader of the wasm-bindgen web glue.

/**
 * The main API for browsers without top-level `await`: call `init()` once, then use it.
 *
 * @module wx-open-data/web
 */
export * from './index.js';

/** What {@link init} accepts: where to get the `.wasm` from, or the module itself. */
export type InitInput = string | URL | Request | Response | ArrayBuffer | ArrayBufferView | WebAssembly.Module;

/**
 * Load and instantiate the WebAssembly module; call (and await) it once before the API. Without an
 * argument it fetches `dist/wx_open_data_bg.wasm` next to the glue. Idempotent.
 */
export function init(
  options?: { module_or_path: InitInput | Promise<InitInput> },
): Promise<unknown>;

/** Synchronous instantiation from bytes or a compiled `WebAssembly.Module`. Idempotent. */
export function initSync(options: { module: ArrayBuffer | ArrayBufferView | WebAssembly.Module }): unknown;
