#!/usr/bin/env python3
"""Writes the man page: man/rolesh.1.in (the prose, written by hand) with its COMMANDS
section made from the binary's own help (--experimental-dump-help), so the commands, flags
and their texts come from the one place they are defined.

Usage: manual.py ROLESH_BINARY TEMPLATE   (prints the page on stdout)
"""
import json
import re
import subprocess
import sys
import textwrap

PLACEHOLDER = '.\\" @COMMANDS@'


def text(paragraph):
    """Running text in mdoc: each sentence on lines of its own (mdoc's rule), at most 78
    characters each, backslashes escaped, and a line's leading `.` or `'` (which would make
    it a request) shielded with `\\&`."""
    lines = []
    for sentence in re.split(r'(?<=[.!?])\s+', paragraph.replace('\\', '\\e')):
        lines += textwrap.wrap(sentence, 78, break_long_words=False, break_on_hyphens=False)
    return '\n'.join('\\&' + line if line.startswith(('.', "'")) else line for line in lines)


def argument_item(argument):
    names = argument.get('names') or []
    longs = ['-' + n['name'] for n in names if n['kind'] == 'long']
    shorts = [n['name'] for n in names if n['kind'] == 'short']
    value = argument.get('valueName', '')
    if argument['kind'] == 'positional':
        head = 'Ar ' + value
    else:
        flags = ' , '.join('Fl ' + name for name in shorts + longs)
        head = flags + (' Ar ' + value if argument['kind'] == 'option' else '')
    if argument.get('isRepeating') and argument['kind'] != 'flag':
        head += ' ...'
    return ['.It ' + head, text(argument.get('abstract', ''))]


def command_lines(command, path):
    arguments = [a for a in command.get('arguments', [])
                 if a.get('shouldDisplay', True) and a.get('valueName') not in ('help', 'version')]
    lines = ['.It Nm ' + ' '.join('Cm ' + word for word in path)]
    lines.append(text(command.get('abstract', '')))
    for paragraph in (command.get('discussion') or '').split('\n\n'):
        if paragraph.strip():
            lines += ['.Pp', text(' '.join(paragraph.split()))]
    if arguments:
        lines.append('.Bl -tag -width Ds')
        for argument in arguments:
            lines += argument_item(argument)
        lines.append('.El')
    for sub in command.get('subcommands', []):
        if sub.get('shouldDisplay', True):
            lines += command_lines(sub, path + [sub['commandName']])
    return lines


def main():
    binary, template = sys.argv[1], sys.argv[2]
    dump = json.loads(subprocess.run([binary, '--experimental-dump-help'], check=True,
                                     capture_output=True, text=True).stdout)['command']
    commands = ['.Bl -tag -width Ds']
    for sub in dump.get('subcommands', []):
        if sub.get('shouldDisplay', True) and sub['commandName'] != 'help':
            commands += command_lines(sub, [sub['commandName']])
    commands.append('.El')
    with open(template, encoding='utf-8') as file:
        page = file.read()
    if page.count(PLACEHOLDER + '\n') != 1:
        sys.exit(f'{template} must hold the line {PLACEHOLDER} once')
    sys.stdout.write(page.replace(PLACEHOLDER + '\n', '\n'.join(commands) + '\n'))


if __name__ == '__main__':
    main()
