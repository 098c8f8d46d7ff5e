// Browser runner: serves the throwaway consumer project ($app, the packed tarball installed in
// node_modules) on 127.0.0.1 and loads it in headless Debian Chromium through playwright-core, three ways
// a page gets the package: native ESM with an import map resolved from the package's `browser`
// condition, an esbuild bundle (platform browser), and `wx-open-data/web` with an explicit init().
// Prints "chromium: N passed, M failed" per page. Usage: node run.mjs APP_DIR
import { createServer } from 'node:http';
import { readFile, writeFile, mkdir, copyFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join, extname, normalize } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const app = process.argv[2];
const pkgDir = join(app, 'node_modules', 'wx-open-data');
const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8'));

// The subset of Node's exports resolution an import map needs: first matching condition, in order.
function resolveExports(subpath, conditions) {
  const walk = (t) => {
    if (typeof t === 'string') return t;
    if (t && typeof t === 'object') {
      for (const [k, v] of Object.entries(t)) if (k !== 'types' && conditions.includes(k)) {
        const r = walk(v);
        if (r) return r;
      }
    }
    return null;
  };
  const r = walk(pkg.exports[subpath]);
  if (!r) throw new Error(`no browser target for ${subpath}`);
  return `/node_modules/wx-open-data/${r.replace(/^\.\//, '')}`;
}
const browserConditions = ['browser', 'import', 'default'];
const mainEntry = resolveExports('.', browserConditions);
const webEntry = resolveExports('./web', browserConditions);
const testingEntry = resolveExports('./testing', browserConditions);
console.log(`import map: wx-open-data -> ${mainEntry}, wx-open-data/web -> ${webEntry}`);
if (!mainEntry.endsWith('/browser.mjs')) throw new Error('the browser condition does not select browser.mjs');

const html = (imports, script) => `<!doctype html><meta charset="utf-8"><title>wx-open-data</title>
${imports ? `<script type="importmap">${JSON.stringify({ imports })}</script>` : ''}
<script type="module" src="${script}"></script>`;
await writeFile(join(app, 'native.html'), html({ 'wx-open-data': mainEntry, 'wx-open-data/web': webEntry, 'wx-open-data/testing': testingEntry }, './page.mjs'));
await writeFile(join(app, 'web-only.html'), html({ 'wx-open-data/web': webEntry }, './web-only.mjs'));
// A bundler user's build: esbuild resolves the `browser` condition; the .wasm is copied next to the
// bundle, where the glue's `new URL('wx_open_data_bg.wasm', import.meta.url)` looks for it.
await mkdir(join(app, 'bundled'), { recursive: true });
await build({
  absWorkingDir: app,
  entryPoints: [join(app, 'page.mjs')],
  outfile: join(app, 'bundled', 'page.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: 'es2022',
  logLevel: 'warning',
});
await copyFile(join(pkgDir, 'dist', 'wx_open_data_bg.wasm'), join(app, 'bundled', 'wx_open_data_bg.wasm'));
await copyFile(join(app, 'vectors.json'), join(app, 'bundled', 'vectors.json'));
await writeFile(join(app, 'bundled', 'index.html'), html(null, './page.js'));

const types = { '.html': 'text/html', '.mjs': 'text/javascript', '.js': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm' };
const server = createServer(async (req, res) => {
  const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
  try {
    const body = await readFile(join(app, path));
    res.writeHead(200, { 'content-type': types[extname(path)] ?? 'application/octet-stream' });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((r) => server.listen(0, '127.0.0.1', r));
const base = `http://127.0.0.1:${server.address().port}`;

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'],
});
let failedTotal = 0;
let passedTotal = 0;
try {
  for (const [label, path] of [
    ['native ESM + import map, main entry', '/native.html'],
    ['esbuild bundle (browser condition)', '/bundled/index.html'],
    ['wx-open-data/web with explicit init()', '/web-only.html'],
  ]) {
    const page = await browser.newPage();
    const problems = [];
    page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    await page.goto(base + path);
    let body;
    try {
      await page.waitForFunction(() => window.__wxResults !== undefined, null, { timeout: 60_000 });
      body = await page.evaluate(() => window.__wxResults);
    } catch (e) {
      body = { userAgent: '?', results: [{ name: 'page did not report', ok: false, error: [e.message, ...problems].join('\n') }] };
    }
    await page.close();
    console.log(`== ${label} (${path}) in ${body.userAgent}`);
    let passed = 0;
    let failed = 0;
    for (const r of body.results) {
      if (r.ok) passed++;
      else failed++;
      if (!r.ok || process.env.VERBOSE) console.log(`${r.ok ? 'ok  ' : 'FAIL'} [chromium] ${r.name}${r.ok ? '' : `\n     ${r.error}`}`);
    }
    if (failed && problems.length) console.log(problems.join('\n'));
    console.log(`chromium: ${passed} passed, ${failed} failed`);
    passedTotal += passed;
    failedTotal += failed;
  }
} finally {
  await browser.close();
  server.close();
}
process.exit(failedTotal === 0 && passedTotal > 0 ? 0 : 1);
