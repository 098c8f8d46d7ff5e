// `make bench`: runs bench/runtime.mjs on Node, Deno and Bun and bench/workerd.mjs in workerd, one
// after the other (never in parallel: the machine is shared), then prints a table, writes
// bench/results.json (with the commit that produced it) and the chart docs/bench.svg.
// Benchmarks are not tests: nothing here asserts a time.
// Usage: node bench/run.mjs [node,deno,bun,workerd]   (env: BENCH_ROUNDS, BENCH_TARGET_MS, BENCH_RSS_CALLS)
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, readdirSync, mkdirSync, mkdtempSync, cpSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const root = new URL('..', import.meta.url).pathname;
const bin = (n) => `${root}node_modules/.bin/${n}`;
const only = (process.argv[2] ?? 'node,deno,bun,workerd').split(',');
const runners = {
  node: [process.execPath, ['bench/runtime.mjs']],
  deno: [bin('deno'), ['run', '-A', 'bench/runtime.mjs']],
  bun: [bin('bun'), ['bench/runtime.mjs']],
  workerd: [process.execPath, ['bench/workerd.mjs']],
};

const git = (...a) => { try { return execFileSync('git', a, { cwd: root, encoding: 'utf8' }).trim(); } catch { return ''; } };
const commit = git('rev-parse', '--short', 'HEAD') + (git('status', '--porcelain', '--', 'src', 'Cargo.toml', 'scripts/build.sh', 'pkg') ? '+dirty' : '');

// A private snapshot of pkg/: every runtime measures the same files even if pkg/dist is rebuilt
// meanwhile (the working tree is shared).
// BENCH_PKG_SRC overrides the package directory to snapshot.
const snap = mkdtempSync(`${tmpdir()}/wx-bench-`);
process.on('exit', () => rmSync(snap, { recursive: true, force: true }));
const src = process.env.BENCH_PKG_SRC ?? `${root}pkg`;
const need = ['node.mjs', 'simd.mjs', 'dist/wx_open_data.js', 'dist/wx_open_data_bg.wasm', 'dist/wx_open_data_bg.nosimd.wasm'];
for (let attempt = 0; ; attempt++) {
  rmSync(`${snap}/pkg`, { recursive: true, force: true });
  cpSync(src, `${snap}/pkg`, { recursive: true, filter: (f) => !f.includes('node_modules') });
  if (need.every((f) => existsSync(`${snap}/pkg/${f}`))) break;
  if (attempt >= 30) throw new Error(`bench: ${src} is not built (run make build)`);
  process.stderr.write('bench: pkg/dist incomplete (being rebuilt?), retrying in 10 s\n');
  spawnSync('sleep', ['10']);
}

// Sizes of every shipped .wasm.
const dist = `${snap}/pkg/dist/`;
const sizes = readdirSync(dist).filter((f) => f.endsWith('.wasm')).map((f) => {
  const b = readFileSync(dist + f);
  return {
    file: f,
    raw: b.length,
    gzip: gzipSync(b, { level: 9 }).length,
    brotli: brotliCompressSync(b, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
});

const results = [];
for (const name of only) {
  const [cmd, args] = runners[name];
  process.stderr.write(`bench: ${name} ...\n`);
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, NO_COLOR: '1', BENCH_PKG: `${snap}/pkg` } });
  const line = (r.stdout ?? '').trim().split('\n').filter((l) => l.startsWith('{')).pop();
  if (r.status !== 0 || !line) {
    process.stderr.write(`bench: ${name} failed (exit ${r.status})\n${(r.stderr ?? '').slice(-3000)}\n`);
    continue;
  }
  results.push(JSON.parse(line));
}

