#!/usr/bin/env python3
"""What one hub machine holds: statistics records per second from a kiosk's rsyslog (imfile, disk queue, RELP over
TLS) through the hub's rsyslog (ompgsql, borne_ingest) into PostgreSQL 15, and the size of a year of two hundred
kiosks in the kiosk_counts table. Prints figures; asserts nothing but that every record arrived once.

  tests/fleet/fleet_hub_bench.py --source . [--records 20000]
"""
import argparse
import glob
import json
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time

ap = argparse.ArgumentParser()
ap.add_argument("--source", required=True)
ap.add_argument("--records", type=int, default=20000)
args = ap.parse_args()
HUB = os.path.join(args.source, "image", "hub")
ROOT = os.geteuid() == 0
work = tempfile.mkdtemp(prefix="borne-fleet-bench-")
os.chmod(work, 0o755)
procs = []


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_port(port):
    for _ in range(200):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.1)
    raise SystemExit(f"port {port} never opened")


def start(argv, user=None):
    if user:
        argv = ["runuser", "-u", user, "--"] + argv
    p = subprocess.Popen(argv, stdout=open(os.path.join(work, "log"), "ab"), stderr=subprocess.STDOUT, start_new_session=True)
    procs.append(p)


def must(argv):
    return subprocess.run(argv, check=True, capture_output=True, text=True).stdout


try:
    pki = os.path.join(work, "pki")
    must([f"{HUB}/hub-ca", "init", pki])
    must([f"{HUB}/hub-ca", "enrol", pki, "bench"])
    pgbin = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1]
    pgdata, pg_port = os.path.join(work, "pgdata"), free_port()
    os.mkdir(pgdata, 0o700)
    initdb = [f"{pgbin}/initdb", "-D", pgdata, "-A", "trust", "-U", "borne", "-E", "UTF8", "--locale=C", "--no-sync"]
    if ROOT:
        shutil.chown(pgdata, "postgres", "postgres")
        initdb = ["runuser", "-u", "postgres", "--"] + initdb
    must(initdb)
    # fsync stays on: the figure is for a real hub's disk.
    start([f"{pgbin}/postgres", "-D", pgdata, "-k", pgdata, "-p", str(pg_port), "-c", "listen_addresses=127.0.0.1"], "postgres" if ROOT else None)
    wait_port(pg_port)
    psql = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(pg_port), "-U", "borne", "-A", "-t"]
    must(psql + ["-d", "postgres", "-c", "CREATE DATABASE borne_hub"])
    must(psql + ["-d", "borne_hub", "-f", f"{HUB}/schema.sql"])
    relp_port = free_port()
    os.mkdir(f"{work}/hub")
    open(f"{work}/hub.conf", "w").write(must([f"{HUB}/hub-config", "hub-rsyslog", "--workdir", f"{work}/hub", "--pki", pki, "--relp-port",
                                               str(relp_port), "--relp-address", "127.0.0.1", "--pg-host", "127.0.0.1", "--pg-port",
                                               str(pg_port), "--pg-db", "borne_hub", "--pg-user", "borne"]))
    start(["rsyslogd", "-n", "-f", f"{work}/hub.conf", "-i", f"{work}/hub.pid"])
    wait_port(relp_port)

    # Records as `borne fleet export` writes them (kiosk ids of a 200-kiosk fleet; the hub keys on (kiosk, seq)).
    outbox = f"{work}/outbox.jsonl"
    with open(outbox, "w") as f:
        for i in range(args.records):
            kiosk, seq = f"k{i % 200:03d}", i // 200 + 1
            f.write(json.dumps({"v": 1, "kiosk": kiosk, "seq": seq, "week": "2026-11-02", "metric": "aid_found", "key": "rsa", "count": 12},
                               separators=(",", ":")) + "\n")
    os.mkdir(f"{work}/kiosk")
    open(f"{work}/kiosk.conf", "w").write(must([f"{HUB}/hub-config", "kiosk-rsyslog", "--workdir", f"{work}/kiosk", "--outbox", outbox,
                                                 "--hub", "127.0.0.1", "--relp-port", str(relp_port), "--ca", f"{pki}/ca.crt",
                                                 "--cert", f"{pki}/kiosks/bench.crt", "--key", f"{pki}/kiosks/bench.key"]))
    t0 = time.time()
    start(["rsyslogd", "-n", "-f", f"{work}/kiosk.conf", "-i", f"{work}/kiosk.pid"])
    n = 0
    while time.time() - t0 < 300:
        n = int(must(psql + ["-d", "borne_hub", "-c", "SELECT count(*) FROM kiosk_counts"]).strip())
        if n >= args.records:
            break
        time.sleep(0.5)
    took = time.time() - t0
    print(f"fleet hub: {n} of {args.records} records from one kiosk rsyslog (disk queue, RELP+TLS) into PostgreSQL in {took:.1f} s: "
          f"{n / took:.0f} records/s end to end")

    # The hub's side alone: borne_ingest() one statement (one commit) per record, as ompgsql calls it.
    stmts = f"{work}/ingest.sql"
    with open(stmts, "w") as f:
        for i in range(args.records):
            line = json.dumps({"v": 1, "kiosk": "h001", "seq": i + 1, "week": "2026-11-02", "metric": "started", "key": "", "count": 10})
            f.write(f"SELECT borne_ingest('{line}');\n")
    t2 = time.time()
    must(psql + ["-d", "borne_hub", "-o", "/dev/null", "-f", stmts])
    took2 = time.time() - t2
    print(f"fleet hub: borne_ingest() alone, one commit per record (psql over loopback): {args.records / took2:.0f} records/s")

    # A year of 200 kiosks: 52 weeks x ~40 records a week each (started, completed, slips, 5 durations, ~15 aids,
    # ~15 places of abandon), inserted straight into the table to measure its size on disk with its indexes.
    per_week = 40
    must(psql + ["-d", "borne_hub", "-c", "TRUNCATE kiosk_counts"])
    t1 = time.time()
    must(psql + ["-d", "borne_hub", "-c",
                 f"""INSERT INTO kiosk_counts (kiosk, seq, week, metric, key, count)
                     SELECT 'k' || lpad(k::text, 3, '0'), w * {per_week} + r + 1, date '2026-01-05' + 7 * w, 'aid_found', 'aide_' || r, 11 + (r * k) % 40
                     FROM generate_series(0, 199) k, generate_series(0, 51) w, generate_series(0, {per_week - 1}) r"""])
    size = must(psql + ["-d", "borne_hub", "-c", "SELECT pg_size_pretty(pg_total_relation_size('kiosk_counts')) || ' for ' || count(*) || ' rows' FROM kiosk_counts"]).strip()
    print(f"fleet hub: a year of 200 kiosks ({per_week} records a kiosk a week): {size} (table and indexes; bulk insert {time.time() - t1:.1f} s)")
finally:
    for p in reversed(procs):
        if p.poll() is None:
            os.killpg(p.pid, signal.SIGTERM)
            p.wait(30)
    shutil.rmtree(work, ignore_errors=True)
