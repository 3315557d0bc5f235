# rolesh integration for zsh, printed by `rolesh init zsh` after a preamble that sets
# __rolesh_bin (this binary, a shell variable), exports ROLESH_SHELL and, in a shell that
# has no session yet, exports ROLESH_SESSION and ROLESH_SESSION_KEY and sets
# __rolesh_session_owner and __rolesh_session_dir. Load it with: eval "$(rolesh init zsh)"
#
# rolesh_prompt prints "ROLE TIMELEFT" without a newline, and nothing when no role is active:
#   prod 1h05m   prod 59m   prod 4m   prod 45s   prod expired
# with the depth added when switches are nested (ROLESH_DEPTH > 1): prod 59m [2]
# It uses builtins only ($EPOCHSECONDS from zsh/datetime): it starts no process.
#
# Every function starts with `emulate -L zsh`, so the user's options (KSH_ARRAYS,
# SH_WORD_SPLIT, OCTAL_ZEROES, ...) do not change how it reads.

zmodload zsh/datetime

# rolesh: assume, exit and refresh print shell code; run it only when the command succeeded.
rolesh() {
    emulate -L zsh
    local __rolesh_out
    case ${1-} in
    (assume|exit|refresh)
        if (( ${argv[(I)-h]} || ${argv[(I)--help]} )); then
            command "$__rolesh_bin" "$@"
            return
        fi
        __rolesh_out=$(command "$__rolesh_bin" "$@") || return
        eval "$__rolesh_out"
        ;;
    (*)
        command "$__rolesh_bin" "$@"
        ;;
    esac
}

# Sets __rolesh_left to the seconds until ROLESH_EXPIRES; fails when that is not a number
# (never feed an unchecked variable to arithmetic: it would evaluate it as code).
__rolesh_seconds_left() {
    emulate -L zsh
    case ${ROLESH_EXPIRES-} in (''|*[^0-9]*) return 1 ;; esac
    __rolesh_left=$(( ROLESH_EXPIRES - EPOCHSECONDS ))
}

rolesh_prompt() {
    emulate -L zsh
    local __rolesh_line __rolesh_left
    [[ -n ${ROLESH_ROLE-} ]] || return 0
    __rolesh_line=$ROLESH_ROLE
    if __rolesh_seconds_left; then
        if (( __rolesh_left <= 0 )); then
            __rolesh_line+=" expired"
        elif (( __rolesh_left < 60 )); then
            __rolesh_line+=" ${__rolesh_left}s"
        elif (( __rolesh_left < 3600 )); then
            __rolesh_line+=" $(( __rolesh_left / 60 ))m"
        else
            printf -v __rolesh_line '%s %dh%02dm' "$__rolesh_line" $(( __rolesh_left / 3600 )) $(( __rolesh_left % 3600 / 60 ))
        fi
    fi
    case ${ROLESH_DEPTH-} in
    (''|*[^0-9]*) ;;
    (*) (( ROLESH_DEPTH > 1 )) && __rolesh_line+=" [$(( ROLESH_DEPTH ))]" ;;
    esac
    print -rn -- "$__rolesh_line"
}

# Before each prompt: renew the credentials when they expire within ROLESH_REFRESH_BEFORE
# seconds (300). With no role, or time to spare, it only does arithmetic: no process.
# `$?` is read before `emulate`, which would reset it.
__rolesh_hook() {
    local __rolesh_status=$?
    emulate -L zsh
    local __rolesh_left __rolesh_before=${ROLESH_REFRESH_BEFORE:-300}
    case $__rolesh_before in (*[^0-9]*) __rolesh_before=300 ;; esac
    if __rolesh_seconds_left && (( __rolesh_left <= __rolesh_before )) &&
        [[ $ROLESH_EXPIRES != "${__rolesh_warned_expires-}" ]]; then
        __rolesh_auto_refresh
    fi
    return $__rolesh_status
}

# Ctrl-C is ignored while the refresh runs and its output is eval'd, so the shell is never
# left with half of the new credentials; LOCAL_TRAPS (set by emulate -L) puts the previous
# INT trap back when the function returns. Status 3: an MFA code is needed; the command
# has said so on stderr, and this expiry is not tried again.
__rolesh_auto_refresh() {
    emulate -L zsh
    local __rolesh_out __rolesh_code
    trap '' INT
    __rolesh_out=$(command "$__rolesh_bin" refresh --auto)
    __rolesh_code=$?
    if (( __rolesh_code == 0 )); then
        eval "$__rolesh_out"
    elif (( __rolesh_code == 3 )); then
        typeset -g __rolesh_warned_expires=$ROLESH_EXPIRES
    fi
}

# When the shell that created the session exits, its frames go with it.
__rolesh_exit_hook() {
    emulate -L zsh
    if [[ -n ${__rolesh_session_owner-} && $__rolesh_session_owner == "${ROLESH_SESSION-}" && -d ${__rolesh_session_dir-} ]]; then
        command "$__rolesh_bin" clean --session "$ROLESH_SESSION" >/dev/null 2>&1
    fi
}

typeset -ga precmd_functions zshexit_functions
(( ${precmd_functions[(I)__rolesh_hook]} )) || precmd_functions=(__rolesh_hook $precmd_functions)
(( ${zshexit_functions[(I)__rolesh_exit_hook]} )) || zshexit_functions+=(__rolesh_exit_hook)

# Completion is loaded at the first Tab, not at every start (parsing it costs more than the
# rest of this script). This stand-in has the name of the generated completion function
# (completions/_rolesh, which the binary prints): it loads that, which replaces it and
# registers it again, and completes this Tab with it. The guard stops a binary that printed
# no `_rolesh` from recursing; the stand-in then stays, to try again at the next Tab.
_rolesh() {
    emulate -L zsh
    (( ! ${+__rolesh_loading_completion} )) || return 1
    local __rolesh_loading_completion=1 __rolesh_completion
    __rolesh_completion=$(command "$__rolesh_bin" --generate-completion-script zsh) || return 1
    eval "$__rolesh_completion"
    _rolesh "$@"
}

# `compdef` exists once compinit has run; until then this runs again before each prompt,
# and takes itself off once it has registered the stand-in.
__rolesh_register_completion() {
    emulate -L zsh
    if (( $+functions[compdef] )); then
        compdef _rolesh rolesh
        precmd_functions=(${precmd_functions:#__rolesh_register_completion})
    elif (( ! ${precmd_functions[(I)__rolesh_register_completion]} )); then
        precmd_functions+=(__rolesh_register_completion)
    fi
}

__rolesh_register_completion
