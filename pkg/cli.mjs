#!/usr/bin/env node
// wx-open-data CLI: diagnose, decrypt and verify WeChat open data from a terminal.
//   npx wx-open-data diagnose --file input.json
//   npx wx-open-data --help
// Exit codes: 0 success, 1 the data failed a check, 2 usage error (bad flags, unreadable input).
import { readFileSync } from 'node:fs';
import * as lib from './node.mjs';
import { diagnose } from './diagnose.mjs';

const HELP = `wx-open-data: check WeChat Mini Program open data from the command line

Usage:
  wx-open-data diagnose [input]          every check, with the likely cause in English and Chinese
  wx-open-data decrypt [input]           decrypt, validate and print the payload as JSON
  wx-open-data verify-signature [input]  check a rawData signature (sha1(rawData + session_key))
  wx-open-data COMMAND --help            the flags of one command
  wx-open-data --help | --version

Input: flags, a JSON file, or JSON on stdin (flags win over the file; the file over stdin).
  --file PATH            JSON object with any of: appId, sessionKey, sessionKeys, encryptedData, iv,
                         rawData, signature ("-" reads stdin; piped stdin is read when no --file is given)
  --app-id ID            allowed appid; repeat or separate with commas for several
  --session-key KEY      the session_key (base64). Prefer --file or stdin: flags end up in shell history
  --session-keys K1,K2   decrypt: candidate keys, current first; prints which one matched
  --encrypted-data B64   encryptedData as received
  --iv B64               iv as received
  --raw-data TEXT        verify-signature: rawData as received
  --signature HEX        verify-signature: signature as received

Options:
  --kind KIND            decrypt: openData (default), userInfo, phoneNumber, shareInfo, groupEnterInfo,
                         weRunData (typed decoders check the fields of the kind)
  --max-age SECONDS      reject a watermark older than this
  --now UNIX_SECONDS     the current time (default: now; the official 2016 vector needs it with --max-age)
  --require-watermark    decrypt: a payload without watermark is an error even for share/group/WeRun
  --repair-base64        turn spaces back into '+' before decoding
  --json                 machine-readable output (diagnose: the report object; decrypt: the payload)
  --lang en|zh|both      language of the diagnose cause (default both)

Exit codes:
  0  success (diagnose: every check passed; verify-signature: the signature matches)
  1  the data failed a check (the error code is printed; run diagnose for the cause)
  2  usage error: unknown command or flag, missing input, unreadable or invalid JSON file

diagnose prints lengths, base64 findings, padding/UTF-8/JSON results, the watermark appid and age and the
top-level key names, never key material or payload values. It is for developers and logs: a server must
answer its clients with the uniform error, never with this report.
`;

// `wx-open-data COMMAND --help`: the part of the usage that concerns one command.
const COMMAND_HELP = {
  diagnose: `wx-open-data diagnose [--file PATH | flags]: every check on an open-data input, with the likely
cause in English and Chinese. Exit 0 when decryptOpenData would succeed, 1 otherwise, 2 on usage errors.

  --file PATH            JSON object with appId, sessionKey, encryptedData, iv ("-" reads stdin)
  --app-id ID            allowed appid (repeat or comma-separate for several)
  --session-key KEY      the session_key (prefer --file or stdin: flags end up in shell history)
  --encrypted-data B64   encryptedData as received
  --iv B64               iv as received
  --max-age SECONDS      also check the watermark age
  --now UNIX_SECONDS     the current time (default: now)
  --repair-base64        diagnose as decrypt would run with --repair-base64
  --lang en|zh|both      language of the cause (default both)
  --json                 print the report object

For developers and logs only: never send the report to the mini program.`,
  decrypt: `wx-open-data decrypt [--file PATH | flags]: decrypt, validate and print the payload as JSON.
Exit 0 on success, 1 when the data fails a check (the error code is printed), 2 on usage errors.

  --file PATH            JSON object with appId, sessionKey (or sessionKeys), encryptedData, iv
  --app-id ID            allowed appid (required; repeat or comma-separate for several)
  --session-key KEY      the session_key (prefer --file or stdin)
  --session-keys K1,K2   candidate keys, current first; prints which one matched
  --encrypted-data B64   encryptedData as received
  --iv B64               iv as received
  --kind KIND            openData (default), userInfo, phoneNumber, shareInfo, groupEnterInfo, weRunData
  --max-age SECONDS      reject a watermark older than this
  --now UNIX_SECONDS     the current time (default: now; the official 2016 vector needs it with --max-age)
  --require-watermark    a payload without watermark is an error even for share/group/WeRun
  --repair-base64        turn spaces back into '+' before decoding
  --json                 no note on stderr about which key matched`,
  'verify-signature': `wx-open-data verify-signature [--file PATH | flags]: check a rawData signature
(sha1(rawData + session_key), hex). Exit 0 when it matches, 1 when not, 2 on usage errors.

  --file PATH            JSON object with rawData, signature, sessionKey
  --raw-data TEXT        rawData as received
  --signature HEX        signature as received
  --session-key KEY      the session_key (prefer --file or stdin)
  --json                 print { "valid": true | false }`,
};