const fmt = (x, d = 2) => (x == null ? 'n/a' : x.toFixed(d));
// The baseline timing of payload `p`: WebCrypto on workerd; where node:crypto exists, the faster of
// its two spellings (Buffer.concat of update/final, and the official sample's update/final('utf8')).
const baseOf = (r, p) => {
  const ts = r.timings.filter((x) => x.payload === p && (x.contender === r.baseline || x.contender === `${r.baseline} (sample)`));
  return ts.reduce((a, b) => (b.medianUs < a.medianUs ? b : a));
};
const kib = (n) => `${(n / 1024).toFixed(1)} KiB`;
const out = [];
out.push(`wx-open-data benchmarks, commit ${commit}, ${new Date().toISOString().slice(0, 16)}Z, ${process.arch}`);
out.push('per-call median over interleaved rounds (us); ratio = baseline median / contender median (>1 = faster than the baseline);');
out.push('baseline: WebCrypto on workerd, elsewhere the faster of the two node:crypto spellings for that payload');
for (const r of results) {
  out.push('');
  out.push(`${r.runtime.name} ${r.runtime.version} (${r.runtime.engine}), baseline ${r.baseline}, wasm ${r.wasm}`);
  const payloads = [...new Set(r.timings.map((t) => t.payload))];
  const names = [...new Set(r.timings.map((t) => t.contender))];
  out.push(`  ${'contender'.padEnd(22)}${payloads.map((p) => `${p.padStart(10)}   ratio`).join('  ')}`);
  for (const n of names) {
    const cells = payloads.map((p) => {
      const t = r.timings.find((x) => x.payload === p && x.contender === n);
      const b = baseOf(r, p);
      return `${fmt(t.medianUs).padStart(10)} ${(fmt(b.medianUs / t.medianUs) + 'x').padStart(7)}`;
    });
    out.push(`  ${n.padEnd(22)}${cells.join('  ')}`);
  }
  out.push(`  cold start: first import ${fmt(r.importMs)} ms; compile ${fmt(r.cold.compileMs, 3)} ms; instantiate ${fmt(r.cold.instantiateMs, 3)} ms`);
  if (r.rss) out.push(`  RSS over ${r.rss.at(-1).calls} calls (393 B): ${r.rss.map((p) => (p.rss / 2 ** 20).toFixed(1)).join(' -> ')} MiB`);
  else out.push('  RSS: n/a (no RSS API in this runtime)');
}
out.push('');
for (const s of sizes) out.push(`${s.file}: ${s.raw} B raw (${kib(s.raw)}), ${s.gzip} B gzip -9 (${kib(s.gzip)}), ${s.brotli} B brotli 11 (${kib(s.brotli)})`);
console.log(out.join('\n'));

const record = { commit, date: new Date().toISOString(), arch: process.arch, sizes, results };
if (only.length === 4 && results.length === 4) {
  writeFileSync(`${root}bench/results.json`, JSON.stringify(record, null, 1) + '\n');
  mkdirSync(`${root}docs`, { recursive: true });
  writeFileSync(`${root}docs/bench.svg`, svg(record));
  process.stderr.write('bench: wrote bench/results.json and docs/bench.svg\n');
}

// One panel per runtime; per payload, one bar per contender: speed relative to the baseline
// (log scale), labelled with the median.
function svg({ commit, results, sizes }) {
  const colors = { 'wx-open-data': '#2b7a3d', 'node:crypto': '#555', 'node:crypto (sample)': '#999', WebCrypto: '#1f5fa8', '@noble/ciphers': '#c07a12' };
  const W = 900, left = 210, barH = 13, gap = 4, x0 = left + 200;
  const scale = (ratio) => Math.log10(Math.max(ratio, 0.01)) * 150; // 1x at x0, 10x at x0+150
  let y = 48;
  const els = [];
  const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;');
  els.push(`<text x="10" y="22" font-size="15" font-weight="bold">wx-open-data: decrypt + validate open data, per-call median (lower us is better)</text>`);
  els.push(`<text x="10" y="38" font-size="11" fill="#444">bars: speed vs the runtime's baseline (log scale, line = 1x); commit ${esc(commit)}</text>`);
  for (const r of results) {
    y += 14;
    els.push(`<text x="10" y="${y}" font-size="13" font-weight="bold">${esc(`${r.runtime.name} ${r.runtime.version}`)} (baseline ${esc(r.baseline)})</text>`);
    y += 6;
    const top = y;
    for (const p of [...new Set(r.timings.map((t) => t.payload))]) {
      const b = baseOf(r, p);
      els.push(`<text x="18" y="${y + 11}" font-size="11">${esc(p)}</text>`);
      for (const t of r.timings.filter((x) => x.payload === p)) {
        const ratio = b.medianUs / t.medianUs;
        const w = scale(ratio);
        const xs = w >= 0 ? x0 : x0 + w;
        els.push(`<text x="${left - 130}" y="${y + 10}" font-size="10" fill="#333">${esc(t.contender)}</text>`);
        els.push(`<rect x="${xs.toFixed(1)}" y="${y}" width="${Math.max(Math.abs(w), 1).toFixed(1)}" height="${barH}" fill="${colors[t.contender] ?? '#888'}"/>`);
        els.push(`<text x="${(x0 + Math.max(w, 0) + 4).toFixed(1)}" y="${y + 10}" font-size="10">${t.medianUs.toFixed(2)} us (${ratio.toFixed(2)}x)</text>`);
        y += barH + gap;
      }
      y += 5;
    }
    els.push(`<line x1="${x0}" y1="${top}" x2="${x0}" y2="${y}" stroke="#000" stroke-width="1"/>`);
  }
  y += 10;
  for (const s of sizes) {
    els.push(`<text x="10" y="${y}" font-size="11">${esc(s.file)}: ${s.raw} B raw, ${s.gzip} B gzip, ${s.brotli} B brotli</text>`);
    y += 14;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${y + 6}" viewBox="0 0 ${W} ${y + 6}" font-family="sans-serif">\n<rect width="100%" height="100%" fill="#fff"/>\n${els.join('\n')}\n</svg>\n`;
}
