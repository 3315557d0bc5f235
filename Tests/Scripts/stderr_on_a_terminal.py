"""Runs a command with stderr on a new pseudo-terminal and stdout on a pipe.

usage: stderr_on_a_terminal.py COMMAND [ARG...]
stdout: a JSON object {"status", "stdout", "stderr"}, stderr being every byte the command
wrote to the terminal (the terminal's own line-end translation included).
"""
import json
import os
import pty
import subprocess
import sys
import threading

master, slave = pty.openpty()
process = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=slave)
os.close(slave)
terminal = bytearray()


def drain():
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: every writer has closed the terminal
            return
        if not chunk:
            return
        terminal.extend(chunk)


reader = threading.Thread(target=drain)
reader.start()
output = process.stdout.read()
process.wait()
reader.join()
json.dump({"status": process.returncode, "stdout": output.decode("utf-8", "replace"),
           "stderr": terminal.decode("utf-8", "replace")}, sys.stdout)
