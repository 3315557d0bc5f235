"""Damages the frame this shell stands on (ROLESH_FRAME of session ROLESH_SESSION under
$XDG_RUNTIME_DIR/rolesh), the way a disk, a crash or an attacker could.

  flip      flips one bit in the middle of the sealed file
  truncate  cuts the file to half its length
  foreign   replaces it with a frame of another session in the same store"""
import os
import shutil
import sys

sessions = os.path.join(os.environ["XDG_RUNTIME_DIR"], "rolesh", "sessions")
session = os.environ["ROLESH_SESSION"]
path = os.path.join(sessions, session, os.environ["ROLESH_FRAME"] + ".frame")
mode = sys.argv[1]
with open(path, "rb") as file:
    sealed = bytearray(file.read())
if mode == "flip":
    sealed[len(sealed) // 2] ^= 0x01
elif mode == "truncate":
    sealed = sealed[: len(sealed) // 2]
elif mode == "foreign":
    others = [
        os.path.join(sessions, other, name)
        for other in sorted(os.listdir(sessions)) if other != session
        for name in sorted(os.listdir(os.path.join(sessions, other))) if name.endswith(".frame")
    ]
    with open(others[0], "rb") as file:
        sealed = bytearray(file.read())
else:
    sys.exit(f"unknown damage {mode}")
# Same owner and mode as before: only the bytes are damaged.
permissions = os.stat(path).st_mode & 0o777
os.chmod(path, permissions | 0o200)
with open(path, "wb") as file:
    file.write(sealed)
os.chmod(path, permissions)
