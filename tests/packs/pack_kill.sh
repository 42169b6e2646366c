#!/usr/bin/env bash
# A rules pack install killed (SIGKILL) at random moments: afterwards the kiosk's start-up finds either the
# old pack or the new one in service, verified whole, never a mix nor the bundled rules for want of a pack;
# the next install completes. A kill is not a power cut (what reached the page cache stays): for that the
# install relies on fsync before each rename (kiosk/packs/src/install.cpp), which this does not test.   pack_kill.sh SOURCE_DIR BORNE_EXE [ROUNDS]
set -uo pipefail
src=$1 borne=$2 rounds=${3:-12}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$borne" rules pack build "$src/rules" --out "$work/old.pack" --version 2027.01 --valid-from 2026-01-01 --valid-until 2099-12-31 2>/dev/null >&2 || exit 1
"$borne" rules pack build "$src/rules" --out "$work/new.pack" --version 2027.04 --valid-from 2026-01-01 --valid-until 2099-12-31 2>/dev/null >&2 || exit 1
"$borne" rules pack install "$work/old.pack" --data "$work/initial" >/dev/null || exit 1
# How long a whole install takes here, to spread the kills over it.
start=$EPOCHREALTIME
cp -a "$work/initial" "$work/timing"
"$borne" rules pack install "$work/new.pack" --data "$work/timing" >/dev/null || exit 1
full_ms=$(awk -v a="$start" -v b="$EPOCHREALTIME" 'BEGIN { printf "%d", (b - a) * 1000 }')
old=0 new=0 bad=0
for ((i = 1; i <= rounds; i++)); do
  rm -rf "$work/data"
  cp -a "$work/initial" "$work/data"
  delay_ms=$((RANDOM % (full_ms + 1)))
  "$borne" rules pack install "$work/new.pack" --data "$work/data" >/dev/null 2>&1 &
  pid=$!
  sleep "$(awk -v m="$delay_ms" 'BEGIN { print m / 1000 }')"
  kill -9 "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null
  said=$("$borne" rules check --data "$work/data" 2>&1 >/dev/null | head -1)
  case $said in
    *"règles du paquet 2027.01"*) old=$((old + 1)) ;;
    *"règles du paquet 2027.04"*) new=$((new + 1)) ;;
    *) bad=$((bad + 1)); echo "ÉCHEC killed after ${delay_ms} ms: $said" ;;
  esac
  # And the next install completes from whatever was left.
  "$borne" rules pack install "$work/new.pack" --data "$work/data" >/dev/null 2>&1
  [[ $(readlink "$work/data/rules/current") == 2027.04 ]] || { bad=$((bad + 1)); echo "ÉCHEC the install after a kill at ${delay_ms} ms did not complete"; }
done
echo "install of ${full_ms} ms killed $rounds times: old pack in service $old, new $new, neither $bad"
exit $((bad > 0))
