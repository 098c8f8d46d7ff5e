// Bundler runner: in the throwaway consumer project APP_DIR (the packed tarball installed as
// node_modules/wx-open-data, the suite modules, vectors.json), build page.mjs with Vite and with
// webpack, each with its default settings (vite.config.mjs, webpack.config.mjs), check that every
// shipped .wasm was emitted as an asset, serve each output on 127.0.0.1 and run it in headless
// Chromium (Debian's, driven by playwright-core); then the same page under Vite's dev server. Prints "<bundler>: N passed, M failed" per build.
// Usage: node run.mjs APP_DIR
import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { copyFileSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const app = process.argv[2];
const bin = (name) => join(here, 'node_modules', '.bin', name);
for (const f of ['page.mjs', 'index.html', 'vite.config.mjs', 'webpack.config.mjs']) copyFileSync(join(here, f), join(app, f));

const sha = (buf) => createHash('sha256').update(buf).digest('hex');
const shipped = new Map(
  readdirSync(join(app, 'node_modules', 'wx-open-data', 'dist'))
    .filter((f) => f.endsWith('.wasm'))
    .map((f) => [sha(readFileSync(join(app, 'node_modules', 'wx-open-data', 'dist', f))), f]),
);
const walk = (dir) => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]));

const builds = [
  { name: 'vite', out: 'out-vite', cmd: [bin('vite'), ['build']] },
  { name: 'webpack', out: 'out-webpack', cmd: [bin('webpack'), ['--config', 'webpack.config.mjs', '--stats', 'errors-warnings']], html: '<!doctype html><meta charset="utf-8"><title>wx-open-data (webpack)</title>\n<script src="./main.js"></script>\n' },
];
let failedTotal = 0;
let passedTotal = 0;
const report = (name, label, ok, error) => {
  if (ok) passedTotal++;
  else failedTotal++;
  if (!ok || process.env.VERBOSE) console.log(`${ok ? 'ok  ' : 'FAIL'} [${name}] ${label}${ok ? '' : `\n     ${error}`}`);
  return ok;
};

const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm' };
function serve(dir) {
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    const file = path.endsWith('/') ? join(path, 'index.html') : path;
    try {
      const body = await readFile(join(dir, file));
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((r) => server.listen(0, '127.0.0.1', () => r({ url: `http://127.0.0.1:${server.address().port}/`, close: () => server.close() })));
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'],
});
async function runPage(name, url) {
  const problems = [];
  const page = await browser.newPage();
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
  let ok = true;
  try {
    await page.goto(url);
    await page.waitForFunction(() => window.__wxResults !== undefined, null, { timeout: 60_000 });
    const body = await page.evaluate(() => window.__wxResults);
    console.log(`   in ${body.userAgent}`);
    if (process.env.DUMP) writeFileSync(process.env.DUMP + name, JSON.stringify(body.results.map((x) => x.name)));
    for (const r of body.results) ok = report(name, r.name, r.ok, r.error) && ok;
  } catch (e) {
    ok = report(name, 'the page reported its results', false, e.message);
  } finally {
    await page.close();
  }
  if (!ok && problems.length) console.log(problems.join('\n'));
}

try {
  for (const b of builds) {
    const started = Date.now();
    execFileSync(b.cmd[0], b.cmd[1], { cwd: app, stdio: 'inherit', env: { ...process.env, NO_COLOR: '1' } });
    const out = join(app, b.out);
    if (b.html) writeFileSync(join(out, 'index.html'), b.html);
    copyFileSync(join(app, 'vectors.json'), join(out, 'vectors.json'));
    const files = walk(out);
    const wasm = files.filter((f) => f.endsWith('.wasm'));
    const emitted = new Set(wasm.map((f) => shipped.get(sha(readFileSync(f)))).filter(Boolean));
    const bytes = files.filter((f) => /\.(m?js)$/.test(f)).reduce((n, f) => n + statSync(f).size, 0);
    console.log(`== ${b.name}: built in ${Date.now() - started} ms; JS ${bytes} B; .wasm assets: ${wasm.map((f) => f.slice(out.length + 1)).join(', ')}`);
    const [passed, failed] = [passedTotal, failedTotal];
    report(b.name, 'every shipped .wasm is emitted as an asset (byte for byte)', [...shipped.values()].every((f) => emitted.has(f)), `emitted ${[...emitted].join(', ')} of ${[...shipped.values()].join(', ')}`);
    report(b.name, 'no .wasm is inlined into the JS as base64', !files.filter((f) => /\.m?js$/.test(f)).some((f) => /data:application\/wasm/.test(readFileSync(f, 'utf8'))), 'a data: URL');
    const server = await serve(out);
    try {
      await runPage(b.name, server.url);
    } finally {
      server.close();
    }
    console.log(`${b.name}: ${passedTotal - passed} passed, ${failedTotal - failed} failed`);
  }

  // Vite's dev server (`vite`, dependency pre-bundling on), the first thing a Vite user runs.
  {
    const [passed, failed] = [passedTotal, failedTotal];
    const port = await new Promise((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const p = probe.address().port;
        probe.close(() => resolve(p));
      });
    });
    const dev = spawn(bin('vite'), ['--host', '127.0.0.1', '--port', String(port), '--strictPort'], { cwd: app, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NO_COLOR: '1' } });
    let log = '';
    dev.stdout.on('data', (d) => (log += d));
    dev.stderr.on('data', (d) => (log += d));
    const exited = new Promise((r) => dev.on('exit', r));
    try {
      for (let i = 0; i < 300 && !/Local:/.test(log); i++) await new Promise((r) => setTimeout(r, 100));
      console.log(`== vite_dev: the dev server on 127.0.0.1:${port}`);
      await runPage('vite_dev', `http://127.0.0.1:${port}/?dev`);
    } finally {
      process.kill(-dev.pid, 'SIGTERM');
      await exited;
    }
    if (failedTotal > failed) console.log(log);
    console.log(`vite_dev: ${passedTotal - passed} passed, ${failedTotal - failed} failed`);
  }
} finally {
  await browser.close();
}
process.exit(failedTotal === 0 && passedTotal > 0 ? 0 : 1);
