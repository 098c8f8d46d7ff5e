// Portable measurement core (Node, Deno, Bun, workerd): every contender's output is checked equal
// to JSON.parse(plaintext) first, then interleaved rounds give per-call medians. Not a test.
const now = () => performance.now();

const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
export { median };

/** Check that every contender gives exactly JSON.parse(plaintext) for every payload. */
export async function crossCheck(contenders, payloads) {
  for (const p of payloads) {
    const want = JSON.stringify(JSON.parse(p.plaintext));
    for (const c of contenders) {
      const got = JSON.stringify(await c.fn(p.input));
      if (got !== want) throw new Error(`${c.name} gives a different result for the ${p.name} payload`);
    }
  }
}

async function timeOnce(c, input, calls) {
  let sink;
  const t0 = now();
  if (c.async) for (let i = 0; i < calls; i++) sink = await c.fn(input);
  else for (let i = 0; i < calls; i++) sink = c.fn(input);
  const us = ((now() - t0) * 1000) / calls;
  if (sink === undefined) throw new Error('no result');
  return us;
}

/**
 * Interleaved rounds: in each round every contender runs `calls` calls on the payload (order
 * rotated per round so none always runs right after another), two warm-up rounds discarded.
 * Calls per round are calibrated so a round of one contender takes about `targetMs`.
 */
export async function timeAll(contenders, payloads, { rounds = 21, targetMs = 15 } = {}) {
  const out = [];
  for (const p of payloads) {
    const calls = {};
    for (const c of contenders) {
      // Calibrate with doubling batches until one takes >= 10 ms (workerd's clock is coarse).
      let n = 16;
      let us = 0;
      for (; n < 1 << 22; n *= 2) {
        us = await timeOnce(c, p.input, n);
        if (us * n >= 10_000) break;
      }
      calls[c.name] = Math.max(50, Math.round((targetMs * 1000) / us));
    }
    const samples = Object.fromEntries(contenders.map((c) => [c.name, []]));
    for (let r = 0; r < rounds + 2; r++) {
      for (let k = 0; k < contenders.length; k++) {
        const c = contenders[(k + r) % contenders.length];
        const us = await timeOnce(c, p.input, calls[c.name]);
        if (r >= 2) samples[c.name].push(us);
      }
    }
    for (const c of contenders) {
      const s = samples[c.name];
      out.push({ payload: p.name, bytes: p.bytes, contender: c.name, async: c.async, medianUs: median(s), minUs: Math.min(...s), maxUs: Math.max(...s), rounds: s.length, callsPerRound: calls[c.name] });
    }
  }
  return out;
}

let nonce = 0;
function withNonce(bytes) {
  const name = new TextEncoder().encode(`bench-nonce-${nonce++}-${Math.random()}`);
  const out = new Uint8Array(bytes.length + 3 + name.length);
  out.set(bytes);
  out.set([0, name.length + 1, name.length], bytes.length); // custom section: id 0, size, name length
  out.set(name, bytes.length + 3);
  return out;
}

/** Compile and instantiate times (ms, medians). compile is null where code generation from bytes is not allowed (workerd). */
export function coldStart(bytes, module, { batches = 7, reps = 40 } = {}) {
  // Batches of `reps` operations, per-operation median over batches (workerd's clock is coarse).
  const compile = [];
  const inst = [];
  let mod = module ?? new WebAssembly.Module(bytes);
  // Instantiate with inert imports: the engine's instantiation of this module (the wasm-bindgen
  // glue adds one table-setup call on top, which is small).
  const imports = {};
  for (const imp of WebAssembly.Module.imports(mod)) {
    imports[imp.module] ??= {};
    imports[imp.module][imp.name] = imp.kind === 'function' ? () => {} : undefined;
  }
  for (let b = 0; b < batches; b++) {
    if (bytes) {
      // A fresh custom section per copy defeats the engine's per-process module cache, so each
      // compile is a real one (engines compile function bodies lazily: this is what startup pays).
      const copies = Array.from({ length: reps }, () => withNonce(bytes));
      const t0 = now();
      for (let i = 0; i < reps; i++) mod = new WebAssembly.Module(copies[i]);
      compile.push((now() - t0) / reps);
    }
    const t1 = now();
    for (let i = 0; i < reps; i++) new WebAssembly.Instance(mod, imports);
    inst.push((now() - t1) / reps);
  }
  return { compileMs: bytes ? median(compile) : null, instantiateMs: median(inst) };
}

/** RSS (bytes) before and at four checkpoints over `total` calls of fn(input); null without an RSS API. */
export function rssOver(fn, input, rss, total = 1_000_000) {
  if (!rss) return null;
  const points = [{ calls: 0, rss: rss() }];
  const step = total / 4;
  for (let done = 0; done < total; ) {
    for (let i = 0; i < step; i++) fn(input);
    done += step;
    points.push({ calls: done, rss: rss() });
  }
  return points;
}
