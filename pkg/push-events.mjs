// Typed views of WeChat's user-lifecycle push events (part of `wx-open-data/push`, re-exported by
// push-api.mjs): what a server must act on to keep sessions honest. A pure mapping over the message
// openPushRequest already verified, decrypted and parsed (JSON, or XML as an object of strings);
// openPushRequest itself is unchanged. docs/sessions.md lists the events and the RevokeInfo table.
import { get, isArray } from './args.mjs';
import { invalid, typeName } from './errors.mjs';

/**
 * RevokeInfo numbers -> names: WeChat's table for `user_authorization_revoke` (docs/push.md). A number
 * not listed keeps `name: undefined`: never dropped.
 */
export const REVOKE_INFO_NAMES = Object.freeze({
  1: 'vehicle_plate', // 车牌号
  2: 'address', // 地址
  3: 'invoice', // 发票信息
  4: 'bluetooth', // 蓝牙
  5: 'microphone', // 麦克风
  6: 'nickname_avatar', // 昵称和头像
  7: 'camera', // 摄像头
  8: 'phone_number', // 手机号
  12: 'werun_steps', // 微信运动步数
  13: 'location', // 位置信息
  14: 'chosen_media', // 选中的图片或视频
  15: 'chosen_files', // 选中的文件
  16: 'email', // 邮箱地址
  18: 'chosen_location', // 选择的位置信息
  19: 'nickname_fill_in', // 昵称输入键盘中选择的微信昵称
  20: 'avatar_fill_in', // 获取用户头像组件中选择的微信头像
});

const TYPED = new Set([
  'user_authorization_revoke',
  'user_authorization_cancellation',
  'user_info_modified',
  'wxa_punish_event',
]);

/** A field of the message as text (XML gives strings, JSON may give numbers). */
function text(v) {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

/** `RevokeInfo` as a list of numbers: a number, a comma- or space-separated string, or a list of either. */
function revokeNumbers(v) {
  const items = isArray(v, 'RevokeInfo') ? [...v] : v === undefined || v === null ? [] : [v];
  const out = [];
  for (const item of items) {
    if (typeof item === 'number' && Number.isSafeInteger(item)) out.push(item);
    else if (typeof item === 'string') {
      for (const part of item.split(/[\s,;|]+/)) {
        if (/^\d{1,9}$/.test(part)) out.push(Number(part));
      }
    }
  }
  return out;
}

/**
 * The typed view of a push message: `{ type, event, openId, toUserName, createTime, pluginId?, openPid?,
 * message }` plus, for `user_authorization_revoke`, `revoked: [{ id, name }]`. Events other than the
 * four lifecycle ones come back as `type: 'other'` with the message untouched. Takes the `message`
 * of openPushRequest's result, or the result itself.
 */
export function parseUserLifecycleEvent(input) {
  if (typeof input !== 'object' || input === null || isArray(input, 'message')) {
    throw invalid('message', `message must be the object openPushRequest returned, got ${typeName(input)}`);
  }
  const message = get(input, 'kind') === 'message' && typeof get(input, 'message') === 'object' ? get(input, 'message') : input;
  const event = text(get(message, 'Event'));
  const base = {
    type: TYPED.has(event) ? event : 'other',
    event,
    openId: text(get(message, 'FromUserName')),
    toUserName: text(get(message, 'ToUserName')),
    createTime: Number(text(get(message, 'CreateTime')) ?? NaN),
  };
  if (!Number.isFinite(base.createTime)) base.createTime = undefined;
  const pluginId = text(get(message, 'PluginID'));
  const openPid = text(get(message, 'OpenPID'));
  if (pluginId !== undefined) base.pluginId = pluginId;
  if (openPid !== undefined) base.openPid = openPid;
  if (base.type === 'user_authorization_revoke') {
    base.revoked = revokeNumbers(get(message, 'RevokeInfo')).map((id) => ({
      id,
      name: Object.hasOwn(REVOKE_INFO_NAMES, id) ? REVOKE_INFO_NAMES[id] : undefined,
    }));
  }
  base.message = message;
  return base;
}
