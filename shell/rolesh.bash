# rolesh integration for bash (≥ 4.4), printed by `rolesh init bash` after a preamble that
# sets __rolesh_bin (this binary, a shell variable) and, in a shell that has no session yet,
# exports ROLESH_SESSION and ROLESH_SESSION_KEY and sets __rolesh_session_owner and
# __rolesh_session_dir. Load it with: eval "$(rolesh init bash)"
# The `rolesh` function passes `--shell bash` itself: nothing that decides the dialect is
# exported, so a child of another kind (fish, zsh, sh) doing a plain eval gets its own.
#
# It works under the user's options: `set -euo pipefail`, `set -o posix`, `shopt -s nullglob
# failglob extglob` (every expansion quoted or guarded, no unquoted glob).
#
# rolesh_prompt prints "ROLE TIMELEFT" without a newline, and nothing when no role is active:
#   prod 1h05m   prod 59m   prod 4m   prod 45s   prod expired
# with the depth added when switches are nested (ROLESH_DEPTH > 1): prod 59m [2]
# A control character in the role shows as "?": it never reaches the terminal raw.
# It uses builtins only ($EPOCHSECONDS, else printf's %(%s)T): it starts no process.

# Sourced as it is (the installed share/rolesh/rolesh.bash), it has no preamble: it loads
# the integration through `rolesh init bash` instead.
if [[ -z ${__rolesh_bin-} ]]; then
    eval "$(command rolesh init bash)"
    return
fi

# rolesh: assume, exit, refresh and region print shell code; run it only when the command succeeded.
# Each switch puts the prompt hook back first in PROMPT_COMMAND, should a later line of
# .bashrc have set PROMPT_COMMAND over it.
rolesh() {
    local __rolesh_arg __rolesh_out __rolesh_shell=(--shell bash)
    case ${1-} in
    assume | exit | refresh | region)
        for __rolesh_arg in "$@"; do
            case $__rolesh_arg in
            -h | --help)
                command "$__rolesh_bin" "$@"
                return
                ;;
            --shell | --shell=*) __rolesh_shell=() ;;
            esac
        done
        __rolesh_install_exit_hook
        __rolesh_install_prompt_hook
        __rolesh_out=$(command "$__rolesh_bin" "$1" "${__rolesh_shell[@]}" "${@:2}") || return
        eval "$__rolesh_out"
        ;;
    *)
        command "$__rolesh_bin" "$@"
        ;;
    esac
}

