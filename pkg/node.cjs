'use strict';
// Node.js CommonJS entry: wasm-bindgen's nodejs glue instantiates the module synchronously on require.
const wasm = require('./dist/wx_open_data_node.cjs');

exports.decryptOpenData = wasm.decryptOpenData;
exports.verifyRawDataSignature = wasm.verifyRawDataSignature;
exports.signWithSessionKey = wasm.signWithSessionKey;
exports.diagnose = wasm.diagnose;
exports.WXBizDataCrypt = wasm.WXBizDataCrypt;
exports.decryptUserInfo = wasm.decryptUserInfo;
exports.decryptPhoneNumber = wasm.decryptPhoneNumber;
exports.decryptShareInfo = wasm.decryptShareInfo;
exports.decryptGroupEnterInfo = wasm.decryptGroupEnterInfo;
exports.decryptWeRunData = wasm.decryptWeRunData;
exports.decryptOpenDataWithKeys = wasm.decryptOpenDataWithKeys;
exports.code2SessionUrl = wasm.code2SessionUrl;
exports.parseCode2SessionResponse = wasm.parseCode2SessionResponse;
exports.parsePhoneNumberResponse = wasm.parsePhoneNumberResponse;
exports.phoneNumberRequest = wasm.phoneNumberRequest;
exports.accessTokenUrl = wasm.accessTokenUrl;
exports.stableTokenRequest = wasm.stableTokenRequest;
exports.parseAccessTokenResponse = wasm.parseAccessTokenResponse;
exports.checkSessionUrl = wasm.checkSessionUrl;
exports.encryptedMsgHash = wasm.encryptedMsgHash;
exports.checkEncryptedMsgRequest = wasm.checkEncryptedMsgRequest;
exports.parseWxApiResponse = wasm.parseWxApiResponse;
// Message push (消息推送), safe mode
exports.verifyPushSignature = wasm.verifyPushSignature;
exports.decryptPushMessage = wasm.decryptPushMessage;
exports.encryptPushReply = wasm.encryptPushReply;
exports.renderPushReplyXml = wasm.renderPushReplyXml;
exports.openPushRequest = wasm.openPushRequest;
/** Inputs longer than this many characters are rejected with ERR_INPUT_TOO_LARGE before decoding. */
exports.MAX_INPUT_LENGTH = 1024 * 1024;
