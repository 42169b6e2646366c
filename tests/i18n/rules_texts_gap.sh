#!/bin/sh
# i18n/rules-texts check does fail on a gap, naming the file and the key: a copy of the rules with one
# aid's name changed (its translations are now outdated) and one new document (missing everywhere).
set -eu
src="$1"
dir=$(mktemp -d "${TMPDIR:-/tmp}/borne-rules-texts-XXXXXX")
trap 'rm -rf "$dir"' EXIT
cp -r "$src/rules" "$dir/rules"
sed -i 's/^nom: Revenu de solidarité active$/nom: Revenu de solidarité active (RSA)/' "$dir/rules/aides/rsa.yaml"
printf '\nnouvelle_piece:\n  libellé: Une pièce toute neuve\n' >> "$dir/rules/pieces.yaml"
if out=$("$src/i18n/rules-texts" check --rules "$dir/rules" 2>&1); then
  echo "check passed on a gap:"; echo "$out"; exit 1
fi
echo "$out"
echo "$out" | grep -A3 "en/borne-regles.po: .* outdated" | grep -q "aides/rsa.yaml nom: French now « Revenu de solidarité active (RSA) »" || { echo "no outdated rsa name in en"; exit 1; }
for lang in en ar; do
  echo "$out" | grep -A600 "$lang/borne-regles.po: .* missing" | grep -q "pieces.yaml nouvelle_piece.libellé: « Une pièce toute neuve »" || { echo "no missing document in $lang"; exit 1; }
done
echo "ok: the gap is named with its file and key"
