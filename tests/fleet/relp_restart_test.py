#!/usr/bin/env python3
"""A kiosk's rsyslog (hub-config kiosk-rsyslog, as the image runs it) and the hub's RELP input over TLS on loopback,
without PostgreSQL: the hub's ompgsql action is swapped for a file. The hub's rsyslog is restarted while the kiosk
is idle, then the kiosk writes one line, then three: each must arrive within a bound. Before windowSize 1 and the
heartbeat (image/hub/HUB.md, « Why records once stayed… »), the lines written after the restart stayed in librelp
until the next line came: this failed every time. Also a backlog written while the hub was down. Closes with
"N passed, N failed".

  relp_restart_test.py --source DIR
"""
import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

ap = argparse.ArgumentParser()
ap.add_argument("--source", required=True)
args = ap.parse_args()
HUB = os.path.join(args.source, "image", "hub")
HEARTBEAT = 3
BOUND = 30  # seconds: a few heartbeats and resume intervals, on a loaded machine

work = tempfile.mkdtemp(prefix="borne-relp-")
procs = {}
passed = failed = 0


def check(name, ok, detail=""):
    global passed, failed
    passed, failed = (passed + 1, failed) if ok else (passed, failed + 1)
    print(f"{'ok  ' if ok else 'FAIL'} {name} {'' if ok else detail}", flush=True)


def must(argv):
    return subprocess.run(argv, check=True, capture_output=True, text=True).stdout


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(name, conf):
    log = open(os.path.join(work, f"{name}.log"), "ab")
    procs[name] = subprocess.Popen(["rsyslogd", "-n", "-f", conf, "-i", os.path.join(work, f"{name}.pid")], stdout=log, stderr=subprocess.STDOUT)


def stop(name):
    p = procs.pop(name)
    p.send_signal(signal.SIGTERM)
    p.wait(30)


try:
    pki, port, received = os.path.join(work, "pki"), free_port(), os.path.join(work, "received.txt")
    must([os.path.join(HUB, "hub-ca"), "init", pki])
    must([os.path.join(HUB, "hub-ca"), "enrol", pki, "k1"])
    os.makedirs(os.path.join(work, "hub"))
    # As hub-setup writes it: k1's own listener, on the RELP port + the number hub-ca enrol gave it.
    listen = port + int(open(os.path.join(pki, "kiosks", "k1.port")).read())
    hub = must([os.path.join(HUB, "hub-config"), "hub-rsyslog", "--workdir", os.path.join(work, "hub"), "--pki", pki, "--relp-port", str(port),
                "--relp-address", "127.0.0.1", "--pg-host", "127.0.0.1", "--pg-port", "1", "--pg-db", "-", "--pg-user", "-", "--per-kiosk", "yes"])
    hub = hub.replace('module(load="ompgsql")\n', "")
    hub, swapped = re.subn(r'action\(type="ompgsql".*?\)\n', f'action(type="omfile" file="{received}" template="line")\n', hub, flags=re.S)
    assert swapped == 1, "hub-config's ompgsql action not found"
    hub_conf = os.path.join(work, "hub.conf")
    open(hub_conf, "w").write('template(name="line" type="string" string="%msg%\\n")\n' + hub)
    must(["rsyslogd", "-N1", "-f", hub_conf])

    def start_hub():
        start("hub", hub_conf)
        end = time.time() + 20
        while time.time() < end:
            with socket.socket() as s:
                if s.connect_ex(("127.0.0.1", listen)) == 0:
                    return
            time.sleep(0.1)
        raise SystemExit("the hub's rsyslog did not listen")

    must([os.path.join(HUB, "hub-ca"), "kiosk-files", pki, "k1", os.path.join(work, "fleet"), "--hub", "127.0.0.1", "--relp-port", str(port),
          "--data", work, "--heartbeat", str(HEARTBEAT)])
    os.makedirs(os.path.join(work, "fleet", "rsyslog"))
    outbox = os.path.join(work, "fleet", "outbox.jsonl")
    open(outbox, "w").close()
    written = 0

    def write(count):
        global written
        with open(outbox, "a") as f:
            for _ in range(count):
                written += 1
                f.write(f'{{"seq":{written}}}\n')

    def arrived():
        try:
            with open(received) as f:
                return {line.strip() for line in f if line.strip()}
        except FileNotFoundError:
            return set()

    def all_arrived(what):
        t0 = time.time()
        while time.time() - t0 < BOUND:
            if len(arrived()) >= written:
                print(f"     {what}: {written} lines in {time.time() - t0:.1f} s", flush=True)
                return True
            time.sleep(0.2)
        return False

    start_hub()
    start("k1", os.path.join(work, "fleet", "rsyslog.conf"))
    write(3)
    check("lines arrive", all_arrived("first lines"), f"{len(arrived())} of {written}")
    for round in (1, 2):
        stop("hub")
        write(2)
        time.sleep(2)
        start_hub()
        check(f"round {round}: a backlog written while the hub was down arrives", all_arrived("backlog"), f"{len(arrived())} of {written}")
        stop("hub")
        start_hub()
        write(1)
        check(f"round {round}: one line written after the hub's restart arrives (the heartbeat)", all_arrived("one line"), f"{len(arrived())} of {written}")
        stop("hub")
        start_hub()
        write(3)
        check(f"round {round}: three lines written after the hub's restart arrive", all_arrived("three lines"), f"{len(arrived())} of {written}")
    check("each line once, none lost", arrived() == {f'{{"seq":{i}}}' for i in range(1, written + 1)})
finally:
    for name in list(procs):
        stop(name)
    if failed:
        print(f"(logs kept in {work})")
    else:
        shutil.rmtree(work, ignore_errors=True)

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
