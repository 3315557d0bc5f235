// Loads libcrypto at run time by its versioned name (a bare libcrypto.so exists only with
// the -dev package). Its types are opaque here: only pointers pass through, so no OpenSSL
// header is needed to build rolesh.
#include "COpenSSL.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdio.h>

static struct {
    const void *(*sha1)(void);
    int (*digest)(const void *data, size_t count, unsigned char *md, unsigned int *size, const void *type, void *engine);
} crypto;

static pthread_once_t load_once = PTHREAD_ONCE_INIT;
static char load_error[256];

static const char *const library_names[] = {
#if defined(__APPLE__)
    "libcrypto.3.dylib",
#else
    "libcrypto.so.3", "libcrypto.so.1.1",
#endif
};

static void load(void) {
    void *library = NULL;
    for (size_t i = 0; i < sizeof library_names / sizeof library_names[0] && library == NULL; i++) {
        library = dlopen(library_names[i], RTLD_LAZY | RTLD_LOCAL);
    }
    if (library == NULL) {
        const char *why = dlerror();
        snprintf(load_error, sizeof load_error, "cannot load libcrypto (%s); install libssl3", why ? why : "not found");
        return;
    }
    crypto.sha1 = (const void *(*)(void))dlsym(library, "EVP_sha1");
    crypto.digest = (int (*)(const void *, size_t, unsigned char *, unsigned int *, const void *, void *))dlsym(library, "EVP_Digest");
    if (crypto.sha1 == NULL || crypto.digest == NULL) {
        snprintf(load_error, sizeof load_error, "libcrypto has no EVP_sha1 or EVP_Digest");
        crypto.sha1 = NULL;
        crypto.digest = NULL;
    }
}

int rolesh_crypto_load(char *reason, size_t reason_len) {
    pthread_once(&load_once, load);
    if (crypto.digest != NULL) return 0;
    if (reason != NULL && reason_len > 0) snprintf(reason, reason_len, "%s", load_error);
    return -1;
}

int rolesh_crypto_sha1(const void *data, size_t count, uint8_t digest[20]) {
    if (rolesh_crypto_load(NULL, 0) != 0) return -1;
    unsigned int size = 0;
    if (crypto.digest(data, count, digest, &size, crypto.sha1(), NULL) != 1 || size != 20) return -1;
    return 0;
}
