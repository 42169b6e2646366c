#!/usr/bin/env bash
# `i18n/catalogues check` fails, naming the text, when a shipped language lacks a translation or drops a
# placeholder: played on a copy of the catalogues with one English text emptied and one Arabic
# placeholder misspelt.
set -euo pipefail
src="$1"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/i18n" "$tmp/assets"
cp "$src/i18n/catalogues" "$tmp/i18n/"
cp -r "$src/assets/locale" "$tmp/assets/"
"$tmp/i18n/catalogues" check >/dev/null || { echo "the catalogues as shipped already fail the check"; exit 1; }

# English « Retour » (button) left untranslated.
awk 'BEGIN{ctx=""} /^msgctxt "bouton"$/{ctx="bouton"} /^msgid "Retour"$/ && ctx=="bouton"{hit=1} /^msgstr / && hit{print "msgstr \"\""; hit=0; ctx=""; next} {print}' \
  "$src/assets/locale/en/borne.po" > "$tmp/assets/locale/en/borne.po"
# Arabic « Votre code : {code} » with its placeholder misspelt.
sed -i 's/^msgstr "رمزك: {code}"$/msgstr "رمزك: {kode}"/' "$tmp/assets/locale/ar/borne.po"

if out=$("$tmp/i18n/catalogues" check 2>&1); then
  echo "check passed with a missing translation and a wrong placeholder:"; echo "$out"; exit 1
fi
echo "$out"
grep -q 'Retour' <<<"$out" || { echo "the missing « Retour » is not named"; exit 1; }
grep -q '{kode}' <<<"$out" || { echo "the wrong placeholder {kode} is not named"; exit 1; }
echo "ok: the check names both"
