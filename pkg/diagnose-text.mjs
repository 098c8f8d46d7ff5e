// The words of diagnose(): turns the typed report the WebAssembly core writes (stable ids,
// statuses, numbers and codes) into the report object of the public `diagnose()`, with an English
// `detail` for every check and the likely cause in English and Chinese.
//
// A pure module with no imports: describe(report) reads only its argument.
//
// For logs and developers only: never send a diagnose report (or anything derived from it) to the
// client. The error a client sees must stay the uniform ERR_DECRYPT_FAILED.

const DAMAGE_EN = {
  spaces:
    "contains spaces: a '+' was turned into a space by URL or form decoding on the way to the server. " +
    'Send the value in a JSON body (wx.request with data as an object) or encode it with encodeURIComponent; ' +
    "or pass { repairBase64: true } to turn spaces back into '+'",
  'double-url-encoded':
    'contains %2B, %2F or %3D: the value was URL-encoded twice. ' +
    'Encode it once (encodeURIComponent on the client, a single decode on the server) or send it in a JSON body',
  'url-safe-alphabet':
    "contains '-' or '_': it was converted to the URL-safe base64 alphabet. " +
    "WeChat emits standard base64 ('+', '/', '='); pass the value through unchanged",
  'line-breaks': 'contains line breaks or tabs: the value was wrapped or concatenated. Pass the value through unchanged',
  'missing-padding':
    "is missing its '=' padding (length is not a multiple of 4): " +
    'the value was trimmed or cut in transit. Pass the value through unchanged',
  empty: 'is empty',
  invalid:
    "is not valid standard base64 (characters outside A-Z a-z 0-9 + / =, misplaced '=' or non-zero trailing bits)",
};

const DAMAGE_ZH = {
  spaces:
    "含有空格：传输途中 '+' 被 URL/表单解码成了空格。请用 JSON 请求体发送（wx.request 的 data 传对象），或用 encodeURIComponent 编码；也可以传 { repairBase64: true } 把空格还原为 '+'",
  'double-url-encoded':
    '含有 %2B、%2F 或 %3D：值被 URL 编码了两次。只编码一次（客户端 encodeURIComponent，服务端解码一次），或改用 JSON 请求体',
  'url-safe-alphabet':
    "含有 '-' 或 '_'：被转换成了 URL 安全的 base64 字母表。微信返回的是标准 base64（'+'、'/'、'='），请原样传递",
  'line-breaks': '含有换行或制表符：值被折行或拼接了，请原样传递',
  'missing-padding': "缺少末尾的 '=' 填充（长度不是 4 的倍数）：值在传输中被修剪或截断，请原样传递",
  empty: '为空',
  invalid: "不是合法的标准 base64（含有 A-Z a-z 0-9 + / = 以外的字符、'=' 位置错误或末尾比特非零）",
};

const KEY_EN =
  'the session_key most likely does not match the one WeChat encrypted with: wx.login was called again after the data was produced ' +
  '(call wx.login BEFORE getting the data, or check the session with wx.checkSession), or a concurrent login replaced the stored key ' +
  '(try the previous key with decryptOpenDataWithKeys)';
const KEY_ZH =
  '最可能是 session_key 与微信加密时使用的不一致：数据产生之后又调用了 wx.login（应先 wx.login 再获取数据，或用 wx.checkSession 检查登录态），' +
  '或并发登录覆盖了存储的 session_key（可用 decryptOpenDataWithKeys 尝试上一个 key）';

const JSON_TYPE = {
  object: 'an object',
  array: 'an array',
  string: 'a string',
  number: 'a number',
  boolean: 'a boolean',
  null: 'null',
};

// Kinds whose typed decoder accepts a payload without watermark.
const WATERMARK_OPTIONAL = new Set(['shareInfo', 'groupEnterInfo', 'weRunData']);

