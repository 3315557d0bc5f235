// The completion scripts `rolesh --generate-completion-script SHELL` prints (and
// scripts/generate-completions commits, and the integration loads at the first Tab):
// ArgumentParser's, generated from the command tree so that flags and subcommands cannot
// drift from the binary, with the names of profiles and [sso-session] sections offered by
// a function of rolesh's own.
// ArgumentParser's bash script passes a command's output through `compgen -W`, which expands
// `$(…)`, backquotes, `$VAR` and arithmetic in it: a profile named `a$(touch x)` ran `touch`
// at the first Tab. Here every name is a literal word, and the shell quotes what it inserts.

import ArgumentParser

extension CompletionKind {
    /// The assumable profiles, from `rolesh list --names` (reads the config files only).
    static let profileNames = CompletionKind.shellCommand(CompletionScript.NameSource.profiles.command)
    /// The `[sso-session]` sections, from `rolesh list --sso-sessions`.
    static let ssoSessionNames = CompletionKind.shellCommand(CompletionScript.NameSource.ssoSessions.command)
}

enum CompletionScript {
    /// Names from the config files that a completion offers, each listed by a `rolesh list`
    /// flag. `CompletionScript` replaces what each generator makes of `command` by a call of
    /// rolesh's own function with the flag.
    enum NameSource: CaseIterable {
        case profiles, ssoSessions

        var listFlag: String { self == .profiles ? "--names" : "--sso-sessions" }
        var command: String { "rolesh list \(listFlag) 2>/dev/null" }
    }

    /// The shell `arguments` (without the program name) ask a completion script for:
    /// `--generate-completion-script SHELL` or `--generate-completion-script=SHELL`, alone.
    static func requestedShell(in arguments: [String]) -> CompletionShell? {
        let option = "--generate-completion-script"
        let name: String
        switch arguments.count {
        case 1 where arguments[0].hasPrefix("\(option)="): name = String(arguments[0].dropFirst(option.count + 1))
        case 2 where arguments[0] == option: name = arguments[1]
        default: return nil
        }
        return CompletionShell(rawValue: name)
    }

    /// ArgumentParser's script for `shell`, each name completion replaced by
    /// `__rolesh_add_names FLAG` (bash, zsh) or `__rolesh_names FLAG` (fish), whose
    /// definition comes first, after a `#!` or `#compdef` line (zsh runs the script's last
    /// lines at once when it autoloads the file).
    static func text(for shell: CompletionShell) -> String {
        var script = Rolesh.completionScript(for: shell)
        func replaceNameCompletions(_ generatedAndOwn: (NameSource) -> (String, String)) {
            for source in NameSource.allCases {
                let (generated, own) = generatedAndOwn(source)
                script = script.replacing(generated, with: own)
            }
        }
        let function: String
        switch shell {
        case .bash:
            function = bashFunction
            replaceNameCompletions { (#"__rolesh_add_completions -W "$(eval '\#($0.command)')""#, "__rolesh_add_names \($0.listFlag)") }
            // The generated function keeps the shell's options and puts them back when it
            // returns; it must also run without the user's errexit, nounset and pipefail
            // (its `((n++))` from 0 would end a `set -e` shell at the first Tab).
            script = script.replacing("    set +o history +o posix\n", with: "    set +o history +o posix +o errexit +o nounset +o pipefail\n")
        case .zsh:
            function = zshFunction
            replaceNameCompletions { (#"{local -a list;list=(${(f)"$(\#($0.command))"});_describe -V "" list}"#,
                                      "{__rolesh_add_names \($0.listFlag)}") }
        case .fish:
            function = fishFunction
            replaceNameCompletions { ("(\($0.command))", "(__rolesh_names \($0.listFlag))") }
        default:
            return script
        }
        guard script.hasPrefix("#"), let firstLineEnd = script.firstIndex(of: "\n") else {
            return function + "\n" + script
        }
        return String(script[...firstLineEnd]) + "\n" + function + String(script[script.index(after: firstLineEnd)...])
    }

    /// `cur` is the word being completed (after an opening quote, which the raw word in
    /// COMP_WORDS still has): compared as text, its backslashes taken off. Each name is then
    /// quoted the way the word was begun: readline inserts it after an opening quote and
    /// closes that quote itself.
    /// `compopt` fails outside a completion (a test calling the function), which changes
    /// nothing.
    private static let bashFunction = #"""
        # Names (of profiles, or of [sso-session] sections with --sso-sessions) are offered as
        # literal words, never through `compgen -W` (which expands $(…), `…`, $VAR and
        # arithmetic in its words), each quoted for where it goes: by `printf %q`, or for inside
        # the quote the word was begun with (readline's own quoting, -o filenames, leaves `$(…)`
        # unquoted). A name holding a control character is not offered.
        __rolesh_add_names() {
            local __rolesh_name __rolesh_prefix=${cur-} __rolesh_word=${COMP_WORDS[${COMP_CWORD:-0}]-} __rolesh_quote=
            compopt +o filenames 2>/dev/null
            case $__rolesh_word in
            \'* | \"*) __rolesh_quote=${__rolesh_word:0:1} __rolesh_prefix=${__rolesh_prefix#"$__rolesh_quote"} ;;
            *) __rolesh_prefix=${__rolesh_prefix//\\/} ;;
            esac
            while IFS= read -r __rolesh_name; do
                [[ $__rolesh_name == "$__rolesh_prefix"* && $__rolesh_name != *[[:cntrl:]]* ]] || continue
                case $__rolesh_quote in
                \') __rolesh_name=${__rolesh_name//\'/\'\\\'\'} ;;
                \")
                    __rolesh_name=${__rolesh_name//\\/\\\\} __rolesh_name=${__rolesh_name//\$/\\\$}
                    __rolesh_name=${__rolesh_name//\`/\\\`} __rolesh_name=${__rolesh_name//\"/\\\"}
                    ;;
                *) printf -v __rolesh_name %q "$__rolesh_name" ;;
                esac
                COMPREPLY+=("$__rolesh_name")
            done < <(rolesh list "$1" 2>/dev/null)
        }

        """#

    private static let zshFunction = #"""
        # Names (of profiles, or of [sso-session] sections with --sso-sessions) are offered as
        # literal words; compadd quotes what it inserts. A name holding a control character is
        # not offered.
        __rolesh_add_names() {
            emulate -L zsh
            local -a __rolesh_names
            __rolesh_names=(${(f)"$(rolesh list "$1" 2>/dev/null)"})
            compadd -- ${__rolesh_names:#*[[:cntrl:]]*}
        }

        """#

    /// fish reads a tab in a candidate as the start of its description.
    private static let fishFunction = #"""
        # Names (of profiles, or of [sso-session] sections with --sso-sessions), one candidate
        # per line; fish quotes what it inserts. A name holding a control character (a tab
        # would start a description) is not offered.
        function __rolesh_names
            rolesh list $argv[1] 2>/dev/null | string match -rv '[[:cntrl:]]'
        end

        """#
}