# Sets __rolesh_now and __rolesh_left (the caller's locals) to the time and the seconds until
# ROLESH_EXPIRES; fails when that is not a number (never feed an unchecked variable to bash
# arithmetic: it would evaluate it as code).
__rolesh_seconds_left() {
    case ${ROLESH_EXPIRES-} in '' | *[!0-9]*) return 1 ;; esac
    if [[ -n ${EPOCHSECONDS-} ]]; then
        __rolesh_now=$EPOCHSECONDS
    else
        printf -v __rolesh_now '%(%s)T' -1
    fi
    __rolesh_left=$((10#$ROLESH_EXPIRES - __rolesh_now))
}

rolesh_prompt() {
    local __rolesh_line __rolesh_now __rolesh_left
    [[ -n ${ROLESH_ROLE-} ]] || return 0
    __rolesh_line=${ROLESH_ROLE//[[:cntrl:]]/?}
    if __rolesh_seconds_left; then
        if ((__rolesh_left <= 0)); then
            __rolesh_line+=" expired"
        elif ((__rolesh_left < 60)); then
            __rolesh_line+=" ${__rolesh_left}s"
        elif ((__rolesh_left < 3600)); then
            __rolesh_line+=" $((__rolesh_left / 60))m"
        else
            printf -v __rolesh_line '%s %dh%02dm' "$__rolesh_line" $((__rolesh_left / 3600)) $((__rolesh_left % 3600 / 60))
        fi
    fi
    case ${ROLESH_DEPTH-} in
    '' | *[!0-9]*) ;;
    *) if ((10#$ROLESH_DEPTH > 1)); then __rolesh_line+=" [$((10#$ROLESH_DEPTH))]"; fi ;;
    esac
    printf '%s' "$__rolesh_line"
}

# Before each prompt: renew the credentials when they expire within ROLESH_REFRESH_BEFORE
# seconds (300). With no role, or time to spare, it only does arithmetic: no process.
# It also sets the exit hook once the session has a folder that a switch made elsewhere
# (a child shell, a subshell, a plain eval) — a builtin test until then.
__rolesh_hook() {
    local __rolesh_status=$? __rolesh_now __rolesh_left __rolesh_before=${ROLESH_REFRESH_BEFORE:-300}
    [[ -n ${__rolesh_exit_hook_set-} || ! -d ${__rolesh_session_dir-} ]] || __rolesh_install_exit_hook
    case $__rolesh_before in *[!0-9]*) __rolesh_before=300 ;; esac
    if __rolesh_seconds_left && ((__rolesh_left <= 10#$__rolesh_before)) &&
        [[ $ROLESH_EXPIRES != "${__rolesh_warned_expires-}" ]] && ((__rolesh_now >= ${__rolesh_retry_after:-0})); then
        __rolesh_auto_refresh
    fi
    return $__rolesh_status
}

# The refresh gives the network 1.5 s at most (the binary's budget for --auto), and Ctrl-C
# ends it like any command. Only the eval of its output ignores Ctrl-C, so the shell never
# holds half of the new credentials, and it runs only while the shell is still on the frame
# that was renewed. Status 3: an MFA code is needed; the command has said so on stderr, and
# this expiry is not tried again. Any other failure: the command has said so in one line,
# and the next try waits a minute. The wait is set before the try: Ctrl-C ends the whole
# hook, and bash runs it again for the new prompt, which must not start another refresh.
__rolesh_auto_refresh() {
    local __rolesh_int_trap __rolesh_out __rolesh_code=0 __rolesh_frame=${ROLESH_FRAME-}
    __rolesh_retry_after=$((__rolesh_now + 60))
    __rolesh_out=$(command "$__rolesh_bin" refresh --auto --shell bash) || __rolesh_code=$?
    if ((__rolesh_code == 0 || __rolesh_code == 3)); then __rolesh_retry_after=0; fi
    if ((__rolesh_code == 0)); then
        [[ ${ROLESH_FRAME-} == "$__rolesh_frame" ]] || return 0
        __rolesh_int_trap=$(trap -p INT)
        trap '' INT
        eval "$__rolesh_out"
        if [[ -n $__rolesh_int_trap ]]; then eval "$__rolesh_int_trap"; else trap - INT; fi
    elif ((__rolesh_code == 3)); then
        __rolesh_warned_expires=$ROLESH_EXPIRES
    fi
}

# When the shell that created the session exits, its frames go with it.
__rolesh_exit_hook() {
    local __rolesh_status=$?
    if [[ -n ${__rolesh_session_owner-} && $__rolesh_session_owner == "${ROLESH_SESSION-}" && -d ${__rolesh_session_dir-} ]]; then
        command "$__rolesh_bin" clean --session "$ROLESH_SESSION" >/dev/null 2>&1
    fi
    return $__rolesh_status
}

# PROMPT_COMMAND may be unset, a string or (bash ≥ 5.1) an array; the hook goes first, once.
__rolesh_install_prompt_hook() {
    local __rolesh_entry
    for __rolesh_entry in ${PROMPT_COMMAND+"${PROMPT_COMMAND[@]}"}; do
        if [[ ";$__rolesh_entry;" == *";__rolesh_hook;"* ]]; then return 0; fi
    done
    if [[ -n ${PROMPT_COMMAND+set} && ${PROMPT_COMMAND@a} == *a* ]]; then
        PROMPT_COMMAND=(__rolesh_hook "${PROMPT_COMMAND[@]}")
    else
        PROMPT_COMMAND="__rolesh_hook${PROMPT_COMMAND:+;$PROMPT_COMMAND}"
    fi
}

# The EXIT trap is set at the first switch, not at start-up: until the session has a folder
# there is nothing to clean, and reading the trap already set (`trap -p` in a command
# substitution) costs a fork. Only the shell that owns the session sets it, and never a
# subshell (a switch inside `( … )` would otherwise remove the session when the subshell
# ends, frames of its parent included); the prompt hook sets it for such switches. An EXIT
# trap set before, at start-up or later, is kept and runs after ours: `trap -p` prints it
# quoted for eval (and, in posix mode, prints `-` for no trap).
__rolesh_install_exit_hook() {
    [[ -n ${__rolesh_session_owner-} && -z ${__rolesh_exit_hook_set-} && $BASHPID == "$$" ]] || return 0
    __rolesh_exit_hook_set=1
    local __rolesh_previous
    __rolesh_previous=$(trap -p EXIT)
    if [[ $__rolesh_previous == *__rolesh_exit_hook* ]]; then return 0; fi
    __rolesh_previous=${__rolesh_previous#"trap -- "}
    __rolesh_previous=${__rolesh_previous%" EXIT"}
    if [[ -n $__rolesh_previous && $__rolesh_previous != - ]]; then
        eval "__rolesh_previous=$__rolesh_previous"
        trap "__rolesh_exit_hook; $__rolesh_previous" EXIT
    else
        trap __rolesh_exit_hook EXIT
    fi
}

# Completion is loaded at the first Tab, not at every start (parsing it costs more than the
# rest of this script). This stand-in has the name and the registration of the generated
# completion (completions/rolesh.bash, which the binary prints): it loads that, which
# replaces it, and completes this Tab with it. The guard stops a binary that printed no
# `_rolesh` from recursing; the stand-in then stays, to try again at the next Tab.
_rolesh() {
    [[ -z ${__rolesh_loading_completion-} ]] || return 0
    local __rolesh_loading_completion=1 __rolesh_completion
    __rolesh_completion=$(command "$__rolesh_bin" --generate-completion-script bash) || return 0
    eval "$__rolesh_completion"
    _rolesh "$@"
}
complete -o filenames -F _rolesh rolesh

__rolesh_install_prompt_hook
