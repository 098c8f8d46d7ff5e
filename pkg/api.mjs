// The public API, shared by every ESM entry. An entry first instantiates the wasm, then re-exports this.
export {
  decryptOpenData,
  verifyRawDataSignature,
  signWithSessionKey,
  diagnose,
  WXBizDataCrypt,
  decryptUserInfo,
  decryptPhoneNumber,
  decryptShareInfo,
  decryptGroupEnterInfo,
  decryptWeRunData,
  decryptOpenDataWithKeys,
  code2SessionUrl,
  parseCode2SessionResponse,
  parsePhoneNumberResponse,
  phoneNumberRequest,
  accessTokenUrl,
  stableTokenRequest,
  parseAccessTokenResponse,
  checkSessionUrl,
  encryptedMsgHash,
  checkEncryptedMsgRequest,
  parseWxApiResponse,
  // Message push (消息推送), safe mode
  verifyPushSignature,
  decryptPushMessage,
  encryptPushReply,
  renderPushReplyXml,
  openPushRequest,
} from './dist/wx_open_data.js';

/** Inputs longer than this many characters are rejected with ERR_INPUT_TOO_LARGE before decoding. */
export const MAX_INPUT_LENGTH = 1024 * 1024;
