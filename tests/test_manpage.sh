#!/bin/sh
# The manual page docs/xrdfit.1 against the program: groff renders it without
# warnings, every command of `xrdfit --help` has its .SS section, and every
# long option a command's --help prints is in the page source (as \-\-name),
# so an option added without documentation fails here.
# SPDX-License-Identifier: GPL-3.0-or-later
. "$(dirname "$0")/lib.sh"
TOP=${XRDFIT_TOP:-.}
PAGE=$TOP/docs/xrdfit.1
W=$TMP/manpage
rm -rf "$W"
mkdir -p "$W"

if [ ! -f "$PAGE" ]; then
    fail manpage_exists "$PAGE not found"
    exit 0
fi
pass manpage_exists

# (a) groff renders the page with every warning enabled and prints none
if command -v groff > /dev/null 2>&1; then
    if groff -man -ww -z "$PAGE" > "$W/groff.txt" 2>&1 && [ ! -s "$W/groff.txt" ]; then
        pass manpage_groff
    else
        fail manpage_groff "$(head -c 400 "$W/groff.txt")"
    fi
else
    skip manpage_groff "groff is not installed (apt-get install groff)"
fi

# (b) a .SS section for every command of the top-level help
if ! "$XRDFIT" --help > "$W/help.txt" 2>&1; then
    fail manpage_commands "$XRDFIT --help failed: $(head -c 300 "$W/help.txt")"
    exit 0
fi
awk '/^Commands:/ { f = 1; next } f && /^[[:space:]]*$/ { exit } f { print $1 }' \
    "$W/help.txt" > "$W/commands.txt"
if [ ! -s "$W/commands.txt" ]; then
    fail manpage_commands "no command list found in $XRDFIT --help"
    exit 0
fi
missing=
for c in $(cat "$W/commands.txt"); do
    grep -Eq "^\.SS +\"?(xrdfit +)?$c\"?[[:space:]]*\$" "$PAGE" || missing="$missing $c"
done
if [ -z "$missing" ]; then pass manpage_commands
else fail manpage_commands "no .SS section for:$missing"; fi

# (c) every long option of every --help is in the page source as \-\-name
# (comments left out; the name taken whole, so --json is not found in
# \-\-json\-curves)
grep -v '^[.'\'']\\"' "$PAGE" > "$W/source.txt"
grep -o '\\-\\-[A-Za-z][A-Za-z0-9]*\(\\-[A-Za-z0-9][A-Za-z0-9]*\)*' "$W/source.txt" |
    sed 's/\\-/-/g' | sort -u > "$W/page_options.txt"
opts_of() { # help text file -> its long options, one per line
    grep -o -- '--[A-Za-z][A-Za-z0-9-]*' "$1" | sed 's/-*$//' | sort -u
}
missing=
for c in "" $(cat "$W/commands.txt"); do
    if [ -z "$c" ]; then
        cp "$W/help.txt" "$W/cmd_help.txt"
        name=xrdfit
    else
        name=$c
        if ! "$XRDFIT" "$c" --help > "$W/cmd_help.txt" 2>&1; then
            missing="$missing; $c: --help failed"
            continue
        fi
    fi
    m=$(opts_of "$W/cmd_help.txt" | comm -23 - "$W/page_options.txt" | tr '\n' ' ')
    [ -n "$m" ] && missing="$missing; $name: ${m% }"
done
if [ -z "$missing" ]; then pass manpage_options
else fail manpage_options "options of --help not in docs/xrdfit.1 (as \\-\\-name):${missing#;}"; fi

# (d) hyphens of options escaped: no bare -- and no half-escaped \-\-name-more
bad=$(grep -n -e '--' -e '\\-\\-[A-Za-z0-9\\-]*[A-Za-z0-9]-[A-Za-z0-9]' "$PAGE" |
      grep -v '^[0-9]*:[.'\'']\\"' | head -n 5 | tr '\n' ' ')
if [ -z "$bad" ]; then pass manpage_hyphens
else fail manpage_hyphens "unescaped hyphens in option names: $bad"; fi
exit 0