/** A number as the core formats it (Rust's `Display` for f64: never an exponent). */
function num(n) {
  if (typeof n !== 'number') return String(n);
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'inf' : '-inf';
  if (Object.is(n, -0)) return '-0';
  const s = String(n);
  const e = s.indexOf('e');
  if (e < 0) return s;
  // Expand d.ddde±x into plain decimal digits.
  const sign = s[0] === '-' ? '-' : '';
  const mantissa = s.slice(sign.length, e);
  const exp = Number(s.slice(e + 1));
  const [int, frac = ''] = mantissa.split('.');
  const digits = int + frac;
  const point = int.length + exp;
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** The English message of a payload shape issue (as the typed decoders word it). */
function shapeMessage(issue) {
  let path = issue.field;
  if (issue.index !== null && issue.index !== undefined) path += `[${issue.index}]`;
  if (issue.want !== null && issue.got !== null) {
    if (issue.key !== null) path += `.${issue.key}`;
    return `${issue.what}: ${path} must be ${issue.want}, it is ${issue.got}`;
  }
  if (issue.key !== null) return `${issue.what}: ${path} has no ${issue.key}`;
  return `this is not ${issue.what}: the decrypted payload has no ${path}`;
}

/** The English `detail` of one check. */
function detail(check) {
  const name = check.id.slice(0, check.id.indexOf('.'));
  const f = check;
  switch (check.id) {
    case 'sessionKey.base64':
    case 'iv.base64':
    case 'encryptedData.base64':
      switch (f.finding) {
        case 'missing':
          return `${name} is missing`;
        case 'strict':
          return `strict standard base64, ${f.bytes} bytes`;
        case 'repaired':
          return `${name} ${DAMAGE_EN[f.damage]}; repairBase64 turned the spaces back into '+'`;
        case 'damaged':
          return `${name} ${DAMAGE_EN[f.damage]}`;
        case 'rejected':
          return `${name} is rejected before decoding (${f.code})`;
      }
      break;
    case 'sessionKey.length':
    case 'iv.length':
      return check.status === 'pass' ? '16 bytes' : `${f.bytes} bytes, expected 16`;
    case 'encryptedData.length':
      return check.status === 'pass'
        ? `${f.bytes} bytes (${Math.floor(f.bytes / 16)} blocks)`
        : `${f.bytes} bytes, not a non-empty multiple of 16`;
    case 'appId':
      return 'appId is missing';
    case 'decrypt.padding':
      switch (f.finding) {
        case 'input-failed':
          return 'an input failed its checks';
        case 'invalid':
          return 'invalid PKCS#7 padding after decryption';
        case 'valid':
          return `valid PKCS#7, ${f.padding} padding bytes`;
      }
      break;
    case 'decrypt.utf8':
      switch (f.finding) {
        case 'padding-failed':
          return 'padding failed';
        case 'first-block':
          return 'not UTF-8 (the first block only)';
        case 'invalid':
          return 'the decrypted bytes are not UTF-8';
        case 'valid':
          return 'valid UTF-8';
      }
      break;
    case 'decrypt.json':
      switch (f.finding) {
        case 'padding-failed':
          return 'padding failed';
        case 'not-utf8':
          return 'not UTF-8';
        case 'object':
          return 'a JSON object';
        case 'not-object':
          return `JSON, but ${JSON_TYPE[f.json]} instead of an object`;
        case 'first-block':
          return 'not JSON (the first block is garbled)';
        case 'invalid':
          return 'the decrypted text is not JSON';
      }
      break;
    case 'payload.shape':
      return f.issue
        ? `looks like ${f.payloadKind} but: ${shapeMessage(f.issue)}`
        : `fields of ${f.payloadKind} present with the right types`;
    case 'watermark.present':
      switch (f.finding) {
        case 'absent':
          return 'no watermark object';
        case 'absent-optional':
          return 'no watermark object (not required: requireWatermark is false)';
        case 'present':
          return 'watermark object present';
      }
      break;
    case 'watermark.appid':
      switch (f.finding) {
        case 'invalid':
          return 'watermark.appid is missing or not a string';
        case 'no-app-ids':
          return 'no appId given to compare with';
        case 'allowed':
          return `${f.appid} is allowed`;
        case 'not-allowed':
          return `${f.appid} is not in the allowed list`;
      }
      break;
    case 'watermark.age':
      switch (f.finding) {
        case 'expired':
          return `${num(f.age)} seconds old, more than maxAgeSeconds ${num(f.max)}`;
        case 'future':
          return `${num(f.ahead)} seconds in the future, more than maxAgeSeconds ${num(f.max)}`;
        case 'within':
          return `${num(f.age)} seconds old, within maxAgeSeconds`;
        case 'no-max-age':
          return `${num(f.age)} seconds old; no maxAgeSeconds given`;
        case 'no-timestamp':
          return 'watermark.timestamp is missing or not a number';
        case 'unknown':
          return 'no timestamp or no current time';
      }
      break;
    case 'openId':
      switch (f.finding) {
        case 'matches':
          return "the payload's openId is the expected one";
        case 'differs':
          return "the payload's openId is not the expected one";
        case 'absent':
          return 'the payload has no openId to compare';
      }
      break;
  }
  return `${check.id}: ${check.finding}`;
}

/** The likely cause in English and Chinese. */
function cause(c) {
  const name = c.field;
  switch (c.id) {
    case 'ok':
      return {
        en: 'Everything checks out: decryptOpenData would return this payload with these options.',
        zh: '所有检查均通过：使用这些选项时 decryptOpenData 会正常返回该数据。',
      };
    case 'appId.missing':
      return {
        en: 'appId is missing: decryptOpenData requires the appid (or list of appids) this data must belong to, and throws ERR_INVALID_ARGUMENT without it.',
        zh: '缺少 appId：decryptOpenData 需要这份数据所属的 appid（或 appid 列表），没有它会抛出 ERR_INVALID_ARGUMENT。',
      };
    case 'field.missing':
      return { en: `${name} is missing from the input`, zh: `输入中缺少 ${name}` };
    case 'field.too-large':
      return {
        en: `${name} is longer than the 1 MiB limit: real WeChat payloads are a few KiB at most.`,
        zh: `${name} 超过了 1 MiB 的长度限制：真实的微信数据最多只有几 KiB。`,
      };
    case 'base64':
      return {
        en:
          `${name} ${DAMAGE_EN[c.damage]}` +
          (c.repairable ? ' (with repairBase64: true it decodes: see the checks below)' : ''),
        zh: `${name} ${DAMAGE_ZH[c.damage]}` + (c.repairable ? '（开启 repairBase64: true 后可以解码：见下面的检查）' : ''),
      };
    case 'sessionKey.length':
      return {
        en: `sessionKey decodes to ${c.bytes} bytes, not 16: it is not a session_key from jscode2session (an openid, an access_token, the AppSecret, or a truncated value?)`,
        zh: `sessionKey 解码后是 ${c.bytes} 字节而不是 16 字节：这不是 jscode2session 返回的 session_key（可能是 openid、access_token、AppSecret 或被截断的值）`,
      };
    case 'iv.length':
      return {
        en: `iv decodes to ${c.bytes} bytes, not 16: pass the iv returned together with this encryptedData (check that the two are not swapped)`,
        zh: `iv 解码后是 ${c.bytes} 字节而不是 16 字节：请传入与这份 encryptedData 一起返回的 iv（检查两者是否传反）`,
      };
    case 'encryptedData.length':
      return {
        en: `encryptedData decodes to ${c.bytes} bytes, not a non-empty multiple of 16: it was truncated in transit (a length limit in a log, a database column or a query string?) or is not an encryptedData value`,
        zh: `encryptedData 解码后是 ${c.bytes} 字节，不是 16 的非零整数倍：在传输中被截断（日志、数据库字段或查询字符串的长度限制？），或者传入的不是 encryptedData`,
      };
    case 'decrypt.padding':
      return {
        en: `The padding is invalid after decryption: ${KEY_EN}. Less likely: encryptedData was truncated by whole blocks or corrupted, or (for a single-block payload) the iv is wrong.`,
        zh: `解密后 PKCS#7 填充无效：${KEY_ZH}。可能性较小的原因：encryptedData 被按整块截断或损坏，或（只有一个分组时）iv 不对。`,
      };
    case 'decrypt.wrong-iv':
      return {
        en: 'Everything but the first 16 bytes decrypts: the iv does not belong to this encryptedData (iv and encryptedData come from different calls, or a cached iv was reused).',
        zh: '除前 16 字节外数据都能正常解密：iv 与这份 encryptedData 不匹配（两者来自不同的调用，或复用了缓存的 iv）。',
      };
    case 'decrypt.utf8':
      return {
        en: `The data decrypts to bytes that are not text (the padding happened to look valid, a 1-in-256 chance with a wrong key): ${KEY_EN}.`,
        zh: `解密结果不是文本（填充碰巧看起来有效，错误的 key 约有 1/256 的概率出现这种情况）：${KEY_ZH}。`,
      };
    case 'decrypt.not-object':
      return {
        en: 'The plaintext is JSON but not an object: WeChat payloads are always objects; this encryptedData was not produced by WeChat (a test fixture?).',
        zh: '明文是 JSON 但不是对象：微信的数据总是 JSON 对象；这份 encryptedData 不是微信生成的（测试数据？）。',
      };
    case 'decrypt.json':
      return {
        en: `The data decrypts to text that is not JSON: ${KEY_EN}.`,
        zh: `解密结果不是 JSON：${KEY_ZH}。`,
      };
    case 'watermark.missing': {
      const optional = WATERMARK_OPTIONAL.has(c.payloadKind);
      return {
        en:
          'The payload has no watermark object, so decryptOpenData cannot tie it to your appid.' +
          (optional
            ? ` This looks like ${c.payloadKind}: decrypt it with its typed decoder, which accepts a missing watermark.`
            : ''),
        zh:
          '数据中没有 watermark 对象，decryptOpenData 无法确认它属于你的小程序。' +
          (optional ? `这看起来是 ${c.payloadKind}：请用对应的类型化解密函数，它接受没有 watermark 的数据。` : ''),
      };
    }
    case 'watermark.appid-invalid':
      return {
        en: 'watermark.appid is missing or not a string: this payload was not produced by WeChat.',
        zh: 'watermark.appid 缺失或不是字符串：这份数据不是微信生成的。',
      };
    case 'watermark.appid-mismatch':
      return {
        en: `watermark.appid is ${c.appid}, not an allowed appid: the data was produced for another mini program (a dev vs prod app, or a multi-app backend: pass every allowed appid as a list).`,
        zh: `watermark.appid 是 ${c.appid}，不在允许的 appid 中：数据属于另一个小程序（开发版与正式版用了不同的 appid，或多小程序共用后端：请把所有允许的 appid 以数组传入）。`,
      };
    case 'watermark.expired':
      return {
        en: `The data was produced ${num(c.age)} seconds ago, more than maxAgeSeconds (${num(c.max)}): ask the mini program for fresh data (or check that now is in seconds, not milliseconds).`,
        zh: `数据产生于 ${num(c.age)} 秒前，超过了 maxAgeSeconds（${num(c.max)}）：请让小程序重新获取数据（或检查 now 是否用了毫秒而不是秒）。`,
      };
    case 'watermark.future':
      return {
        en: `watermark.timestamp is ${num(c.ahead)} seconds in the future, more than maxAgeSeconds (${num(c.max)}): check the server clock (and that now is in seconds).`,
        zh: `watermark.timestamp 比服务器时间晚 ${num(c.ahead)} 秒，超过了 maxAgeSeconds（${num(c.max)}）：请检查服务器时钟（以及 now 是否以秒为单位）。`,
      };
    case 'watermark.timestamp-missing':
      return {
        en: 'watermark.timestamp is missing or not a number, so maxAgeSeconds cannot be checked.',
        zh: 'watermark.timestamp 缺失或不是数字，无法检查 maxAgeSeconds。',
      };
    case 'openId.mismatch':
      return {
        en: "The payload's openId is not the openId option: the data belongs to another user (or the openId of another session was passed).",
        zh: '数据中的 openId 与传入的 openId 选项不一致：数据属于另一个用户（或传入了其他会话的 openId）。',
      };
  }
  return { en: `decryptOpenData would throw ${c.code}.`, zh: `decryptOpenData 会抛出 ${c.code}。` };
}

const copyField = (f) => ({
  present: f.present,
  length: f.length,
  base64: f.base64,
  decodedBytes: f.decodedBytes,
  repairable: f.repairable,
});

/**
 * The report object of `diagnose()` from the typed report of the core: the same facts, with an
 * English `detail` for every check and `cause: { en, zh }`.
 */
export function describe(report) {
  return {
    ok: report.ok,
    code: report.code,
    field: report.field,
    cause: cause(report.cause),
    checks: report.checks.map((c) => ({ id: c.id, status: c.status, detail: detail(c) })),
    sessionKey: copyField(report.sessionKey),
    iv: copyField(report.iv),
    encryptedData: copyField(report.encryptedData),
    plaintext: report.plaintext && {
      ciphertextBytes: report.plaintext.ciphertextBytes,
      paddingOk: report.plaintext.paddingOk,
      paddingBytes: report.plaintext.paddingBytes,
      utf8: report.plaintext.utf8,
      json: report.plaintext.json,
      keys: [...report.plaintext.keys],
      kind: report.plaintext.kind,
    },
    watermark: report.watermark && {
      present: report.watermark.present,
      appid: report.watermark.appid,
      appidMatches: report.watermark.appidMatches,
      timestamp: report.watermark.timestamp,
      ageSeconds: report.watermark.ageSeconds,
    },
  };
}
