// The CLI as users run it: the `wx-open-data` bin of the installed tarball (node_modules/.bin),
// spawned with flags, a JSON file and stdin. Checks exit codes and the human-readable output.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const bin = new URL('./node_modules/.bin/wx-open-data', import.meta.url).pathname;
const vectors = JSON.parse(readFileSync(new URL('./vectors.json', import.meta.url), 'utf8'));
const official = vectors.openData[0];
const NOW = official.options.now;
const dir = mkdtempSync(join(tmpdir(), 'wx-open-data-cli-'));
const file = join(dir, 'input.json');
writeFileSync(file, JSON.stringify(official.input));

function cli(args, input) {
  const r = spawnSync(bin, args, { input: input ?? '', encoding: 'utf8', timeout: 30000 });
  if (r.error) throw r.error;
  return { code: r.status, out: r.stdout, err: r.stderr };
}

test('[cli] the bin is linked by npm install', () => {
  assert.ok(existsSync(bin), `${bin} is missing`);
});

test('[cli] --help prints usage and exits 0', () => {
  const r = cli(['--help']);
  assert.equal(r.code, 0);
  for (const word of ['diagnose', 'decrypt', 'verify-signature', 'Exit codes']) assert.match(r.out, new RegExp(word));
});

test('[cli] unknown command and unknown flag exit 2', () => {
  assert.equal(cli(['frobnicate']).code, 2);
  const r = cli(['diagnose', '--bogus']);
  assert.equal(r.code, 2);
  assert.match(r.err, /unknown option --bogus/);
  assert.equal(cli([]).code, 2);
});

test('[cli] diagnose from a JSON file: every check passes, exit 0', () => {
  const r = cli(['diagnose', '--file', file, '--now', String(NOW)]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^OK: every check passed/);
  assert.match(r.out, /PASS {2}decrypt\.padding/);
  assert.match(r.out, /looks like userInfo/);
  assert.ok(!r.out.includes(official.input.sessionKey), 'the report prints the session key');
  assert.ok(!r.out.includes('Band'), 'the report prints payload values');
});

test('[cli] diagnose names spaces in encryptedData and a wrong iv, exit 1', () => {
  const spaced = JSON.stringify({ ...official.input, encryptedData: official.input.encryptedData.replaceAll('+', ' ') });
  let r = cli(['diagnose', '--file', '-'], spaced);
  assert.equal(r.code, 1);
  assert.match(r.out, /PROBLEM: ERR_INVALID_BASE64 \(field: encryptedData\)/);
  assert.match(r.out, /repairable with --repair-base64/);
  assert.match(r.out, /原因/);
  r = cli(['diagnose', '--file', file, '--iv', 'AAAAAAAAAAAAAAAAAAAAAA==', '--lang', 'en']);
  assert.equal(r.code, 1);
  assert.match(r.out, /iv does not belong to this encryptedData/);
  assert.ok(!r.out.includes('原因'), '--lang en printed Chinese');
});

test('[cli] diagnose --json prints the report object', () => {
  const r = cli(['diagnose', '--json', '--now', String(NOW)], JSON.stringify({ ...official.input, appId: 'wxother' }));
  assert.equal(r.code, 1);
  const report = JSON.parse(r.out);
  assert.equal(report.code, 'ERR_APPID_MISMATCH');
  assert.equal(report.watermark.appidMatches, false);
});

test('[cli] decrypt prints the payload JSON from stdin, exit 0', () => {
  const r = cli(['decrypt', '--kind', 'userInfo'], JSON.stringify(official.input));
  assert.equal(r.code, 0, r.err);
  assert.deepEqual(JSON.parse(r.out), JSON.parse(official.expect.plaintext));
});

test('[cli] decrypt with flags only', () => {
  const { appId, sessionKey, iv, encryptedData } = official.input;
  const r = cli(['decrypt', '--app-id', appId, '--session-key', sessionKey, '--iv', iv, '--encrypted-data', encryptedData]);
  assert.equal(r.code, 0, r.err);
  assert.equal(JSON.parse(r.out).nickName, 'Band');
});

