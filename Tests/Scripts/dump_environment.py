"""Writes this process's AWS_* and ROLESH_* variables to the file argv[1], as a JSON object.

The shell scenarios call it at each step, so the Swift test can compare whole environments."""
import json
import os
import sys

managed = {name: value for name, value in os.environ.items() if name.startswith(("AWS_", "ROLESH_"))}
with open(sys.argv[1], "w", encoding="utf-8") as file:
    json.dump(managed, file, sort_keys=True, ensure_ascii=False)
