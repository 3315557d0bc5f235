# Prints this process's environment as JSON, each name and value hex-encoded byte for byte
# (os.environb: no decoding), so tests compare exactly what a shell exported.
import json
import os
import sys

json.dump({name.hex(): value.hex() for name, value in os.environb.items()}, sys.stdout)
