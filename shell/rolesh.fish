# rolesh integration for fish (≥ 3.5), printed by `rolesh init fish` after a preamble that
# sets __rolesh_bin (this binary, a global variable) and, in a shell that has no session
# yet, exports ROLESH_SESSION and ROLESH_SESSION_KEY and sets __rolesh_session_owner and
# __rolesh_session_dir. Load it with: rolesh init fish | source
# The `rolesh` function passes `--shell fish` itself: nothing that decides the dialect is
# exported, so a child of another kind (bash, zsh, sh) doing a plain eval gets its own.
#
# rolesh_prompt prints "ROLE TIMELEFT" without a newline, and nothing when no role is active:
#   prod 1h05m   prod 59m   prod 4m   prod 45s   prod expired
# with the depth added when switches are nested (ROLESH_DEPTH > 1): prod 59m [2]
# A control character in the role shows as "?": it never reaches the terminal raw.
# It uses builtins only, and fish runs builtins in command substitutions without a process.
# fish 3.6 has no clock variable (no $EPOCHSECONDS): the time comes from the `path`
# builtin, whose `mtime` of a file plus `mtime --relative` (seconds since then) is now.

# Sourced as it is (the installed share/rolesh/rolesh.fish), it has no preamble: it loads
# the integration through `rolesh init fish` instead.
if not set -q __rolesh_bin
    command rolesh init fish | source
    return
end

# rolesh: assume, exit, refresh and region print shell code; run it only when the command succeeded.
# `string collect` keeps the output one string, newlines inside quoted values included.
function rolesh --description 'Switch this shell between AWS identities'
    switch "$argv[1]"
        case assume exit refresh region
            if contains -- -h $argv; or contains -- --help $argv
                command $__rolesh_bin $argv
                return $status
            end
            set -l __rolesh_shell --shell fish
            if string match -q -- '--shell*' $argv
                set __rolesh_shell
            end
            set -l __rolesh_out (command $__rolesh_bin $argv[1] $__rolesh_shell $argv[2..-1] | string collect --allow-empty)
            set -l __rolesh_status $pipestatus[1]
            test $__rolesh_status -eq 0; or return $__rolesh_status
            eval $__rolesh_out
        case '*'
            command $__rolesh_bin $argv
    end
end

# Prints the time, in seconds since the epoch.
function __rolesh_now
    set -l __rolesh_then (path mtime /); or return 1
    set -l __rolesh_since (path mtime --relative /); or return 1
    math $__rolesh_then + $__rolesh_since
end

# Prints the seconds until ROLESH_EXPIRES; fails when that is not a number.
function __rolesh_seconds_left
    string match -qr '^[0-9]+$' -- "$ROLESH_EXPIRES"; or return 1
    set -l __rolesh_now (__rolesh_now); or return 1
    math $ROLESH_EXPIRES - $__rolesh_now
end

function rolesh_prompt --description 'Print the active role and its time left'
    set -q ROLESH_ROLE; or return 0
    set -l __rolesh_line (string replace -ra '[[:cntrl:]]' '?' -- "$ROLESH_ROLE")
    if set -l __rolesh_left (__rolesh_seconds_left)
        if test $__rolesh_left -le 0
            set __rolesh_line "$__rolesh_line expired"
        else if test $__rolesh_left -lt 60
            set __rolesh_line "$__rolesh_line $__rolesh_left"s
        else if test $__rolesh_left -lt 3600
            set __rolesh_line "$__rolesh_line "(math -s0 $__rolesh_left / 60)m
        else
            set __rolesh_line (printf '%s %dh%02dm' $__rolesh_line (math -s0 $__rolesh_left / 3600) (math -s0 $__rolesh_left % 3600 / 60))
        end
    end
    if string match -qr '^[0-9]+$' -- "$ROLESH_DEPTH"; and test $ROLESH_DEPTH -gt 1
        set __rolesh_line "$__rolesh_line [$ROLESH_DEPTH]"
    end
    printf '%s' $__rolesh_line
end

# Before each prompt: renew the credentials when they expire within ROLESH_REFRESH_BEFORE
# seconds (300). With no role, or time to spare, it runs builtins only: no process.
# The refresh gives the network 1.5 s at most (the binary's budget for --auto), and Ctrl-C
# ends it; only a zero status is eval'd, and only while the shell is still on the frame
# that was renewed, so the shell never gets half of the new credentials.
# Status 3: an MFA code is needed; the command has said so on stderr, and this expiry is
# not tried again. Any other failure (or Ctrl-C): the command has said so in one line, and
# the next try waits a minute. Defining the function again replaces its handler: sourcing twice
# leaves one hook.
function __rolesh_hook --on-event fish_prompt
    set -l __rolesh_left (__rolesh_seconds_left); or return
    set -l __rolesh_before 300
    if string match -qr '^[0-9]+$' -- "$ROLESH_REFRESH_BEFORE"
        set __rolesh_before $ROLESH_REFRESH_BEFORE
    end
    test $__rolesh_left -le $__rolesh_before; or return
    test "$ROLESH_EXPIRES" != "$__rolesh_warned_expires"; or return
    set -l __rolesh_now (__rolesh_now); or return
    if set -q __rolesh_retry_after; and test $__rolesh_now -lt $__rolesh_retry_after
        return
    end
    set -l __rolesh_frame "$ROLESH_FRAME"
    set -g __rolesh_retry_after (math $__rolesh_now + 60)
    set -l __rolesh_out (command $__rolesh_bin refresh --auto --shell fish | string collect --allow-empty)
    switch $pipestatus[1]
        case 0
            set -g __rolesh_retry_after 0
            test "$ROLESH_FRAME" = "$__rolesh_frame"; and eval $__rolesh_out
        case 3
            set -g __rolesh_retry_after 0
            set -g __rolesh_warned_expires $ROLESH_EXPIRES
    end
end

# When the shell that created the session exits, its frames go with it.
function __rolesh_exit_hook --on-event fish_exit
    if set -q __rolesh_session_owner; and test "$__rolesh_session_owner" = "$ROLESH_SESSION"; and test -d "$__rolesh_session_dir"
        command $__rolesh_bin clean --session $ROLESH_SESSION >/dev/null 2>&1
    end
end
