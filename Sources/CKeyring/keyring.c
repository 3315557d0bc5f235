#include "CKeyring.h"

#if defined(__linux__)
#include <sys/syscall.h>
#include <unistd.h>

// From <linux/keyctl.h>, spelled out so that no kernel headers are needed to build.
enum { ROLESH_KEYCTL_SETPERM = 5, ROLESH_KEYCTL_SEARCH = 10, ROLESH_KEYCTL_READ = 11 };

int32_t rolesh_key_add_to_user_keyring(const char *description, const void *payload, size_t length) {
    return (int32_t)syscall(SYS_add_key, "user", description, payload, length, ROLESH_KEY_SPEC_USER_KEYRING);
}

int32_t rolesh_key_search_user_keyring(const char *description) {
    return (int32_t)syscall(SYS_keyctl, ROLESH_KEYCTL_SEARCH, ROLESH_KEY_SPEC_USER_KEYRING, "user", description, 0);
}

long rolesh_key_read(int32_t serial, void *buffer, size_t capacity) {
    return syscall(SYS_keyctl, ROLESH_KEYCTL_READ, serial, buffer, capacity);
}

int rolesh_key_set_permissions(int32_t serial, uint32_t permissions) {
    return (int)syscall(SYS_keyctl, ROLESH_KEYCTL_SETPERM, serial, permissions);
}
#else
#include <errno.h>

int32_t rolesh_key_add_to_user_keyring(const char *description, const void *payload, size_t length) {
    errno = ENOSYS;
    return -1;
}

int32_t rolesh_key_search_user_keyring(const char *description) {
    errno = ENOSYS;
    return -1;
}

long rolesh_key_read(int32_t serial, void *buffer, size_t capacity) {
    errno = ENOSYS;
    return -1;
}

int rolesh_key_set_permissions(int32_t serial, uint32_t permissions) {
    errno = ENOSYS;
    return -1;
}
#endif
