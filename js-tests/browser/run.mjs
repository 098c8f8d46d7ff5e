// Browser runner: serves the throwaway consumer project ($app, the packed tarball installed in
// node_modules) on 127.0.0.1 and loads it in a headless browser, the ways a page gets the package:
// native ESM with an import map resolved from the package's `browser` condition (also with SIMD
// reported missing, so the baseline .wasm loads), an esbuild bundle (platform browser), and
// `wx-open-data/web` with an explicit init(). Chromium (Debian's) is driven by
// playwright-core; Firefox ESR (Debian's) by geckodriver over plain WebDriver HTTP (playwright cannot
// drive a stock Firefox). Prints "<browser>: N passed, M failed" per page.
// Usage: node run.mjs APP_DIR [chromium|firefox]
import { createServer } from 'node:http';
import { readFile, writeFile, mkdir, copyFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join, extname, normalize } from 'node:path';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';

const app = process.argv[2];
const browserName = process.argv[3] ?? 'chromium';
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
const pushEntry = resolveExports('./push', browserConditions);
const diagnoseEntry = resolveExports('./diagnose', browserConditions);
const clientEntry = resolveExports('./client', browserConditions);
const pageImports = {
  'wx-open-data': mainEntry,
  'wx-open-data/web': webEntry,
  'wx-open-data/push': pushEntry,
  'wx-open-data/diagnose': diagnoseEntry,
  'wx-open-data/testing': testingEntry,
  'wx-open-data/client': clientEntry,
};
console.log(`import map: wx-open-data -> ${mainEntry}, wx-open-data/web -> ${webEntry}`);
if (!mainEntry.endsWith('/browser.mjs')) throw new Error('the browser condition does not select browser.mjs');

const html = (imports, script, pre = '') => `<!doctype html><meta charset="utf-8"><title>wx-open-data</title>${pre}
${imports ? `<script type="importmap">${JSON.stringify({ imports })}</script>` : ''}
<script type="module" src="${script}"></script>`;
await writeFile(join(app, 'native.html'), html(pageImports, './page.mjs'));
// An engine without WebAssembly SIMD (older Safari): the probe fails, the baseline build loads.
await writeFile(
  join(app, 'nosimd.html'),
  html(
    pageImports,
    './page.mjs',
    '<script>window.__wxNoSimd = true; WebAssembly.validate = () => false;</script>',
  ),
);
await writeFile(
  join(app, 'web-only.html'),
  html({ 'wx-open-data/web': webEntry, 'wx-open-data/push': pushEntry, 'wx-open-data/diagnose': diagnoseEntry }, './web-only.mjs'),
);
// A bundler user's build: esbuild resolves the `browser` condition but does not copy assets, so the
// .wasm files go where the bundled `new URL('./dist/…wasm', import.meta.url)` looks: dist/ next to it.
await mkdir(join(app, 'bundled', 'dist'), { recursive: true });
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
for (const f of ['wx_open_data_bg.wasm', 'wx_open_data_bg.nosimd.wasm', 'push_bg.wasm', 'diagnose_bg.wasm', 'testing_bg.wasm']) {
  await copyFile(join(pkgDir, 'dist', f), join(app, 'bundled', 'dist', f));
}
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

const browser = browserName === 'firefox' ? await launchFirefox() : await launchChromium();
let failedTotal = 0;
let passedTotal = 0;
try {
  for (const [label, path] of [
    ['native ESM + import map, main entry', '/native.html'],
    ['esbuild bundle (browser condition)', '/bundled/index.html'],
    ['main entry where WebAssembly SIMD is missing', '/nosimd.html'],
    ['wx-open-data/web with explicit init()', '/web-only.html'],
  ]) {
    const problems = [];
    let body;
    try {
      body = await browser.run(base + path, problems);
    } catch (e) {
      body = { userAgent: '?', results: [{ name: 'page did not report', ok: false, error: [e.message, ...problems].join('\n') }] };
    }
    console.log(`== ${label} (${path}) in ${body.userAgent}`);
    let passed = 0;
    let failed = 0;
    for (const r of body.results) {
      if (r.ok) passed++;
      else failed++;
      if (!r.ok || process.env.VERBOSE) console.log(`${r.ok ? 'ok  ' : 'FAIL'} [${browserName}] ${r.name}${r.ok ? '' : `\n     ${r.error}`}`);
    }
    if (failed && problems.length) console.log(problems.join('\n'));
    console.log(`${browserName}: ${passed} passed, ${failed} failed`);
    passedTotal += passed;
    failedTotal += failed;
  }
} finally {
  await browser.close();
  server.close();
}
process.exit(failedTotal === 0 && passedTotal > 0 ? 0 : 1);

async function launchChromium() {
  const b = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--no-first-run'],
  });
  return {
    async run(url, problems) {
      const page = await b.newPage();
      page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
      page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
      try {
        await page.goto(url);
        await page.waitForFunction(() => window.__wxResults !== undefined, null, { timeout: 60_000 });
        return await page.evaluate(() => window.__wxResults);
      } finally {
        await page.close();
      }
    },
    close: () => b.close(),
  };
}

// Firefox through geckodriver's W3C WebDriver HTTP API: new session, navigate, poll a script.
async function launchFirefox() {
  const { spawn } = await import('node:child_process');
  const port = await new Promise((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const p = probe.address().port;
      probe.close(() => resolve(p));
    });
  });
  // Firefox's own chrome-JS noise goes to geckodriver's output: keep it, show it only on failure.
  const driver = spawn(process.env.GECKODRIVER ?? 'geckodriver', ['--host', '127.0.0.1', '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let driverLog = '';
  driver.stdout.on('data', (d) => (driverLog += d));
  driver.stderr.on('data', (d) => (driverLog += d));
  const wd = async (method, path, body) => {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok) throw new Error(`webdriver ${method} ${path}: ${JSON.stringify(json.value)}`);
    return json.value;
  };
  let session;
  for (let i = 0; ; i++) {
    try {
      session = await wd('POST', '/session', {
        capabilities: {
          alwaysMatch: {
            browserName: 'firefox',
            'moz:firefoxOptions': { binary: process.env.FIREFOX ?? '/usr/bin/firefox-esr', args: ['-headless'], prefs: { 'network.proxy.type': 0 } },
          },
        },
      });
      break;
    } catch (e) {
      if (i > 50) {
        driver.kill();
        throw new Error(`${e.message}\n${driverLog.slice(-4000)}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  const id = session.sessionId;
  return {
    async run(url) {
      await wd('POST', `/session/${id}/url`, { url });
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        const v = await wd('POST', `/session/${id}/execute/sync`, { script: 'return window.__wxResults ?? null;', args: [] });
        if (v) return v;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error(`timed out waiting for window.__wxResults\n${driverLog.slice(-4000)}`);
    },
    async close() {
      try {
        await wd('DELETE', `/session/${id}`);
      } finally {
        driver.kill();
      }
    },
  };
}
