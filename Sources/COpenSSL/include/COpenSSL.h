// Typed entry points into OpenSSL's libcrypto, which is loaded with dlopen on first use:
// only IAM Identity Center needs it (SHA-1 names the aws CLI's token cache files), so no
// other command pays for loading it (DESIGN §8).
#ifndef ROLESH_COPENSSL_H
#define ROLESH_COPENSSL_H

#include <stddef.h>
#include <stdint.h>

/// Loads libcrypto once per process. Returns 0, or -1 with a reason copied into `reason`.
int rolesh_crypto_load(char *reason, size_t reason_len);

/// SHA-1 of `count` bytes at `data` into `digest` (20 bytes). Returns 0, or -1 when
/// libcrypto is not loaded or the digest fails.
int rolesh_crypto_sha1(const void *data, size_t count, uint8_t digest[20]);

#endif
