# Names (of profiles, or of [sso-session] sections with --sso-sessions), one candidate
# per line; fish quotes what it inserts. A name holding a control character (a tab
# would start a description) is not offered.
function __rolesh_names
    rolesh list $argv[1] 2>/dev/null | string match -rv '[[:cntrl:]]'
end

function __rolesh_should_offer_completions_for_flags_or_options -a expected_commands
    set -l non_repeating_flags_or_options $argv[2..]
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __rolesh_parse_tokens
    test "$commands" = "$expected_commands"; and return $non_repeating_flags_or_options_absent
end

function __rolesh_should_offer_completions_for_positional -a expected_commands positional_index_comparison expected_positional_index
    set -l non_repeating_flags_or_options
    set -l non_repeating_flags_or_options_absent 0
    set -l positional_index 0
    set -l commands
    __rolesh_parse_tokens
    test "$commands" = "$expected_commands" -a \( "$positional_index" "$positional_index_comparison" "$expected_positional_index" \)
end

function __rolesh_parse_tokens -S
    set -l unparsed_tokens (__rolesh_tokens -pc)
    switch $unparsed_tokens[1]
    case 'rolesh'
        __rolesh_parse_subcommand 0 'version' 'h/help'
        switch $unparsed_tokens[1]
        case 'init'
            __rolesh_parse_subcommand 1 'version' 'h/help'
        case 'assume'
            __rolesh_parse_subcommand 1 'duration=' 'session-name=' 'external-id=' 'mfa-serial=' 'token-code=' 'source-identity=' 'tag=+' 'transitive-tag=+' 'policy-arn=+' 'region=' 'chain' 'refresh' 'r/replace' 'shell=' 'version' 'h/help'
        case 'exit'
            __rolesh_parse_subcommand 0 'all' 'reset' 'shell=' 'version' 'h/help'
        case 'refresh'
            __rolesh_parse_subcommand 0 'auto' 'token-code=' 'shell=' 'version' 'h/help'
        case 'region'
            __rolesh_parse_subcommand 1 'shell=' 'version' 'h/help'
        case 'status'
            __rolesh_parse_subcommand 0 'json' 'version' 'h/help'
        case 'whoami'
            __rolesh_parse_subcommand 0 'json' 'version' 'h/help'
        case 'list'
            __rolesh_parse_subcommand 0 'json' 'names' 'sso-sessions' 'version' 'h/help'
        case 'exec'
            __rolesh_parse_subcommand -r 1 'duration=' 'session-name=' 'external-id=' 'mfa-serial=' 'token-code=' 'source-identity=' 'tag=+' 'transitive-tag=+' 'policy-arn=+' 'region=' 'chain' 'refresh' 'server' 'version' 'h/help'
        case 'export'
            __rolesh_parse_subcommand 1 'format=' 'duration=' 'session-name=' 'external-id=' 'mfa-serial=' 'token-code=' 'source-identity=' 'tag=+' 'transitive-tag=+' 'policy-arn=+' 'region=' 'chain' 'refresh' 'shell=' 'version' 'h/help'
        case 'console'
            __rolesh_parse_subcommand 1 'print' 'destination=' 'duration=' 'token-code=' 'version' 'h/help'
        case 'sso'
            __rolesh_parse_subcommand 0 'version' 'h/help'
            switch $unparsed_tokens[1]
            case 'login'
                __rolesh_parse_subcommand 1 'sso-session=' 'use-device-code' 'no-browser' 'if-needed' 'version' 'h/help'
            case 'logout'
                __rolesh_parse_subcommand 0 'version' 'h/help'
            case 'roles'
                __rolesh_parse_subcommand 0 'sso-session=' 'json' 'version' 'h/help'
            case 'populate'
                __rolesh_parse_subcommand 0 'sso-session=' 'prefix=' 'region=' 'dry-run' 'prune' 'version' 'h/help'
            end
        case 'clean'
            __rolesh_parse_subcommand 0 'version' 'h/help'
        case 'help'
            __rolesh_parse_subcommand -r 1 'version'
        end
    end
end

function __rolesh_tokens
    if test (string split -m 1 -f 1 -- . "$FISH_VERSION") -gt 3
        commandline --tokens-raw $argv
    else
        commandline -o $argv
    end
