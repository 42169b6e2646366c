#!/usr/bin/env bash
# The .swu side of updates with the real tools (image/UPDATES.md): bundles made by image/bundle, checked by
# Debian's swupdate -c through image/install-update with the TEST CA; a flipped byte and another key refused;
# the slot script's A/B contract written by the real grub-editenv, and its refusal to write the running slot.
#   update_bundles.sh SOURCE_DIR BORNE_EXE
set -uo pipefail
src=$1 borne=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# SWUpdate puts its sockets and scripts in $TMPDIR (/tmp/sockinstctrl…): a folder of our own, so that another
# swupdate on the machine (a parallel test, another worktree) cannot meet this one.
mkdir -p "$work/tmp"
export TMPDIR=$work/tmp
keys=$src/image/keys/test
failures=0
ok() { echo "ok    $*"; }
ko() { echo "ÉCHEC $*"; failures=$((failures + 1)); }

BORNE_KEYS_NO_PASSPHRASE=1 "$src/image/keys/make-keys" "$work/other" "Borne TEST other" >/dev/null 2>&1 || { echo "make-keys failed"; exit 1; }
head -c 8M /dev/urandom >"$work/root.img"
"$src/image/bundle" software --root "$work/root.img" --version 9.9.9 --out "$work/good.swu" >/dev/null || exit 1
"$src/image/bundle" software --root "$work/root.img" --version 9.9.9 --out "$work/other.swu" \
  --key "$work/other/signing.key" --cert "$work/other/signing.crt" >/dev/null || exit 1
cp "$work/good.swu" "$work/flipped.swu"
# A byte in the middle of the root image (the description and its signature come first, a few KiB).
offset=$(($(stat -c %s "$work/good.swu") / 2))
printf '%b' "\\x$(printf '%02x' $(( $(od -An -tu1 -j "$offset" -N1 "$work/good.swu") ^ 1 )))" |
  dd of="$work/flipped.swu" bs=1 seek="$offset" conv=notrunc status=none
cmp -s "$work/good.swu" "$work/flipped.swu" && ko "the flipped bundle is not different"

echo "BOOT_IMAGE=/vmlinuz root=PARTLABEL=root-a ro borne.slot=a quiet" >"$work/cmdline-a"
check() { BORNE_UPDATE_CA="$keys/ca.crt" BORNE_CMDLINE="$work/cmdline-a" "$src/image/install-update" "$1" --check >"$work/log" 2>&1; }

if check "$work/good.swu"; then ok "good software bundle passes swupdate -c"; else ko "good software bundle refused: $(grep ERROR "$work/log")"; fi
if check "$work/flipped.swu"; then ko "flipped byte accepted"
# The root is zstd-compressed in the bundle: zstd's checksum or SWUpdate's SHA-256 sees the flip, whichever first.
elif grep -qE "HASH mismatch|ZSTD_decompressStream failed" "$work/log"; then ok "flipped byte refused: $(grep -m1 -oE 'HASH mismatch|ZSTD_decompressStream failed: [^.]*' "$work/log")"
else ko "flipped byte refused, but not for its hash: $(grep ERROR "$work/log")"; fi
if check "$work/other.swu"; then ko "bundle signed by another key accepted"
elif grep -q "Authentication of all signatures failed" "$work/log"; then ok "other key refused: Authentication of all signatures failed"
else ko "other key refused for another reason: $(grep ERROR "$work/log")"; fi
echo "BOOT_IMAGE=/vmlinuz ro quiet" >"$work/cmdline-none"
if BORNE_UPDATE_CA="$keys/ca.crt" BORNE_CMDLINE="$work/cmdline-none" "$src/image/install-update" "$work/good.swu" --check >"$work/log" 2>&1; then
  ko "software bundle accepted with no borne.slot on the command line"
else ok "no borne.slot: refused ($(cat "$work/log"))"; fi

# The rules bundle: a pack (signed itself) inside a signed .swu.
"$borne" rules pack build "$src/rules" --out "$work/rules.pack" --version 2099.01 --valid-from 2026-01-01 --valid-until 2099-12-31 >/dev/null 2>&1 || ko "rules pack build"
"$src/image/bundle" rules --pack "$work/rules.pack" --version 2099.01 --out "$work/rules.swu" >/dev/null || ko "rules bundle"
if check "$work/rules.swu"; then ok "rules bundle passes swupdate -c"; else ko "rules bundle refused: $(grep ERROR "$work/log")"; fi
if "$borne" rules pack verify "$work/rules.pack" --cert "$keys/ca.crt" >/dev/null; then ok "borne rules pack verify: good pack"; else ko "good pack refused by borne"; fi
if "$borne" rules pack verify "$work/rules.pack" --cert "$work/other/ca.crt" 2>"$work/log"; then ko "pack accepted under another CA"
else ok "borne rules pack verify under another CA: $(grep -o 'signature refusée' "$work/log")"; fi

# The slot script of to-b, as SWUpdate runs it (preinst, then postinst), on a real GRUB environment file.
(cd "$work" && cpio -i --quiet slot-b.sh <good.swu) || ko "slot-b.sh missing from the bundle"
grub-editenv "$work/grubenv" create
grub-editenv "$work/grubenv" set borne_order="a b" borne_a_ok=1 borne_b_ok=1
run_slot() { BORNE_GRUBENV="$work/grubenv" BORNE_CMDLINE="$1" sh "$work/slot-b.sh" "$2" >"$work/log" 2>&1; }
if run_slot "$work/cmdline-a" preinst && run_slot "$work/cmdline-a" postinst; then
  env_now=$(grub-editenv "$work/grubenv" list | sort | tr '\n' ' ')
  expected="borne_a_ok=1 borne_b_ok=0 borne_b_try=3 borne_order=b a "
  if [[ $env_now == "$expected" ]]; then ok "slot b installed from a: $env_now"; else ko "GRUB environment after install: « $env_now », expected « $expected »"; fi
else ko "slot script failed: $(cat "$work/log")"; fi
echo "BOOT_IMAGE=/vmlinuz root=PARTLABEL=root-b ro borne.slot=b quiet" >"$work/cmdline-b"
if run_slot "$work/cmdline-b" preinst; then ko "slot script would write the running slot b"
else ok "slot b while running b: $(cat "$work/log")"; fi

echo "$failures failed"
exit $((failures > 0))
