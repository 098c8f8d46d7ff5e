//! AES-CBC and strict PKCS#7: the constant-time unpadding agrees with a plain reference
//! implementation for every buffer and pad block; encrypt/decrypt round-trips (AES-128 and -256).
#![no_main]

use libfuzzer_sys::fuzz_target;
use wx_open_data::crypto::{
    aes128_cbc_decrypt, aes128_cbc_encrypt, aes256_cbc_decrypt, aes256_cbc_encrypt,
    pkcs7_unpadded_len,
};

fn reference(buf: &[u8], block: usize) -> Option<usize> {
    let &p = buf.last()?;
    let p = usize::from(p);
    if p == 0 || p > block || p > buf.len() {
        return None;
    }
    buf[buf.len() - p..].iter().all(|&b| usize::from(b) == p).then(|| buf.len() - p)
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, body)) = data.split_first() else {
        return;
    };
    for block in [16usize, 32, usize::from(flags)] {
        assert_eq!(pkcs7_unpadded_len(body, block), reference(body, block.min(255)), "block {block}");
    }
    let pad_block = if flags & 1 == 1 { 32 } else { 16 };
    let key16 = [flags; 16];
    let iv = [flags ^ 0x5a; 16];
    let mut ct = aes128_cbc_encrypt(&key16, &iv, body, pad_block);
    assert_eq!(ct.len() % pad_block, 0);
    assert_eq!(aes128_cbc_decrypt(&key16, &iv, &mut ct, pad_block), Ok(body.len()));
    assert_eq!(&ct[..body.len()], body);
    let key32 = [flags ^ 0xff; 32];
    let mut ct = aes256_cbc_encrypt(&key32, &iv, body, pad_block);
    assert_eq!(aes256_cbc_decrypt(&key32, &iv, &mut ct, pad_block), Ok(body.len()));
    assert_eq!(&ct[..body.len()], body);
    // Arbitrary bytes as ciphertext: any outcome but a panic.
    let mut raw = body.to_vec();
    let _ = aes128_cbc_decrypt(&key16, &iv, &mut raw, pad_block);
});
