"""Turns the measurements of Benchmarks/bench into RESULTS.md and ratios.png.

usage: report.py OUT_DIR WORK_DIR BENCHMARKS_DIR
OUT_DIR holds, per benchmark id: ID.json (hyperfine), ID.rss (KiB), ID.command, ID.env,
ID.state and, for the Swift binaries, ID.instructions (callgrind); or ID.failed and
ID.stderr. Per prompt count: ID.count ("PROCESSES THREADS") and ID.script; and machine.txt. WORK_DIR is the
temporary folder, shown as $WORK in the commands. ANALYSIS.md, when present, is appended.
"""

import json
import shlex
import statistics
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

OUT, WORK, BENCH = (Path(arg) for arg in sys.argv[1:4])

SECTIONS = [
    ("Cached assume (cache hit)", ["rolesh_assume_cached", "rolesh_assume_sso_cached", "awsume_assume", "aws_cli_assume"]),
    ("The whole switch in bash (eval of what is printed)", ["switch_rolesh_tmpfs", "switch_rolesh_disk", "switch_floor"]),
    ("Uncached assume (one AssumeRole to moto)", ["rolesh_assume_uncached", "curl_assume_role"]),
    ("No network: exit and status", [
        "rolesh_exit", "rolesh_status", "noop_floor_exit", "noop_floor_status", "bin_true"]),
    ("10,000 profiles", [
        "rolesh_list_names", "awsume_autocomplete", "botocore_profiles", "rolesh_assume_cached_big"]),
    ("Shell start-up (interactive, then exit)", [
        "bash_start_plain", "bash_start_rolesh", "zsh_start_plain", "zsh_start_rolesh",
        "fish_start_plain", "fish_start_rolesh"]),
]

LABELS = {
    "switch_rolesh_tmpfs": "bash: eval \"$(rolesh assume prod)\", runtime folder on tmpfs (cache hit)",
    "switch_rolesh_disk": "bash: eval \"$(rolesh assume prod)\", runtime folder on disk (cache hit)",
    "switch_floor": "bash: eval \"$(cat FILE)\" of the same output (floor of a switch)",
    "rolesh_assume_cached": "rolesh assume prod (cache hit)",
    "rolesh_assume_sso_cached": "rolesh assume sso-dev (IAM Identity Center profile, cache hit)",
    "awsume_assume": "awsume prod (bash -c '. awsume prod')",
    "aws_cli_assume": "aws sts assume-role",
    "rolesh_assume_uncached": "rolesh assume prod --refresh",
    "curl_assume_role": "curl POST of the signed AssumeRole (floor)",
    "rolesh_exit": "rolesh exit",
    "rolesh_status": "rolesh status",
    "noop_floor_exit": "noop-floor exit (Swift floor)",
    "noop_floor_status": "noop-floor status (Swift floor)",
    "bin_true": "/bin/true",
    "rolesh_list_names": "rolesh list --names",
    "awsume_autocomplete": "awsume-autocomplete",
    "botocore_profiles": "botocore available_profiles",
    "rolesh_assume_cached_big": "rolesh assume prod (cache hit, 10,000-profile config)",
    "bash_start_plain": "bash -i -c exit, empty rc",
    "bash_start_rolesh": "bash -i -c exit, rc: eval \"$(rolesh init bash)\"",
    "zsh_start_plain": "zsh -i -c exit, empty rc",
    "zsh_start_rolesh": "zsh -i -c exit, rc: eval \"$(rolesh init zsh)\"",
    "fish_start_plain": "fish -i -c exit, empty rc",
    "fish_start_rolesh": "fish -i -c exit, rc: rolesh init fish | source",
}

PROMPTS = [
    ("bash_prompt_norole", "bash: __rolesh_hook; rolesh_prompt, no role"),
    ("bash_prompt_role", "bash: __rolesh_hook; rolesh_prompt, role with ~1 h left"),
    ("bash_ps1_role", "bash: __rolesh_hook; PS1='$(rolesh_prompt) \\w \\$ ' expanded, role with ~1 h left"),
    ("zsh_prompt_norole", "zsh: __rolesh_hook; rolesh_prompt, no role"),
    ("zsh_prompt_role", "zsh: __rolesh_hook; rolesh_prompt, role with ~1 h left"),
    ("fish_prompt_norole", "fish: __rolesh_hook; rolesh_prompt, no role"),
    ("fish_prompt_role", "fish: __rolesh_hook; rolesh_prompt, role with ~1 h left"),
]

# How Benchmarks/bench starts each shell for the prompt counts: without the user's rc files.
NO_RC = {"bash": "--norc", "zsh": "-f", "fish": "--no-config"}