// The library's messages name its options; a CLI user knows the flags.
const CLI_WORDS = [
  [/\{ repairBase64: true \}/g, '--repair-base64'],
  [/repairBase64: true/g, '--repair-base64'],
  [/\bmaxAgeSeconds\b/g, '--max-age'],
  [/\brequireWatermark\b/g, '--require-watermark'],
  [/\bsessionKeys\b/g, '--session-keys'],
];
const cliWords = (text) => CLI_WORDS.reduce((t, [re, flag]) => t.replace(re, flag), String(text));

class UsageError extends Error {}

const FLAGS = {
  '--file': 'file',
  '--app-id': 'appId',
  '--session-key': 'sessionKey',
  '--session-keys': 'sessionKeys',
  '--encrypted-data': 'encryptedData',
  '--iv': 'iv',
  '--raw-data': 'rawData',
  '--signature': 'signature',
  '--kind': 'kind',
  '--max-age': 'maxAge',
  '--now': 'now',
  '--lang': 'lang',
};
const SWITCHES = { '--json': 'json', '--repair-base64': 'repairBase64', '--require-watermark': 'requireWatermark' };

function parseArgs(argv) {
  const out = { appId: [], positional: [] };
  for (let i = 0; i < argv.length; i++) {
    let arg = argv[i];
    let value;
    const eq = arg.indexOf('=');
    if (arg.startsWith('--') && eq > 0) {
      value = arg.slice(eq + 1);
      arg = arg.slice(0, eq);
    }
    if (arg === '-h' || arg === '--help') out.help = true;
    else if (arg === '-v' || arg === '--version') out.version = true;
    else if (arg in SWITCHES) out[SWITCHES[arg]] = true;
    else if (arg in FLAGS) {
      if (value === undefined) {
        if (i + 1 >= argv.length) throw new UsageError(`${arg} needs a value`);
        value = argv[++i];
      }
      const key = FLAGS[arg];
      if (key === 'appId') out.appId.push(...value.split(',').filter(Boolean));
      else out[key] = value;
    } else if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
    else out.positional.push(arg);
  }
  return out;
}

function readStdin() {
  try {
    return readFileSync(0, 'utf8');
  } catch (e) {
    if (e.code === 'EAGAIN' || e.code === 'EOF') return '';
    throw new UsageError(`cannot read stdin: ${e.message}`);
  }
}