test('[cli] decrypt failures exit 1 with the code; --session-keys reports the matching key', () => {
  let r = cli(['decrypt', '--file', file, '--session-key', 'AAAAAAAAAAAAAAAAAAAAAA==']);
  assert.equal(r.code, 1);
  assert.match(r.err, /ERR_DECRYPT_FAILED/);
  assert.match(r.err, /diagnose/);
  r = cli(['decrypt', '--file', file, '--max-age', '60', '--now', String(NOW + 3600)]);
  assert.equal(r.code, 1);
  assert.match(r.err, /ERR_WATERMARK_EXPIRED/);
  r = cli(['decrypt', '--file', file, '--session-keys', `AAAAAAAAAAAAAAAAAAAAAA==,${official.input.sessionKey}`]);
  assert.equal(r.code, 0, r.err);
  assert.match(r.err, /sessionKeys\[1\]/);
  r = cli(['decrypt', '--file', file, '--kind', 'phoneNumber']);
  assert.equal(r.code, 1);
  assert.match(r.err, /ERR_PAYLOAD_SHAPE/);
});

test('[cli] decrypt without input or with a bad file exits 2', () => {
  assert.equal(cli(['decrypt']).code, 2);
  assert.equal(cli(['decrypt', '--file', join(dir, 'missing.json')]).code, 2);
  writeFileSync(join(dir, 'bad.json'), '{not json');
  assert.equal(cli(['decrypt', '--file', join(dir, 'bad.json')]).code, 2);
  assert.equal(cli(['decrypt', '--file', file, '--kind', 'nope']).code, 2);
});

test('[cli] verify-signature: 0 for the official vector, 1 for a tampered rawData', () => {
  const s = vectors.signatures.rawData[0];
  let r = cli(['verify-signature'], JSON.stringify(s));
  assert.equal(r.code, 0, r.err);
  assert.match(r.out, /^valid/);
  r = cli(['verify-signature', '--raw-data', s.rawData.replace('Band', 'Bond')], JSON.stringify(s));
  assert.equal(r.code, 1);
  assert.match(r.out, /INVALID/);
  assert.equal(cli(['verify-signature', '--signature', 'ab']).code, 2);
});

test('[cli] COMMAND --help prints the flags of that command, exit 0', () => {
  for (const [cmd, flag] of [['diagnose', '--lang'], ['decrypt', '--session-keys'], ['verify-signature', '--raw-data']]) {
    const r = cli([cmd, '--help']);
    assert.equal(r.code, 0, cmd);
    assert.match(r.out, new RegExp(`^wx-open-data ${cmd}`), cmd);
    assert.match(r.out, new RegExp(flag), cmd);
    assert.equal(cli(['help', cmd]).out, r.out);
  }
});

test('[cli] messages name the CLI flags, not the library options', () => {
  const spaced = JSON.stringify({ ...official.input, encryptedData: official.input.encryptedData.replaceAll('+', ' ') });
  for (const args of [['decrypt'], ['diagnose', '--lang', 'en']]) {
    const r = cli([...args, '--file', '-', '--now', String(NOW)], spaced);
    assert.equal(r.code, 1, args.join(' '));
    assert.match(r.out + r.err, /--repair-base64/, args.join(' '));
    assert.doesNotMatch(r.out + r.err, /repairBase64/, args.join(' '));
  }
});

test('[cli] a reader that closes the pipe early is not an error (no EPIPE crash)', () => {
  // `true` exits at once, so every write of the CLI meets a closed pipe.
  const r = spawnSync('bash', ['-c', `'${bin}' diagnose --file '${file}' --now ${NOW} | true; echo "status \${PIPESTATUS[0]}" >&2`], {
    encoding: 'utf8',
    timeout: 30000,
  });
  assert.doesNotMatch(r.stderr, /EPIPE|Error/);
  assert.match(r.stderr, /status 0/);
});
