// Type tests of `wx-open-data/web` (the explicit-init web entry).
import { init, initSync, decryptOpenData, type InitInput } from 'wx-open-data/web';

declare const bytes: Uint8Array;
declare const mod: WebAssembly.Module;

export async function start(): Promise<void> {
  await init();
  await init({ module_or_path: new URL('/assets/wx_open_data_bg.wasm', 'https://example.test') });
  await init({ module_or_path: fetch('/wx_open_data_bg.wasm') });
  await init({ module_or_path: mod });
  initSync({ module: bytes });
  initSync({ module: mod });
  const input: InitInput = '/wx_open_data_bg.wasm';
  await init({ module_or_path: input });
  decryptOpenData({ appId: 'wx', sessionKey: 'k', encryptedData: 'd', iv: 'i' });

  // @ts-expect-error: options object, not a bare number
  await init(42);
  // @ts-expect-error: initSync needs { module }
  initSync();
  // @ts-expect-error: the option is `module`
  initSync({ modul: bytes });
  // @ts-expect-error: same API contract as the main entry
  decryptOpenData('wx', 'k', 'd', 'i');
}