end

function __rolesh_parse_subcommand -S -a positional_count
    argparse -s r -- $argv
    set -l option_specs $argv[2..]
    set -l is_repeating_positional $_flag_r
    set -el _flag_r
    set -a commands $unparsed_tokens[1]
    set positional_index 0
    while true
        set -e unparsed_tokens[1]
        argparse -sn "$commands" $option_specs -- $unparsed_tokens 2> /dev/null
        set unparsed_tokens $argv
        set positional_index (math $positional_index + 1)
        for non_repeating_flag_or_option in $non_repeating_flags_or_options
            if set -ql "_flag_$(string replace -a - _ -- $non_repeating_flag_or_option)"
                set non_repeating_flags_or_options_absent 1
                break
            end
        end
        test (count $unparsed_tokens) -eq 0 -o \( -z "$is_repeating_positional" -a "$positional_index" -gt "$positional_count" \) && break
    end
end

function __rolesh_complete_directories
    set -l token (commandline -t)
    string match -- '*/' $token
    set -l subdirs $token*/
    printf %s\n $subdirs
end

function __rolesh_custom_completion
    set -x SAP_SHELL fish
    set -x SAP_SHELL_VERSION $FISH_VERSION
    set -l tokens (__rolesh_tokens -p)
    if test -z "$(__rolesh_tokens -t)"
        set -l index (count (__rolesh_tokens -pc))
        set tokens $tokens[..$index] \'\' $tokens[(math $index + 1)..]
    end
    command $tokens[1] $argv $tokens
end

