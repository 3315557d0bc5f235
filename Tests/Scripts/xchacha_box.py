#!/usr/bin/env python3
"""Seals or opens one XChaCha20-Poly1305-IETF box with PyNaCl, for rolesh's differential tests.

Usage: xchacha_box.py seal|open, with three lines of hex on stdin: the key, the associated
data, and the input (the plaintext to seal, or nonce || ciphertext || tag to open).
Prints the box (seal) or the plaintext (open) as hex on stdout. A box that does not open
exits with status 1 and a message on stderr. Test data only: never real secrets.
"""
import sys

import nacl.bindings as sodium
import nacl.exceptions
import nacl.utils

NONCE_BYTES = sodium.crypto_aead_xchacha20poly1305_ietf_NPUBBYTES


def main() -> int:
    mode = sys.argv[1]
    key, associated_data, data = (bytes.fromhex(line.strip()) for line in sys.stdin.read().split("\n")[:3])
    if mode == "seal":
        nonce = nacl.utils.random(NONCE_BYTES)
        box = nonce + sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(data, associated_data, nonce, key)
        print(box.hex())
        return 0
    try:
        nonce, ciphertext = data[:NONCE_BYTES], data[NONCE_BYTES:]
        print(sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(ciphertext, associated_data, nonce, key).hex())
        return 0
    except nacl.exceptions.CryptoError as error:
        print(f"does not open: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
