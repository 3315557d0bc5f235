#!/bin/bash

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

__rolesh_cursor_index_in_current_word() {
    local remaining="${COMP_LINE}"

    local word
    for word in "${COMP_WORDS[@]::COMP_CWORD}"; do
        remaining="${remaining##*([[:space:]])"${word}"*([[:space:]])}"
    done

    local -ir index="$((COMP_POINT - ${#COMP_LINE} + ${#remaining}))"
    if [[ "${index}" -le 0 ]]; then
        printf 0
    else
        printf %s "${index}"
    fi
}

# positional arguments:
#
# - 1: the current (sub)command's count of positional arguments
#
# required variables:
#
# - repeating_flags: the repeating flags that the current (sub)command can accept
# - non_repeating_flags: the non-repeating flags that the current (sub)command can accept
# - repeating_options: the repeating options that the current (sub)command can accept
# - non_repeating_options: the non-repeating options that the current (sub)command can accept
# - positional_number: value ignored
# - unparsed_words: unparsed words from the current command line
#
# modified variables:
#
# - non_repeating_flags: remove flags for this (sub)command that are already on the command line
# - non_repeating_options: remove options for this (sub)command that are already on the command line
# - positional_number: set to the current positional number
# - unparsed_words: remove all flags, options, and option values for this (sub)command
__rolesh_offer_flags_options() {
    local -ir positional_count="${1}"
    positional_number=0

    local was_flag_option_terminator_seen=false
    local is_parsing_option_value=false

    local -ar unparsed_word_indices=("${!unparsed_words[@]}")
    local -i word_index
    for word_index in "${unparsed_word_indices[@]}"; do
        if "${is_parsing_option_value}"; then
            # This word is an option value:
            # Reset marker for next word iff not currently the last word
            [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]] && is_parsing_option_value=false
            unset "unparsed_words[${word_index}]"
            # Do not process this word as a flag or an option
            continue
        fi

        local word="${unparsed_words["${word_index}"]}"
        if ! "${was_flag_option_terminator_seen}"; then
            case "${word}" in
            --)
                unset "unparsed_words[${word_index}]"
                # by itself -- is a flag/option terminator, but if it is the last word, it is the start of a completion
                if [[ "${word_index}" -ne "${unparsed_word_indices[${#unparsed_word_indices[@]} - 1]}" ]]; then
                    was_flag_option_terminator_seen=true
                fi
                continue
                ;;
            -*)
                # ${word} is a flag or an option
                # If ${word} is an option, mark that the next word to be parsed is an option value
                local option
                for option in "${repeating_options[@]}" "${non_repeating_options[@]}"; do
                    [[ "${word}" = "${option}" ]] && is_parsing_option_value=true && break
                done

                # Remove ${word} from ${non_repeating_flags} or ${non_repeating_options} so it isn't offered again
                local not_found=true
                local -i index
                for index in "${!non_repeating_flags[@]}"; do
                    if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                        unset "non_repeating_flags[${index}]"
                        non_repeating_flags=("${non_repeating_flags[@]}")
                        not_found=false
                        break
                    fi
                done
                if "${not_found}"; then
                    for index in "${!non_repeating_flags[@]}"; do
                        if [[ "${non_repeating_flags[${index}]}" = "${word}" ]]; then
                            unset "non_repeating_flags[${index}]"
                            non_repeating_flags=("${non_repeating_flags[@]}")
                            break
                        fi
                    done
                fi
                unset "unparsed_words[${word_index}]"
                continue
                ;;
            esac
        fi

        # ${word} is neither a flag, nor an option, nor an option value
        if [[ "${positional_number}" -lt "${positional_count}" || "${positional_count}" -lt 0 ]]; then
            # ${word} is a positional
            ((positional_number++))
            unset "unparsed_words[${word_index}]"
        else
            if [[ -z "${word}" ]]; then
                # Could be completing a flag, option, or subcommand
                positional_number=-1
            else
                # ${word} is a subcommand or invalid, so stop processing this (sub)command
                positional_number=-2
            fi
            break
        fi
    done

    unparsed_words=("${unparsed_words[@]}")

    if\
        ! "${was_flag_option_terminator_seen}"\
        && ! "${is_parsing_option_value}"\
        && [[ ("${cur}" = -* && "${positional_number}" -ge 0) || "${positional_number}" -eq -1 ]]
    then
        COMPREPLY+=($(compgen -W "${repeating_flags[*]} ${non_repeating_flags[*]} ${repeating_options[*]} ${non_repeating_options[*]}" -- "${cur}"))
    fi
}

__rolesh_add_completions() {
    local completion
    while IFS='' read -r completion; do
        COMPREPLY+=("${completion}")
    done < <(IFS=$'\n' compgen "${@}" -- "${cur}")
}

__rolesh_custom_complete() {
    if [[ -n "${cur}" || -z ${COMP_WORDS[${COMP_CWORD}]} || "${COMP_LINE:${COMP_POINT}:1}" != ' ' ]]; then
        local -ar words=("${COMP_WORDS[@]}")
    else
        local -ar words=("${COMP_WORDS[@]::${COMP_CWORD}}" '' "${COMP_WORDS[@]:${COMP_CWORD}}")
    fi

    "${COMP_WORDS[0]}" "${@}" "${words[@]}"
}