complete -c 'rolesh' -f
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh" -eq 1' -fa 'init' -d 'Print the shell integration for bash, zsh or fish.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh" -eq 1' -fa 'assume' -d 'Switch this shell to a role (pushes a frame).'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh" -eq 1' -fa 'exit' -d 'Return to the identity before the last assume (pops a frame).'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh" -eq 1' -fa 'refresh' -d 'Renew the active role\'s credentials in place.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh" -eq 1' -fa 'region' -d 'Move the active role to another region; exit moves it back.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh" -eq 1' -fa 'status' -d 'Show the active role, its time left and the stack depth (no network).'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh" -eq 1' -fa 'whoami' -d 'Ask STS who the current credentials belong to.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh" -eq 1' -fa 'list' -d 'List the profiles that can be assumed.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh" -eq 1' -fa 'exec' -d 'Run one command with a role\'s credentials; the shell is untouched.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh" -eq 1' -fa 'export' -d 'Print a role\'s credentials for other tools.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh" -eq 1' -fa 'console' -d 'Open the AWS console signed in as a role.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh" -eq 1' -fa 'sso' -d 'Sign in to and out of IAM Identity Center (AWS SSO); list and write its roles.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh" -eq 1' -fa 'clean' -d 'Remove sessions of closed shells and expired cache entries.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh" -eq 1' -fa 'help' -d 'Show subcommand help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh init" -eq 1' -fka 'bash zsh fish'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh init" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh init" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh assume" -eq 1' -fka '(__rolesh_names --names)'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh assume" duration' -l 'duration' -d 'Session length: seconds (3600) or 1h, 45m, 1h30m.' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh assume" session-name' -l 'session-name' -d 'Role session name (default: your user name).' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh assume" external-id' -l 'external-id' -d 'External id the role\'s trust policy requires.' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh assume" mfa-serial' -l 'mfa-serial' -d 'ARN of the MFA device (default: the profile\'s mfa_serial).' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh assume" token-code' -l 'token-code' -d 'The MFA code; asked on the terminal when needed and absent.' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh assume" source-identity' -l 'source-identity' -d 'Source identity to set on the session.' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh assume"' -l 'tag' -d 'Session tag KEY=VALUE (repeatable).' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh assume"' -l 'transitive-tag' -d 'Tag key that carries over to chained roles (repeatable).' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh assume"' -l 'policy-arn' -d 'Managed policy ARN that limits the session (repeatable).' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh assume" region' -l 'region' -d 'Region for STS and for AWS_REGION (default: the profile\'s).' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh assume" chain' -l 'chain' -d 'Assume from the credentials now in the environment, whatever the profile\'s source.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh assume" refresh' -l 'refresh' -d 'Skip the credential cache and ask STS.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh assume" r replace' -l 'replace' -s 'r' -d 'Replace the active role instead of pushing on it; exit returns to the identity below it.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh assume" shell' -l 'shell' -d 'The shell to print code for: bash, zsh, fish or sh (default: detected).' -rfka 'bash zsh fish sh'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh assume" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh assume" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh exit" all' -l 'all' -d 'Return to the base identity, below every assume.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh exit" reset' -l 'reset' -d 'Forget a damaged stack and unset every variable rolesh manages.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh exit" shell' -l 'shell' -d 'The shell to print code for: bash, zsh, fish or sh (default: detected).' -rfka 'bash zsh fish sh'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh exit" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh exit" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh refresh" auto' -l 'auto' -d 'Never ask; exit 3 when an MFA code would be needed.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh refresh" token-code' -l 'token-code' -d 'The MFA code, when renewing needs one (else asked on the terminal).' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh refresh" shell' -l 'shell' -d 'The shell to print code for: bash, zsh, fish or sh (default: detected).' -rfka 'bash zsh fish sh'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh refresh" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh refresh" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh region" -eq 1' -fka 'af-south-1 ap-east-1 ap-east-2 ap-northeast-1 ap-northeast-2 ap-northeast-3 ap-south-1 ap-south-2 ap-southeast-1 ap-southeast-2 ap-southeast-3 ap-southeast-4 ap-southeast-5 ap-southeast-6 ap-southeast-7 ca-central-1 ca-west-1 cn-north-1 cn-northwest-1 eu-central-1 eu-central-2 eu-isoe-west-1 eu-north-1 eu-south-1 eu-south-2 eu-west-1 eu-west-2 eu-west-3 eusc-de-east-1 il-central-1 me-central-1 me-south-1 me-west-1 mx-central-1 sa-east-1 sa-west-1 us-east-1 us-east-2 us-gov-east-1 us-gov-west-1 us-iso-east-1 us-iso-west-1 us-isob-east-1 us-isob-west-1 us-isof-east-1 us-isof-south-1 us-west-1 us-west-2'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh region" shell' -l 'shell' -d 'The shell to print code for: bash, zsh, fish or sh (default: detected).' -rfka 'bash zsh fish sh'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh region" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh region" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh status" json' -l 'json' -d 'Print a JSON object instead of text.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh status" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh status" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh whoami" json' -l 'json' -d 'Print JSON instead of text.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh whoami" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh whoami" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh list" json' -l 'json' -d 'Print JSON (see below).'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh list" names' -l 'names' -d 'Print only the names, one per line.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh list" sso-sessions' -l 'sso-sessions' -d 'Print only the names of the [sso-session] sections, one per line.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh list" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh list" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh exec" duration' -l 'duration' -d 'Session length: seconds (3600) or 1h, 45m, 1h30m.' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh exec" session-name' -l 'session-name' -d 'Role session name (default: your user name).' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh exec" external-id' -l 'external-id' -d 'External id the role\'s trust policy requires.' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh exec" mfa-serial' -l 'mfa-serial' -d 'ARN of the MFA device (default: the profile\'s mfa_serial).' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh exec" token-code' -l 'token-code' -d 'The MFA code; asked on the terminal when needed and absent.' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh exec" source-identity' -l 'source-identity' -d 'Source identity to set on the session.' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh exec"' -l 'tag' -d 'Session tag KEY=VALUE (repeatable).' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh exec"' -l 'transitive-tag' -d 'Tag key that carries over to chained roles (repeatable).' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh exec"' -l 'policy-arn' -d 'Managed policy ARN that limits the session (repeatable).' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh exec" region' -l 'region' -d 'Region for STS and for AWS_REGION (default: the profile\'s).' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh exec" chain' -l 'chain' -d 'Assume from the credentials now in the environment, whatever the profile\'s source.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh exec" refresh' -l 'refresh' -d 'Skip the credential cache and ask STS.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh exec" server' -l 'server' -d 'Serve the credentials on a loopback endpoint that the command\'s AWS SDKs renew from.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh exec" -ge 1' -fka '(__rolesh_names --names)'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh exec" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh exec" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh export" -eq 1' -fka '(__rolesh_names --names)'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh export" format' -l 'format' -d 'env, dotenv, json or credential-process.' -rfka 'env dotenv json credential-process'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh export" duration' -l 'duration' -d 'Session length: seconds (3600) or 1h, 45m, 1h30m.' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh export" session-name' -l 'session-name' -d 'Role session name (default: your user name).' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh export" external-id' -l 'external-id' -d 'External id the role\'s trust policy requires.' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh export" mfa-serial' -l 'mfa-serial' -d 'ARN of the MFA device (default: the profile\'s mfa_serial).' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh export" token-code' -l 'token-code' -d 'The MFA code; asked on the terminal when needed and absent.' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh export" source-identity' -l 'source-identity' -d 'Source identity to set on the session.' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh export"' -l 'tag' -d 'Session tag KEY=VALUE (repeatable).' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh export"' -l 'transitive-tag' -d 'Tag key that carries over to chained roles (repeatable).' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh export"' -l 'policy-arn' -d 'Managed policy ARN that limits the session (repeatable).' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh export" region' -l 'region' -d 'Region for STS and for AWS_REGION (default: the profile\'s).' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh export" chain' -l 'chain' -d 'Assume from the credentials now in the environment, whatever the profile\'s source.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh export" refresh' -l 'refresh' -d 'Skip the credential cache and ask STS.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh export" shell' -l 'shell' -d 'The shell to print code for: bash, zsh, fish or sh (default: detected).' -rfka 'bash zsh fish sh'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh export" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh export" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh console" -eq 1' -fka '(__rolesh_names --names)'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh console" print' -l 'print' -d 'Print the sign-in URL instead of opening a browser.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh console" destination' -l 'destination' -d 'The console page to land on (default: the console home of the region).' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh console" duration' -l 'duration' -d 'Console session length, 15m to 12h (not for role-chained credentials).' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh console" token-code' -l 'token-code' -d 'The MFA code, when the role needs one (else asked on the terminal).' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh console" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh console" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh sso" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh sso" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh sso" -eq 1' -fa 'login' -d 'Sign in to IAM Identity Center for a profile or an [sso-session].'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh sso" -eq 1' -fa 'logout' -d 'Sign out of IAM Identity Center and remove the cached tokens.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh sso" -eq 1' -fa 'roles' -d 'List every account and role your IAM Identity Center sign-in can use.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh sso" -eq 1' -fa 'populate' -d 'Write a profile for every account and role of your sign-in into the config file.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_positional "rolesh sso login" -eq 1' -fka '(__rolesh_names --names)'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh sso login" sso-session' -l 'sso-session' -d 'Sign in for this [sso-session] section, without a profile.' -rfka '(__rolesh_names --sso-sessions)'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh sso login" use-device-code' -l 'use-device-code' -d 'Sign in with a device code, on this or another device.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh sso login" no-browser' -l 'no-browser' -d 'Print the sign-in URL; do not open a browser.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh sso login" if-needed' -l 'if-needed' -d 'Sign in only when no valid token is cached and none can be refreshed.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh sso login" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh sso login" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh sso logout" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh sso logout" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh sso roles" sso-session' -l 'sso-session' -d 'The [sso-session] whose sign-in to use (default: the only one in the config file).' -rfka '(__rolesh_names --sso-sessions)'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh sso roles" json' -l 'json' -d 'Print JSON (see below).'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh sso roles" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh sso roles" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh sso populate" sso-session' -l 'sso-session' -d 'The [sso-session] whose sign-in to use (default: the only one in the config file).' -rfka '(__rolesh_names --sso-sessions)'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh sso populate" prefix' -l 'prefix' -d 'Put this before every profile name (letters, digits, - _ . + @ /).' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh sso populate" region' -l 'region' -d 'Write region = REGION into every profile.' -rfka ''
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh sso populate" dry-run' -l 'dry-run' -d 'Show what would change; write nothing.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh sso populate" prune' -l 'prune' -d 'Remove the block\'s profiles for roles no longer assigned to you.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh sso populate" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh sso populate" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh clean" version' -l 'version' -d 'Show the version.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh clean" h help' -s 'h' -l 'help' -d 'Show help information.'
complete -c 'rolesh' -n '__rolesh_should_offer_completions_for_flags_or_options "rolesh help" version' -l 'version' -d 'Show the version.'