RSS_TARGET_KIB = 20 * 1024


def load(bench_id):
    """Wall-time statistics in ms, peak RSS in KiB and the command, or None when it failed."""
    path = OUT / f"{bench_id}.json"
    if not path.exists():
        return None
    result = json.loads(path.read_text())["results"][0]
    times = sorted(t * 1000 for t in result["times"])
    quartiles = statistics.quantiles(times, n=4, method="inclusive")
    instructions = OUT / f"{bench_id}.instructions"
    return {
        "instructions": int(instructions.read_text().replace(",", "")) if instructions.exists() else None,
        "median": statistics.median(times),
        "min": times[0],
        "p25": quartiles[0],
        "p75": quartiles[2],
        "max": times[-1],
        "user": result["user"] * 1000,
        "system": result["system"] * 1000,
        "runs": len(times),
        "rss": int((OUT / f"{bench_id}.rss").read_text()),
        "command": (OUT / f"{bench_id}.command").read_text().strip(),
        "env": (OUT / f"{bench_id}.env").read_text().strip(),
        "state": (OUT / f"{bench_id}.state").read_text().strip(),
    }


def shown(text):
    return text.replace(str(WORK), "$WORK")


def cell(text):
    """Text that a Markdown table cell holds as it is."""
    return text.replace("|", "\\|")


results = {bench_id: load(bench_id) for _, ids in SECTIONS for bench_id in ids}
machine = dict(
    line.split("=", 1) for line in (OUT / "machine.txt").read_text().splitlines() if "=" in line)


def median(bench_id):
    result = results.get(bench_id)
    return result["median"] if result else None


def ratio(numerator, denominator):
    a, b = median(numerator), median(denominator)
    return a / b if a is not None and b is not None else None


def times(value):
    return "n/a" if value is None else f"{value:.2f}×"


def verdict(ok):
    return "n/a" if ok is None else ("met" if ok else "**missed**")


