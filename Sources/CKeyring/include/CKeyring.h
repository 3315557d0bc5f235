// The Linux kernel's key retention service (keyrings(7)), reached with the add_key and
// keyctl system calls through syscall(2): no libkeyutils. Swift cannot call the variadic
// syscall(), so each call has a typed wrapper here. Every function returns -1 with errno
// set where the kernel has no keyrings (ENOSYS) or a seccomp filter refuses them.
#ifndef ROLESH_CKEYRING_H
#define ROLESH_CKEYRING_H

#include <stddef.h>
#include <stdint.h>

/// The user keyring (@u): shared by every process of the user, whatever its session.
#define ROLESH_KEY_SPEC_USER_KEYRING (-4)

/// add_key("user", description, payload, length, @u): the serial of the key, made or updated.
int32_t rolesh_key_add_to_user_keyring(const char *description, const void *payload, size_t length);

/// KEYCTL_SEARCH in @u for a "user" key: its serial, or -1 (ENOKEY when there is none).
int32_t rolesh_key_search_user_keyring(const char *description);

/// KEYCTL_READ: copies at most `capacity` bytes of the payload; returns its full length.
long rolesh_key_read(int32_t serial, void *buffer, size_t capacity);

/// KEYCTL_SETPERM: the key's permission mask.
int rolesh_key_set_permissions(int32_t serial, uint32_t permissions);

#endif
