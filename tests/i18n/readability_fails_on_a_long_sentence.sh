#!/bin/sh
# The readability check does fail: a catalogue with one 28-word sentence is refused, naming its line.
set -eu
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat > "$dir/long.pot" <<'POT'
msgid ""
msgstr ""

msgctxt "test"
msgid "Court."
msgstr ""

msgctxt "test"
msgid "Cette phrase est volontairement beaucoup trop longue pour une borne parce qu'elle enchaîne plusieurs idées sans jamais s'arrêter et qu'un visiteur pressé ne la lirait jamais jusqu'au bout."
msgstr ""
POT
if out=$(python3 "$1" "$dir/long.pot"); then echo "a 28-word sentence was accepted:"; echo "$out"; exit 1; fi
echo "$out" | grep -q "long.pot:9: phrase de 28 mots" || { echo "the long sentence is not named with its line:"; echo "$out"; exit 1; }
echo "refused as expected"
