// Opens URL in headless Chromium (Debian's, driven by playwright-core) and prints the page's text once
// the quick start's module script has written it (or its error). Usage: node browser.mjs URL
import { chromium } from 'playwright-core';

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(process.argv[2]);
  await page.waitForFunction(() => document.body && document.body.textContent.trim() !== '', null, { timeout: 20000 })
    .catch(() => {});
  console.log((await page.evaluate(() => document.body?.textContent ?? '')).trim());
  if (errors.length) console.log(errors.join('\n'));
} finally {
  await browser.close();
}