_rolesh() {
    local state
    state="$(shopt -p;shopt -po)"
    trap "${state//$'\n'/;}" RETURN
    shopt -s extglob
    set +o history +o posix +o errexit +o nounset +o pipefail

    local -xr SAP_SHELL=bash
    local -x SAP_SHELL_VERSION
    SAP_SHELL_VERSION="$(IFS='.';printf %s "${BASH_VERSINFO[*]}")"
    local -r SAP_SHELL_VERSION

    local -r cur="${2}"
    local -r prev="${3}"

    local -i positional_number
    local -a unparsed_words=("${COMP_WORDS[@]:1:${COMP_CWORD}}")

    local -a repeating_flags=()
    local -a non_repeating_flags=(--version -h --help)
    local -a repeating_options=()
    local -a non_repeating_options=()
    __rolesh_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    init|assume|exit|refresh|region|status|whoami|list|exec|export|console|sso|clean|help)
        # Offer subcommand argument completions
        "_rolesh_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'init assume exit refresh region status whoami list exec export console sso clean help' -- "${cur}"))
        ;;
    esac
}

_rolesh_init() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __rolesh_offer_flags_options 1

    # Offer positional completions
    case "${positional_number}" in
    1)
        __rolesh_add_completions -W 'bash'$'\n''zsh'$'\n''fish'
        return
        ;;
    esac
}

_rolesh_assume() {
    repeating_flags=()
    non_repeating_flags=(--chain --refresh --replace -r --version -h --help)
    repeating_options=(--tag --transitive-tag --policy-arn)
    non_repeating_options=(--duration --session-name --external-id --mfa-serial --token-code --source-identity --region --shell)
    __rolesh_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--duration')
        return
        ;;
    '--session-name')
        return
        ;;
    '--external-id')
        return
        ;;
    '--mfa-serial')
        return
        ;;
    '--token-code')
        return
        ;;
    '--source-identity')
        return
        ;;
    '--tag')
        return
        ;;
    '--transitive-tag')
        return
        ;;
    '--policy-arn')
        return
        ;;
    '--region')
        return
        ;;
    '--shell')
        __rolesh_add_completions -W 'bash'$'\n''zsh'$'\n''fish'$'\n''sh'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __rolesh_add_names --names
        return
        ;;
    esac
}

_rolesh_exit() {
    repeating_flags=()
    non_repeating_flags=(--all --reset --version -h --help)
    repeating_options=()
    non_repeating_options=(--shell)
    __rolesh_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--shell')
        __rolesh_add_completions -W 'bash'$'\n''zsh'$'\n''fish'$'\n''sh'
        return
        ;;
    esac
}

_rolesh_refresh() {
    repeating_flags=()
    non_repeating_flags=(--auto --version -h --help)
    repeating_options=()
    non_repeating_options=(--token-code --shell)
    __rolesh_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--token-code')
        return
        ;;
    '--shell')
        __rolesh_add_completions -W 'bash'$'\n''zsh'$'\n''fish'$'\n''sh'
        return
        ;;
    esac
}

_rolesh_region() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=(--shell)
    __rolesh_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--shell')
        __rolesh_add_completions -W 'bash'$'\n''zsh'$'\n''fish'$'\n''sh'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __rolesh_add_completions -W 'af-south-1'$'\n''ap-east-1'$'\n''ap-east-2'$'\n''ap-northeast-1'$'\n''ap-northeast-2'$'\n''ap-northeast-3'$'\n''ap-south-1'$'\n''ap-south-2'$'\n''ap-southeast-1'$'\n''ap-southeast-2'$'\n''ap-southeast-3'$'\n''ap-southeast-4'$'\n''ap-southeast-5'$'\n''ap-southeast-6'$'\n''ap-southeast-7'$'\n''ca-central-1'$'\n''ca-west-1'$'\n''cn-north-1'$'\n''cn-northwest-1'$'\n''eu-central-1'$'\n''eu-central-2'$'\n''eu-isoe-west-1'$'\n''eu-north-1'$'\n''eu-south-1'$'\n''eu-south-2'$'\n''eu-west-1'$'\n''eu-west-2'$'\n''eu-west-3'$'\n''eusc-de-east-1'$'\n''il-central-1'$'\n''me-central-1'$'\n''me-south-1'$'\n''me-west-1'$'\n''mx-central-1'$'\n''sa-east-1'$'\n''sa-west-1'$'\n''us-east-1'$'\n''us-east-2'$'\n''us-gov-east-1'$'\n''us-gov-west-1'$'\n''us-iso-east-1'$'\n''us-iso-west-1'$'\n''us-isob-east-1'$'\n''us-isob-west-1'$'\n''us-isof-east-1'$'\n''us-isof-south-1'$'\n''us-west-1'$'\n''us-west-2'
        return
        ;;
    esac
}

