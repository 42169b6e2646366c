#!/usr/bin/env bash
# A private print system for one test: a session D-Bus, an IPP Everywhere virtual printer
# (ippeveprinter, cups-ipp-utils) and a cupsd, all on loopback ports of their own and in a temp dir,
# then the command given in arguments, then everything stopped (even on failure or timeout).
#
#   tests/printing/cups_sandbox.sh COMMAND [ARGS…]
#
# The command sees (see platform.md §3.3 for why each piece is there):
#   CUPS_SERVER                 localhost:PORT of the private cupsd (never the system's)
#   BORNE_TEST_PDF_QUEUE        an IPP Everywhere queue ("borne-pdf") on the virtual printer
#   BORNE_TEST_RAW_QUEUE        a raw queue ("borne-raw", what an ESC/POS printer gets) on the same printer
#   BORNE_TEST_PRINTED          the folder where each job's document lands, one file per job, whole
#   BORNE_TEST_PAPER_OUT        a file: while it exists the printer reports media-empty and aborts jobs
#   BORNE_TEST_PAPER_BACK       a shell command that reloads the paper (the printer's own media form)
#   BORNE_TEST_SPOOL            cupsd's RequestRoot: the jobs' control (c…) and document (d…) files
# Runs as root or as any user: cupsd runs as the caller (as root it hands backends to "lp").
set -uo pipefail

dir=$(mktemp -d "${TMPDIR:-/tmp}/borne-cups.XXXXXX")
pids=()
cleanup() {
    for ((k = ${#pids[@]} - 1; k >= 0; k--)); do kill "${pids[k]}" 2>/dev/null; done
    for pid in "${pids[@]}"; do
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.05; done
        kill -9 "$pid" 2>/dev/null
    done
    if [[ -n ${BORNE_KEEP_SANDBOX:-} ]]; then echo "cups_sandbox: kept $dir" >&2; else rm -rf "$dir"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() { echo "cups_sandbox: $*" >&2; for f in "$dir"/log/*; do [[ -s $f ]] && { echo "--- $f" >&2; tail -n 30 "$f" >&2; }; done; exit 1; }

# A port nobody listens on, picked at random so that parallel tests do not meet.
free_port() {
    local p
    for _ in $(seq 50); do
        p=$((20000 + RANDOM % 30000))
        (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
    done
    return 1
}
wait_port() {  # wait_port PORT PID: up to 5 s for a listener, while the process lives
    for _ in $(seq 100); do
        (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
        kill -0 "$2" 2>/dev/null || return 1
        sleep 0.05
    done
    return 1
}

mkdir -p "$dir"/{etc,log,spool/tmp,cache,state,ipp-spool,printed,run}
chmod 0755 "$dir"
if [[ $(id -u) -eq 0 ]]; then
    user=lp group=lp
    chgrp lp "$dir"/spool "$dir"/spool/tmp "$dir"/cache "$dir"/state "$dir"/log && chmod 0770 "$dir"/spool "$dir"/spool/tmp
else
    user=$(id -un) group=$(id -gn)
fi

# ippeveprinter will not start without DNS-SD: a private bus is enough when registration is off (-r off).
dbus-daemon --session --address="unix:path=$dir/run/bus" --nofork --nopidfile >"$dir/log/dbus" 2>&1 &
pids+=($!)
for _ in $(seq 100); do [[ -S $dir/run/bus ]] && break; sleep 0.02; done
[[ -S $dir/run/bus ]] || fail "dbus-daemon did not start"

# The virtual printer's "print command": keeps each document, or plays a printer out of paper.
cat >"$dir/printcmd" <<EOS
#!/bin/sh
if [ -e "$dir/paper-out" ]; then echo "STATE: +media-empty" >&2; exit 1; fi
cp "\$1" "$dir/printed/.part" && mv "$dir/printed/.part" "$dir/printed/\$(basename "\$1")"
EOS
chmod +x "$dir/printcmd"

for attempt in 1 2 3; do
    ipp_port=$(free_port) || fail "no free port"
    DBUS_SYSTEM_BUS_ADDRESS="unix:path=$dir/run/bus" DBUS_SESSION_BUS_ADDRESS="unix:path=$dir/run/bus" \
        ippeveprinter -n localhost -p "$ipp_port" -r off -d "$dir/ipp-spool" -k -c "$dir/printcmd" \
        -f application/pdf,application/octet-stream -M Borne -m Ticket80 -s 60 BorneTest >"$dir/log/ippeveprinter" 2>&1 &
    ipp_pid=$!
    if wait_port "$ipp_port" "$ipp_pid"; then pids+=("$ipp_pid"); break; fi
    kill "$ipp_pid" 2>/dev/null; ipp_pid=
done
[[ -n ${ipp_pid:-} ]] || fail "ippeveprinter did not start"

for attempt in 1 2 3; do
    cups_port=$(free_port) || fail "no free port"
    cat >"$dir/etc/cupsd.conf" <<EOS
Listen 127.0.0.1:$cups_port
Listen $dir/run/cups.sock
Browsing No
WebInterface No
DefaultAuthType None
LogLevel info
JobRetryInterval 1
<Location />
  Order allow,deny
  Allow from all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
EOS
    cat >"$dir/etc/cups-files.conf" <<EOS
ServerRoot $dir/etc
RequestRoot $dir/spool
TempDir $dir/spool/tmp
CacheDir $dir/cache
StateDir $dir/state
AccessLog $dir/log/access_log
ErrorLog $dir/log/error_log
PageLog $dir/log/page_log
ServerBin /usr/lib/cups
DataDir /usr/share/cups
User $user
Group $group
SystemGroup $(id -gn)
FileDevice Yes
EOS
    cupsd -f -c "$dir/etc/cupsd.conf" -s "$dir/etc/cups-files.conf" >"$dir/log/cupsd" 2>&1 &
    cups_pid=$!
    if wait_port "$cups_port" "$cups_pid"; then pids+=("$cups_pid"); break; fi
    kill "$cups_pid" 2>/dev/null; cups_pid=
done
[[ -n ${cups_pid:-} ]] || fail "cupsd did not start"

# "localhost", not 127.0.0.1: cupsd advertises ipp://localhost:PORT/… and libcups compares host names.
export CUPS_SERVER="localhost:$cups_port"
printer_uri="ipp://localhost:$ipp_port/ipp/print"
timeout 20 lpadmin -p borne-pdf -E -v "$printer_uri" -m everywhere || fail "lpadmin borne-pdf failed"


export BORNE_TEST_PDF_QUEUE=borne-pdf BORNE_TEST_RAW_QUEUE=borne-raw
export BORNE_TEST_PRINTED="$dir/printed" BORNE_TEST_PAPER_OUT="$dir/paper-out" BORNE_TEST_SPOOL="$dir/spool"
export BORNE_TEST_PAPER_BACK="curl -s -o /dev/null 'http://localhost:$ipp_port/media?size1=iso_a4_210x297mm&type1=stationery&level1=250&size3=na_number-10_4.125x9.5in&type3=envelope&level3=25'"
export BORNE_TEST_IPP_URI="$printer_uri"

"$@"
status=$?
[[ $status -ne 0 ]] && fail "command failed ($status)"
exit 0
