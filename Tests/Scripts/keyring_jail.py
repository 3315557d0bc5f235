"""Runs a command with the kernel keyring out of reach or in a fresh session, for the tests
of the credential cache's key (issue 12 §4), without libkeyutils or libseccomp.

  keyring_jail.py blocked CMD...       add_key, keyctl and request_key fail with ENOSYS, as
                                       container runtimes' default seccomp profiles make them
  keyring_jail.py new-session CMD...   a new session (setsid) with a new, empty session
                                       keyring, as a cron job or a systemd unit would have"""
import ctypes
import os
import platform
import struct
import sys

libc = ctypes.CDLL(None, use_errno=True)

# System call numbers: (add_key, request_key, keyctl) and the audit architecture.
CALLS = {
    "x86_64": ((248, 249, 250), 0xC000003E),
    "aarch64": ((217, 218, 219), 0xC00000B7),
}
PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2
SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO, ENOSYS = 0x7FFF0000, 0x00050000, 38
BPF_LD_W_ABS, BPF_JEQ_K, BPF_RET_K = 0x20, 0x15, 0x06
KEYCTL_JOIN_SESSION_KEYRING = 1


def block_keyring():
    numbers, arch = CALLS[platform.machine()]
    instructions = [
        (BPF_LD_W_ABS, 0, 0, 4),  # seccomp_data.arch
        (BPF_JEQ_K, 1, 0, arch),
        (BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW),
        (BPF_LD_W_ABS, 0, 0, 0),  # seccomp_data.nr
    ]
    for index, number in enumerate(numbers):
        # Jump to the final ERRNO return when it matches.
        instructions.append((BPF_JEQ_K, len(numbers) - index, 0, number))
    instructions += [(BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW), (BPF_RET_K, 0, 0, SECCOMP_RET_ERRNO | ENOSYS)]
    program = b"".join(struct.pack("HBBI", *instruction) for instruction in instructions)
    buffer = ctypes.create_string_buffer(program)

    class Program(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = Program(len(instructions), ctypes.addressof(buffer))
    if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        sys.exit(f"prctl(NO_NEW_PRIVS): {os.strerror(ctypes.get_errno())}")
    if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) != 0:
        sys.exit(f"prctl(SECCOMP): {os.strerror(ctypes.get_errno())}")


def new_session():
    # A process group leader (as a test runner starts its children) cannot call setsid:
    # a forked child can, and the parent hands on its exit status.
    child = os.fork()
    if child:
        _, status = os.waitpid(child, 0)
        sys.exit(os.waitstatus_to_exitcode(status) % 256)
    os.setsid()
    keyctl = CALLS[platform.machine()][0][2]
    if libc.syscall(keyctl, KEYCTL_JOIN_SESSION_KEYRING, None) < 0:
        sys.exit(f"keyctl(JOIN_SESSION_KEYRING): {os.strerror(ctypes.get_errno())}")


mode, command = sys.argv[1], sys.argv[2:]
if mode == "blocked":
    block_keyring()
elif mode == "new-session":
    new_session()
else:
    sys.exit(f"unknown mode {mode}")
os.execvp(command[0], command)