_rolesh_status() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=()
    __rolesh_offer_flags_options 0
}

_rolesh_whoami() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=()
    __rolesh_offer_flags_options 0
}

_rolesh_list() {
    repeating_flags=()
    non_repeating_flags=(--json --names --sso-sessions --version -h --help)
    repeating_options=()
    non_repeating_options=()
    __rolesh_offer_flags_options 0
}

_rolesh_exec() {
    repeating_flags=()
    non_repeating_flags=(--chain --refresh --server --version -h --help)
    repeating_options=(--tag --transitive-tag --policy-arn)
    non_repeating_options=(--duration --session-name --external-id --mfa-serial --token-code --source-identity --region)
    __rolesh_offer_flags_options -1

    # Offer option value completions
    case "${prev}" in
    '--duration')
        return
        ;;
    '--session-name')
        return
        ;;
    '--external-id')
        return
        ;;
    '--mfa-serial')
        return
        ;;
    '--token-code')
        return
        ;;
    '--source-identity')
        return
        ;;
    '--tag')
        return
        ;;
    '--transitive-tag')
        return
        ;;
    '--policy-arn')
        return
        ;;
    '--region')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    *)
        __rolesh_add_names --names
        return
        ;;
    esac
}

_rolesh_export() {
    repeating_flags=()
    non_repeating_flags=(--chain --refresh --version -h --help)
    repeating_options=(--tag --transitive-tag --policy-arn)
    non_repeating_options=(--format --duration --session-name --external-id --mfa-serial --token-code --source-identity --region --shell)
    __rolesh_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--format')
        __rolesh_add_completions -W 'env'$'\n''dotenv'$'\n''json'$'\n''credential-process'
        return
        ;;
    '--duration')
        return
        ;;
    '--session-name')
        return
        ;;
    '--external-id')
        return
        ;;
    '--mfa-serial')
        return
        ;;
    '--token-code')
        return
        ;;
    '--source-identity')
        return
        ;;
    '--tag')
        return
        ;;
    '--transitive-tag')
        return
        ;;
    '--policy-arn')
        return
        ;;
    '--region')
        return
        ;;
    '--shell')
        __rolesh_add_completions -W 'bash'$'\n''zsh'$'\n''fish'$'\n''sh'
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __rolesh_add_names --names
        return
        ;;
    esac
}

_rolesh_console() {
    repeating_flags=()
    non_repeating_flags=(--print --version -h --help)
    repeating_options=()
    non_repeating_options=(--destination --duration --token-code)
    __rolesh_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--destination')
        return
        ;;
    '--duration')
        return
        ;;
    '--token-code')
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __rolesh_add_names --names
        return
        ;;
    esac
}

_rolesh_sso() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __rolesh_offer_flags_options 0

    # Offer subcommand / subcommand argument completions
    local -r subcommand="${unparsed_words[0]}"
    unset 'unparsed_words[0]'
    unparsed_words=("${unparsed_words[@]}")
    case "${subcommand}" in
    login|logout|roles|populate)
        # Offer subcommand argument completions
        "_rolesh_sso_${subcommand}"
        ;;
    *)
        # Offer subcommand completions
        COMPREPLY+=($(compgen -W 'login logout roles populate' -- "${cur}"))
        ;;
    esac
}

_rolesh_sso_login() {
    repeating_flags=()
    non_repeating_flags=(--use-device-code --no-browser --if-needed --version -h --help)
    repeating_options=()
    non_repeating_options=(--sso-session)
    __rolesh_offer_flags_options 1

    # Offer option value completions
    case "${prev}" in
    '--sso-session')
        __rolesh_add_names --sso-sessions
        return
        ;;
    esac

    # Offer positional completions
    case "${positional_number}" in
    1)
        __rolesh_add_names --names
        return
        ;;
    esac
}

_rolesh_sso_logout() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __rolesh_offer_flags_options 0
}

_rolesh_sso_roles() {
    repeating_flags=()
    non_repeating_flags=(--json --version -h --help)
    repeating_options=()
    non_repeating_options=(--sso-session)
    __rolesh_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--sso-session')
        __rolesh_add_names --sso-sessions
        return
        ;;
    esac
}

_rolesh_sso_populate() {
    repeating_flags=()
    non_repeating_flags=(--dry-run --prune --version -h --help)
    repeating_options=()
    non_repeating_options=(--sso-session --prefix --region)
    __rolesh_offer_flags_options 0

    # Offer option value completions
    case "${prev}" in
    '--sso-session')
        __rolesh_add_names --sso-sessions
        return
        ;;
    '--prefix')
        return
        ;;
    '--region')
        return
        ;;
    esac
}

_rolesh_clean() {
    repeating_flags=()
    non_repeating_flags=(--version -h --help)
    repeating_options=()
    non_repeating_options=()
    __rolesh_offer_flags_options 0
}

_rolesh_help() {
    repeating_flags=()
    non_repeating_flags=(--version)
    repeating_options=()
    non_repeating_options=()
    __rolesh_offer_flags_options -1
}

complete -o filenames -F _rolesh rolesh
