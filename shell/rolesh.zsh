# rolesh integration for zsh, printed by `rolesh init zsh` after a preamble that sets
# __rolesh_bin (this binary, a shell variable) and, in a shell that has no session yet,
# exports ROLESH_SESSION and ROLESH_SESSION_KEY and sets __rolesh_session_owner and
# __rolesh_session_dir. Load it with: eval "$(rolesh init zsh)"
# The `rolesh` function passes `--shell zsh` itself: nothing that decides the dialect is
# exported, so a child of another kind (bash, fish, sh) doing a plain eval gets its own.
#
# rolesh_prompt prints "ROLE TIMELEFT" without a newline, and nothing when no role is active:
#   prod 1h05m   prod 59m   prod 4m   prod 45s   prod expired
# with the depth added when switches are nested (ROLESH_DEPTH > 1): prod 59m [2]
# It uses builtins only ($EPOCHSECONDS from zsh/datetime): it starts no process. It is
# written for a prompt (with prompt_subst): a `%` of the role is doubled, so that prompt
# expansion shows it as it is, and a control character shows as "?".
#
# Every function starts with `emulate -L zsh`, and the lines that run at load time are an
# anonymous function that does too, so the user's options (KSH_ARRAYS, SH_WORD_SPLIT,
# NOUNSET, NO_GLOB, ERR_EXIT, WARN_CREATE_GLOBAL, ...) do not change how it reads.

# Sourced as it is (the installed share/rolesh/rolesh.zsh), it has no preamble: it loads
# the integration through `rolesh init zsh` instead.
if [[ -z ${__rolesh_bin-} ]]; then
    eval "$(command rolesh init zsh)"
    return
fi

# rolesh: assume, exit, refresh and region print shell code; run it only when the command succeeded.
# Each switch puts the hooks back, should a later line of .zshrc have set precmd_functions.
rolesh() {
    emulate -L zsh
    local __rolesh_out
    local -a __rolesh_shell=(--shell zsh)
    case ${1-} in
    (assume|exit|refresh|region)
        if (( ${argv[(I)-h]} || ${argv[(I)--help]} )); then
            command "$__rolesh_bin" "$@"
            return
        fi
        if (( ${argv[(I)--shell(|=*)]} )); then __rolesh_shell=(); fi
        __rolesh_install_hooks
        __rolesh_out=$(command "$__rolesh_bin" "$1" $__rolesh_shell "${@[2,-1]}") || return
        eval "$__rolesh_out"
        ;;
    (*)
        command "$__rolesh_bin" "$@"
        ;;
    esac
}

# Sets __rolesh_left (the caller's local) to the seconds until ROLESH_EXPIRES; fails when
# that is not a number (never feed an unchecked variable to arithmetic: it would evaluate
# it as code).
__rolesh_seconds_left() {
    emulate -L zsh
    case ${ROLESH_EXPIRES-} in (''|*[^0-9]*) return 1 ;; esac
    __rolesh_left=$(( ROLESH_EXPIRES - EPOCHSECONDS ))
}

rolesh_prompt() {
    emulate -L zsh
    local __rolesh_line __rolesh_left
    [[ -n ${ROLESH_ROLE-} ]] || return 0
    __rolesh_line=${ROLESH_ROLE//[[:cntrl:]]/?}
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
    print -rn -- "${__rolesh_line//\%/%%}"
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
        [[ $ROLESH_EXPIRES != "${__rolesh_warned_expires-}" ]] && (( EPOCHSECONDS >= ${__rolesh_retry_after:-0} )); then
        __rolesh_auto_refresh
    fi
    return $__rolesh_status
}

# The refresh gives the network 1.5 s at most (the binary's budget for --auto), and Ctrl-C
# ends it like any command. Only the eval of its output ignores Ctrl-C, so the shell never
# holds half of the new credentials (LOCAL_TRAPS, set by emulate -L, puts the previous INT
# trap back when the function returns), and it runs only while the shell is still on the
# frame that was renewed. Status 3: an MFA code is needed; the command has said so on
# stderr, and this expiry is not tried again. Any other failure: the command has said so in
# one line, and the next try waits a minute. The wait is set before the try, so that one
# ended by Ctrl-C counts as failed.
__rolesh_auto_refresh() {
    emulate -L zsh
    local __rolesh_out __rolesh_code=0 __rolesh_frame=${ROLESH_FRAME-}
    typeset -g __rolesh_retry_after=$(( EPOCHSECONDS + 60 ))
    __rolesh_out=$(command "$__rolesh_bin" refresh --auto --shell zsh) || __rolesh_code=$?
    (( __rolesh_code != 0 && __rolesh_code != 3 )) || __rolesh_retry_after=0
    if (( __rolesh_code == 0 )); then
        [[ ${ROLESH_FRAME-} == "$__rolesh_frame" ]] || return 0
        trap '' INT
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

# The prompt hook goes first, once; the exit hook last, once.
__rolesh_install_hooks() {
    emulate -L zsh
    typeset -ga precmd_functions zshexit_functions
    (( ${precmd_functions[(I)__rolesh_hook]} )) || precmd_functions=(__rolesh_hook $precmd_functions)
    (( ${zshexit_functions[(I)__rolesh_exit_hook]} )) || zshexit_functions+=(__rolesh_exit_hook)
}

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

() {
    emulate -L zsh
    zmodload zsh/datetime
    __rolesh_install_hooks
    __rolesh_register_completion
}