function loadInput(args) {
  let text;
  if (args.file === '-') text = readStdin();
  else if (args.file !== undefined) {
    try {
      text = readFileSync(args.file, 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read ${args.file}: ${e.code ?? e.message}`);
    }
  } else if (!process.stdin.isTTY) {
    text = readStdin();
  }
  let input = {};
  if (text !== undefined && text.trim() !== '') {
    try {
      input = JSON.parse(text);
    } catch {
      throw new UsageError(`${args.file && args.file !== '-' ? args.file : 'stdin'} is not valid JSON`);
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw new UsageError('the input JSON must be an object');
    }
  }
  const pick = (k) => (args[k] !== undefined ? args[k] : input[k]);
  const merged = { ...input };
  for (const k of ['sessionKey', 'encryptedData', 'iv', 'rawData', 'signature']) {
    const v = pick(k);
    if (v !== undefined) merged[k] = v;
  }
  if (args.appId.length > 0) merged.appId = args.appId.length === 1 ? args.appId[0] : args.appId;
  if (args.sessionKeys !== undefined) merged.sessionKeys = args.sessionKeys.split(',').map((k) => k.trim());
  return merged;
}

function number(args, key, flag) {
  if (args[key] === undefined) return undefined;
  const n = Number(args[key]);
  if (!Number.isFinite(n)) throw new UsageError(`${flag} must be a number`);
  return n;
}

function decodeOptions(args) {
  const options = {};
  const maxAge = number(args, 'maxAge', '--max-age');
  const now = number(args, 'now', '--now');
  if (maxAge !== undefined) options.maxAgeSeconds = maxAge;
  if (now !== undefined) options.now = now;
  if (args.repairBase64) options.repairBase64 = true;
  if (args.requireWatermark) options.requireWatermark = true;
  return options;
}

const out = (s = '') => process.stdout.write(`${s}\n`);
const err = (s = '') => process.stderr.write(`${s}\n`);

// A reader that stops early (`wx-open-data diagnose ... | head -1`) closes the pipe: the rest of the
// output has nowhere to go, which is not an error of the command.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e) => {
    if (e && e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
}

function printError(e) {
  if (e && e.name === 'WxOpenDataError') {
    if (e.code === 'ERR_INVALID_ARGUMENT') throw new UsageError(cliWords(e.message));
    err(`error ${e.code}${e.field ? ` (field: ${e.field})` : ''}: ${cliWords(e.message)}`);
    if (e.code === 'ERR_DECRYPT_FAILED') err('run `wx-open-data diagnose` with the same input for the likely cause');
    return 1;
  }
  throw e;
}

const MARK = { pass: 'PASS', fail: 'FAIL', warn: 'WARN', skip: 'SKIP' };

function cmdDiagnose(args) {
  const input = loadInput(args);
  const lang = args.lang ?? 'both';
  if (!['en', 'zh', 'both'].includes(lang)) throw new UsageError('--lang must be en, zh or both');
  const { sessionKey, encryptedData, iv, appId } = input;
  const report = diagnose({ sessionKey, encryptedData, iv, appId }, decodeOptions(args));
  if (args.json) {
    out(JSON.stringify(report, null, 2));
    return report.ok ? 0 : 1;
  }
  out(report.ok ? 'OK: every check passed' : `PROBLEM: ${report.code}${report.field ? ` (field: ${report.field})` : ''}`);
  if (lang !== 'zh') out(`Cause: ${cliWords(report.cause.en)}`);
  if (lang !== 'en') out(`原因: ${cliWords(report.cause.zh)}`);
  out();
  out('Checks:');
  const width = Math.max(...report.checks.map((c) => c.id.length));
  for (const c of report.checks) out(`  ${MARK[c.status] ?? c.status}  ${c.id.padEnd(width)}  ${cliWords(c.detail)}`);
  out();
  for (const name of ['sessionKey', 'iv', 'encryptedData']) {
    const f = report[name];
    const parts = f.present ? [`${f.length} chars`, `base64 ${f.base64}`] : ['missing'];
    if (f.decodedBytes != null) parts.push(`${f.decodedBytes} bytes`);
    if (f.repairable) parts.push('repairable with --repair-base64');
    out(`${name.padEnd(14)} ${parts.join(', ')}`);
  }
  if (report.plaintext) {
    const p = report.plaintext;
    const parts = [`padding ${p.paddingOk ? `ok (${p.paddingBytes} bytes)` : 'invalid'}`];
    if (p.paddingOk) parts.push(`UTF-8 ${p.utf8 ? 'ok' : 'invalid'}`);
    if (p.utf8) parts.push(`JSON ${p.json}`);
    if (p.kind) parts.push(`looks like ${p.kind}`);
    out(`${'plaintext'.padEnd(14)} ${parts.join(', ')}`);
    if (p.keys.length) out(`${'keys'.padEnd(14)} ${p.keys.join(', ')}`);
  }
  if (report.watermark) {
    const w = report.watermark;
    const parts = [w.present ? `appid ${w.appid ?? '(none)'}` : 'absent'];
    if (w.appidMatches != null) parts.push(w.appidMatches ? 'allowed' : 'NOT allowed');
    if (w.timestamp != null) parts.push(`timestamp ${w.timestamp} (${new Date(w.timestamp * 1000).toISOString()})`);
    if (w.ageSeconds != null) parts.push(`age ${Math.round(w.ageSeconds)} s`);
    out(`${'watermark'.padEnd(14)} ${parts.join(', ')}`);
  }
  return report.ok ? 0 : 1;
}

const DECODERS = {
  openData: 'decryptOpenData',
  userInfo: 'decryptUserInfo',
  phoneNumber: 'decryptPhoneNumber',
  shareInfo: 'decryptShareInfo',
  groupEnterInfo: 'decryptGroupEnterInfo',
  weRunData: 'decryptWeRunData',
};

function cmdDecrypt(args) {
  const input = loadInput(args);
  const kind = args.kind ?? input.kind ?? 'openData';
  if (!(kind in DECODERS)) throw new UsageError(`--kind must be one of ${Object.keys(DECODERS).join(', ')}`);
  if (input.appId === undefined) throw new UsageError('decrypt needs the appId (--app-id or "appId" in the file)');
  const options = decodeOptions(args);
  try {
    if (Array.isArray(input.sessionKeys)) {
      const { data, keyIndex } = lib.decryptOpenDataWithKeys(
        { appId: input.appId, sessionKeys: input.sessionKeys, encryptedData: input.encryptedData, iv: input.iv },
        { ...options, kind },
      );
      if (!args.json) err(`decrypted with sessionKeys[${keyIndex}]${keyIndex === 0 ? ' (the current key)' : ''}`);
      out(JSON.stringify(data, null, 2));
      return 0;
    }
    const { appId, sessionKey, encryptedData, iv } = input;
    const data = lib[DECODERS[kind]]({ appId, sessionKey, encryptedData, iv }, options);
    out(JSON.stringify(data, null, 2));
    return 0;
  } catch (e) {
    return printError(e);
  }
}

function cmdVerify(args) {
  const input = loadInput(args);
  const { rawData, signature, sessionKey } = input;
  try {
    const ok = lib.verifyRawDataSignature({ rawData, signature, sessionKey });
    if (args.json) out(JSON.stringify({ valid: ok }));
    else out(ok ? 'valid: signature matches sha1(rawData + sessionKey)' : 'INVALID: signature does not match sha1(rawData + sessionKey)');
    return ok ? 0 : 1;
  } catch (e) {
    if (e && e.code === 'ERR_INVALID_ARGUMENT') throw new UsageError(cliWords(e.message));
    return printError(e);
  }
}

function main(argv) {
  let args;
  try {
    args = parseArgs(argv);
    if (args.version) {
      out(JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')).version);
      return 0;
    }
    const [command, ...rest] = args.positional;
    if (command === 'help' && rest.length === 1 && rest[0] in COMMAND_HELP) {
      out(COMMAND_HELP[rest[0]]);
      return 0;
    }
    if (args.help || command === 'help') {
      out(command in COMMAND_HELP ? COMMAND_HELP[command] : HELP);
      return 0;
    }
    if (rest.length) throw new UsageError(`unexpected argument ${rest[0]}`);
    switch (command) {
      case 'diagnose':
        return cmdDiagnose(args);
      case 'decrypt':
        return cmdDecrypt(args);
      case 'verify-signature':
        return cmdVerify(args);
      case undefined:
        throw new UsageError('missing command');
      default:
        throw new UsageError(`unknown command ${command}`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      err(`wx-open-data: ${e.message}`);
      err('run `wx-open-data --help` for usage');
      return 2;
    }
    if (e && e.name === 'WxOpenDataError' && e.code === 'ERR_INVALID_ARGUMENT') {
      err(`wx-open-data: ${cliWords(e.message)}`);
      return 2;
    }
    throw e;
  }
}

process.exitCode = main(process.argv.slice(2));