lines = ["# rolesh benchmarks", ""]
lines += [
    "Generated by `make bench` (Benchmarks/bench); do not edit by hand — the analysis at the",
    "end comes from Benchmarks/ANALYSIS.md.",
    "",
    "## Machine",
    "",
    f"- {machine['nproc']} cores: {machine['cpu']}; {machine['kernel']}; "
    f"load average at the end of the run: {machine['load']} (the machine is shared: other "
    "builds ran during the run, so the spread is wide and the medians are the numbers to read)",
    f"- rolesh {machine['rolesh']}, release build, static Swift stdlib",
    f"- {machine['swift']}",
    f"- awsume {machine['awsume']}; {machine['aws']}",
    f"- {machine['curl']}",
    f"- {machine['hyperfine']}; {machine['bash']}; {machine['zsh']}; {machine['fish']}",
    f"- STS: moto_server on 127.0.0.1; it answered {machine['sts_requests']} requests in the run",
    "",
    f"Wall time: `hyperfine -N --warmup 5 --runs {machine['runs']}` (no intermediate shell), in ms. "
    f"Peak RSS: `/usr/bin/time -f %M`, the largest of {machine['rss_runs']} runs, in MiB.",
    "",
    "## Results",
    "",
]
for title, ids in SECTIONS:
    lines += [f"### {title}", "",
              "| command | median | min | p25 | p75 | max | user | sys | peak RSS | instructions |",
              "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for bench_id in ids:
        result = results[bench_id]
        if result is None:
            failed = OUT / f"{bench_id}.failed"
            reason = [line for line in (OUT / f"{bench_id}.stderr").read_text().splitlines() if line.strip()]
            why = cell(reason[0].strip()) if reason else "failed"
            lines.append(f"| {cell(LABELS[bench_id])} | fails: `{why}` | | | | | | | | |" if failed.exists()
                         else f"| {cell(LABELS[bench_id])} | not run | | | | | | | | |")
            continue
        r = result
        instructions = "" if r["instructions"] is None else f"{r['instructions'] / 1e6:.1f} M"
        lines.append(
            f"| {cell(LABELS[bench_id])} | **{r['median']:.2f}** | {r['min']:.2f} | {r['p25']:.2f} | "
            f"{r['p75']:.2f} | {r['max']:.2f} | {r['user']:.2f} | {r['system']:.2f} | "
            f"{r['rss'] / 1024:.1f} | {instructions} |")
    lines.append("")

startup = []
for shell in ("bash", "zsh", "fish"):
    plain, with_rc = median(f"{shell}_start_plain"), median(f"{shell}_start_rolesh")
    added = None if plain is None or with_rc is None else with_rc - plain
    startup.append((shell, added))

lines += ["## Ratios and targets", "",
          "Ratios of median wall times; against the no-op Swift floor, the ratio of instructions",
          "(callgrind) too, which the load of the machine does not move.", "",
          "| comparison | ratio (medians) | target | |", "| --- | ---: | --- | --- |"]


def target_row(text, value, goal, ok):
    lines.append(f"| {cell(text)} | {value} | {goal} | {verdict(ok)} |")


def instruction_ratio(numerator, denominator):
    a, b = results.get(numerator), results.get(denominator)
    if not a or not b or not a["instructions"] or not b["instructions"]:
        return None
    return a["instructions"] / b["instructions"]


for bench_id, floor, label in [
    ("rolesh_assume_cached", "noop_floor_status", "cached assume / no-op Swift floor"),
    ("rolesh_exit", "noop_floor_exit", "exit / no-op Swift floor"),
    ("rolesh_status", "noop_floor_status", "status / no-op Swift floor"),
]:
    value = ratio(bench_id, floor)
    target_row(label, times(value), "≤ 1.5×", None if value is None else value <= 1.5)
    value = instruction_ratio(bench_id, floor)
    target_row(f"{label}, instructions", times(value), "≤ 1.5×", None if value is None else value <= 1.5)
for bench_id in ("rolesh_assume_cached", "rolesh_exit", "rolesh_status", "noop_floor_status"):
    target_row(f"{LABELS[bench_id]} / /bin/true", times(ratio(bench_id, "bin_true")), "—", None)
for bench_id in ("switch_rolesh_tmpfs", "switch_rolesh_disk"):
    value = ratio(bench_id, "switch_floor")
    target_row(f"{LABELS[bench_id]} / the floor of a switch", times(value), "≤ 2×", None if value is None else value <= 2)
    target_row(f"awsume prod / {LABELS[bench_id]} (times faster)", times(ratio("awsume_assume", bench_id)), "—", None)
value = ratio("awsume_assume", "rolesh_assume_cached")
target_row("awsume prod / rolesh cached assume (times faster)", times(value), "≥ 100×",
           None if value is None else value >= 100)
target_row("aws sts assume-role / rolesh cached assume (times faster)",
           times(ratio("aws_cli_assume", "rolesh_assume_cached")), "—", None)
value = ratio("rolesh_assume_uncached", "curl_assume_role")
target_row("uncached assume / raw curl floor", times(value), "≤ 1.3×", None if value is None else value <= 1.3)
target_row("awsume prod / rolesh uncached assume (times faster)",
           times(ratio("awsume_assume", "rolesh_assume_uncached")), "—", None)
value = median("rolesh_list_names")
target_row("rolesh list --names, 10,000 profiles", "n/a" if value is None else f"{value:.2f} ms", "< 10 ms",
           None if value is None else value < 10)
target_row("awsume-autocomplete / rolesh list --names (times faster)",
           times(ratio("awsume_autocomplete", "rolesh_list_names")), "—", None)
target_row("botocore available_profiles / rolesh list --names (times faster)",
           times(ratio("botocore_profiles", "rolesh_list_names")), "—", None)
value = ratio("rolesh_assume_sso_cached", "rolesh_assume_cached")
target_row("cached assume: IAM Identity Center profile / role profile", times(value), "≤ 1.2×",
           None if value is None else value <= 1.2)
target_row("cached assume: IAM Identity Center profile / role profile, instructions",
           times(instruction_ratio("rolesh_assume_sso_cached", "rolesh_assume_cached")), "—", None)
target_row("cached assume: 10,000-profile config / 2-profile config",
           times(ratio("rolesh_assume_cached_big", "rolesh_assume_cached")), "—", None)
for shell, added in startup:
    target_row(f"{shell} start-up: added by the rc line", "n/a" if added is None else f"{added:+.2f} ms",
               "< 5 ms", None if added is None else added < 5)
rolesh_ids = [i for i in results if i.startswith("rolesh_") and results[i]]
worst = max(rolesh_ids, key=lambda i: results[i]["rss"], default=None)
if worst:
    rss = results[worst]["rss"]
    target_row(f"largest peak RSS of a rolesh command ({LABELS[worst]})", f"{rss / 1024:.1f} MiB", "< 20 MiB",
               rss < RSS_TARGET_KIB)
lines.append("")

lines += ["## Processes started at a prompt", "",
          "`strace -f -e trace=execve,clone,clone3,fork,vfork,openat` around a shell that loads the",
          "integration (and, for \"role\", runs one real `rolesh assume prod`), then opens a marker file,",
          "runs the hook and the prompt helper, and opens a second marker file; the count is the",
          "execve/clone/fork events between the two markers. The contract (DESIGN §8) is 0.", "",
          "| what runs at the prompt | processes started | threads started |", "| --- | ---: | ---: |"]
for bench_id, label in PROMPTS:
    count_file = OUT / f"{bench_id}.count"
    processes, threads = count_file.read_text().split() if count_file.exists() else ("not run", "")
    lines.append(f"| {cell(label)} | {processes} | {threads} |")
lines += ["", "The PS1 row is bash's own subshell for the `$(…)` command substitution in the prompt string, "
          "not something rolesh starts: a prompt that calls `rolesh_prompt` through `PROMPT_COMMAND` "
          "(or zsh's `precmd`, fish's `fish_prompt`) starts none.", ""]

lines += ["## Exact commands", "",
          "Every command runs under `env -i` with HOME, XDG_RUNTIME_DIR (a folder on /dev/shm, a tmpfs "
          "like a login session's /run/user/UID), USER=bench, TERM=dumb, "
          "LANG=C.UTF-8, PATH (the release binaries, Benchmarks/.venv-peers/bin, .venv/bin, /usr/bin, /bin), "
          "AWS_ENDPOINT_URL_STS=http://127.0.0.1:PORT and AWS_PROFILE=base, plus the variables of a state: "
          "*base* (nothing more), *shell* (those of `eval \"$(rolesh init bash)\"`: a session, no role), "
          "*role* (those of *shell* after one real `rolesh assume prod`). $WORK is the run's temporary folder.", "",
          "| id | state | command |", "| --- | --- | --- |"]
for _, ids in SECTIONS:
    for bench_id in ids:
        r = results[bench_id]
        if r is None:
            failed = OUT / f"{bench_id}.failed"
            if failed.exists():
                lines.append(f"| {bench_id} | | `{cell(shown(failed.read_text().strip()))}` (fails) |")
            continue
        env = f"{shown(r['env'])} " if r["env"] else ""
        lines.append(f"| {bench_id} | {r['state']} | `{cell(env + shown(r['command']))}` |")
for bench_id, _ in PROMPTS:
    script = OUT / f"{bench_id}.script"
    if script.exists():
        shell = bench_id.split("_")[0]
        command = (f"strace -f -qq -e trace=execve,clone,clone3,fork,vfork,openat -o FILE {shell} "
                   f"{NO_RC[shell]} -c {shlex.quote(shown(script.read_text().strip()))}")
        lines.append(f"| {bench_id} | base | `{cell(command)}` |")
lines.append("")

analysis = BENCH / "ANALYSIS.md"
if analysis.exists():
    lines += [analysis.read_text().rstrip(), ""]
(BENCH / "RESULTS.md").write_text("\n".join(lines))

# The chart: how many times faster rolesh is than each peer, on a log scale.
bars = [
    ("awsume prod\nvs rolesh assume (cache hit)", ratio("awsume_assume", "rolesh_assume_cached")),
    ("aws sts assume-role\nvs rolesh assume (cache hit)", ratio("aws_cli_assume", "rolesh_assume_cached")),
    ("awsume prod\nvs rolesh assume --refresh", ratio("awsume_assume", "rolesh_assume_uncached")),
    ("awsume-autocomplete\nvs rolesh list --names (10k)", ratio("awsume_autocomplete", "rolesh_list_names")),
    ("botocore profiles\nvs rolesh list --names (10k)", ratio("botocore_profiles", "rolesh_list_names")),
]
bars = [(label, value) for label, value in bars if value is not None]
figure, axes = plt.subplots(figsize=(9, 0.8 * len(bars) + 1.6))
labels = [label for label, _ in bars][::-1]
values = [value for _, value in bars][::-1]
axes.barh(labels, values, color="#3b7dd8")
axes.set_xscale("log")
axes.set_xlim(1, max(values + [100]) * 3)
axes.axvline(100, color="#c0392b", linestyle="--", linewidth=1, label="target: 100× faster than awsume")
axes.legend(loc="lower right", fontsize=8)
for y, value in enumerate(values):
    axes.text(value * 1.08, y, f"{value:.0f}×" if value >= 10 else f"{value:.1f}×", va="center", fontsize=9)
axes.set_xlabel("times faster than the peer (median wall time, log scale)")
axes.set_title(f"rolesh vs its peers — {machine['nproc']} cores, {machine['cpu']}", fontsize=10)
figure.tight_layout()
figure.savefig(BENCH / "ratios.png", dpi=110)
