#!/usr/bin/env python3
"""A fleet on loopback: a hub (PostgreSQL 15, rsyslog RELP over TLS into it, Prometheus, Alertmanager) and four
kiosks (each its SQLite file, `borne fleet export`, its own rsyslog with a disk queue, its node-exporter with the
textfile collector fed by `borne fleet gauges`). Every server is a Debian package's program run as this user
(PostgreSQL as "postgres" when we are root) from a temp dir, started and stopped here. The configuration files
come from image/hub/hub-setup itself, run with --root into a folder of the temp dir (it writes every file a hub
gets, paths inside them under that folder, and checks them with rsyslogd -N1 and promtool, installing and starting
nothing): the hub's rsyslog, PostgreSQL's statements (role, schema, grants), Prometheus, Alertmanager and nginx run
from those files, so a broken hub-setup fails here. Only Prometheus' targets (the kiosks' loopback ports) and the
alert rules' `for:` (shortened) are rewritten by the test.

Run inside tests/printing/cups_sandbox.sh (a private cupsd + ippeveprinter): kiosk k2's printer runs out of paper.

Checks: statistics arrive exactly once (also after the hub's rsyslog was stopped for a while, a kiosk's rsyslog
killed -9 mid-backlog, and records written twice by a kiosk); the hub's counts equal each kiosk's `borne stats`;
a removed kiosk is refused; a paper-out raises exactly one alert and its end resolves it; staged rollouts (pilots k1
and k2, then everyone): an update waits for the maintenance window and for an open visit's end (the kiosk's visit
lock, held by tests/fleet/hold_visit), a software update's reboot waits for a visit begun during its install and
for the window, then comes once, a stop threshold of one refusal lets the rollout go on after one and stops it
after two, a tampered rules pack and a tampered .swu are fetched and refused by every kiosk, each refusal reaching the
hub's Prometheus; the report masks every cell under 10 visits. Closes with "N passed, N failed".
"""
import argparse
import concurrent.futures
import glob
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request

ap = argparse.ArgumentParser()
ap.add_argument("--source", required=True)
ap.add_argument("--borne", required=True)
ap.add_argument("--seed", required=True)
ap.add_argument("--hold-visit", required=True, help="tests/fleet/hold_visit: a kiosk's visit lock, held as the app holds it")
ap.add_argument("--keep", action="store_true", help="keep the temp dir (its logs) at the end")
args = ap.parse_args()
HUB = os.path.join(args.source, "image", "hub")
ROOT = os.geteuid() == 0

passed, failed = 0, 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok   {name}", flush=True)
    else:
        failed += 1
        print(f"FAIL {name} {detail}", flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def free_ports(n):
    """A first port with the n - 1 after it free too: the hub's RELP port, then one listener per kiosk after it."""
    while True:
        base = free_port()
        if base + n < 65536 and all(port_free(base + i) for i in range(1, n)):
            return base


def port_free(port):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
            return True
        except OSError:
            return False


def wait_port(port, proc, seconds=20):
    end = time.time() + seconds
    while time.time() < end:
        if proc.poll() is not None:
            return False
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return True
        time.sleep(0.1)
    return False


# The waits end as soon as their condition holds; the bound is for a machine loaded by the rest of `ctest -j`.
WAIT = 120
# A kiosk's rsyslog finds a connection the hub closed within one heartbeat (hub-config kiosk-rsyslog --heartbeat):
# short here so that the test is quick, 60 s on a kiosk.
HEARTBEAT = 3


def wait_for(what, predicate, seconds):
    end = time.time() + seconds
    while time.time() < end:
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    print(f"     (gave up waiting for {what} after {seconds} s)", flush=True)
    return predicate()


work = tempfile.mkdtemp(prefix="borne-fleet-")
os.chmod(work, 0o755)  # PostgreSQL runs as "postgres" under root
procs = {}


def start(name, argv, port=None, user=None):
    log = open(os.path.join(work, f"{name}.log"), "ab")
    if user:
        argv = ["runuser", "-u", user, "--"] + argv
    p = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    procs[name] = p
    if port and not wait_port(port, p):
        raise SystemExit(f"{name} did not start: see {log.name}")
    return p


def stop(name, sig=signal.SIGTERM):
    p = procs.pop(name, None)
    if p and p.poll() is None:
        os.killpg(p.pid, sig)
        try:
            p.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()


def run(argv, **kw):
    return subprocess.run(argv, capture_output=True, text=True, **kw)


def must(argv, **kw):
    r = run(argv, **kw)
    if r.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({r.returncode}): {r.stdout}{r.stderr}")
    return r.stdout


def http_json(url):
    with urllib.request.urlopen(url, timeout=5) as r:
        return json.load(r)


def cleanup():
    for name in reversed(list(procs)):
        stop(name)
    if args.keep or failed:
        print(f"(logs kept in {work})")
    else:
        shutil.rmtree(work, ignore_errors=True)


try:
    t0 = time.time()
    relp_port = free_ports(6)  # hub-ca numbers the kiosks 1, 2…: their listeners are relp_port + 1…
    pg_port, am_port, prom_port, ng_port = (free_port() for _ in range(4))
    hub_root = os.path.join(work, "hub")

    def hub_setup():
        """image/hub/hub-setup as on a hub, its files under hub_root, loopback ports."""
        must([os.path.join(HUB, "hub-setup"), "--root", hub_root, "--relp-address", "127.0.0.1", "--relp-port", str(relp_port),
              "--pg-port", str(pg_port), "--bundles-listen", f"127.0.0.1:{ng_port}", "--alertmanager", f"127.0.0.1:{am_port}",
              "--interval", "1s"])

    hub_setup()  # the CA (hub-ca init) and every file
    pki = os.path.join(hub_root, "etc", "borne-hub", "pki")
    kiosks = ["k1", "k2", "k3", "k4"]
    PILOT = ("k1", "k2")  # the rollouts' pilot group: two, so that a threshold of one refusal can be passed
    for k in kiosks:
        must([os.path.join(HUB, "hub-ca"), "enrol", pki, k])
    hub_setup()  # as README says after enrolling: the peers, targets and nginx map again

    # --- PostgreSQL 15 in a temp dir.
    pgbin = sorted(glob.glob("/usr/lib/postgresql/*/bin"))[-1]
    pgdata = os.path.join(work, "pgdata")
    os.mkdir(pgdata, 0o700)
    pg_user = "postgres" if ROOT else None
    if ROOT:
        shutil.chown(pgdata, "postgres", "postgres")
    initdb = [f"{pgbin}/initdb", "-D", pgdata, "-A", "trust", "-U", "borne", "-E", "UTF8", "--locale=C", "--no-sync"]
    must(["runuser", "-u", "postgres", "--"] + initdb if ROOT else initdb)
    start("postgres", [f"{pgbin}/postgres", "-D", pgdata, "-k", pgdata, "-p", str(pg_port), "-c", "listen_addresses=127.0.0.1",
                       "-c", "fsync=off"], port=pg_port, user=pg_user)
    # Its port opens before it accepts connections (« the database system is starting up »: seen once, 2026-12-07).
    if not wait_for("PostgreSQL to accept connections", lambda: run(["pg_isready", "-q", "-h", "127.0.0.1", "-p", str(pg_port)]).returncode == 0, WAIT):
        raise SystemExit(f"PostgreSQL does not accept connections: see {work}/postgres.log")
    psql = ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1", "-p", str(pg_port), "-U", "borne"]
    must(psql + ["-d", "postgres", "-c", "CREATE DATABASE borne_hub"])
    database_sql = os.path.join(hub_root, "etc", "borne-hub", "database.sql")  # role borne_ingest, schema, grants
    must(psql + ["-d", "borne_hub", "-f", database_sql])
    must(psql + ["-d", "borne_hub", "-f", database_sql])  # hub-setup runs it at every call

    def sql(query):
        return must(psql + ["-d", "borne_hub", "-A", "-t", "-c", query]).strip()

    # --- The hub's rsyslog: RELP + TLS in, ompgsql out, connecting as borne_ingest (it may only call borne_ingest()).
    def kiosk_port(k):  # its own listener on the hub: the RELP port + the number hub-ca enrol gave it
        return relp_port + int(open(os.path.join(pki, "kiosks", f"{k}.port")).read())

    def start_hub_rsyslog():
        path = os.path.join(hub_root, "etc", "rsyslog.d", "50-borne-hub.conf")
        start("hub-rsyslog", ["rsyslogd", "-n", "-f", path, "-i", os.path.join(work, "hub-rsyslog.pid")], port=kiosk_port("k1"))

    start_hub_rsyslog()

    # --- The kiosks: statistics, their rsyslog, their node-exporter.
    def kdir(k):
        return os.path.join(work, k)

    def seed(k, lines):
        r = subprocess.run([args.seed, os.path.join(kdir(k), "borne.sqlite")], input=lines, capture_output=True, text=True)
        if r.returncode != 0:
            raise SystemExit(f"seed {k}: {r.stderr}")

    def fleet_dir(k):  # <data>/fleet, as on the image: what `hub-ca kiosk-files` wrote, the outbox, rsyslog's queue
        return os.path.join(kdir(k), "fleet")

    def export(k, today):
        return must([args.borne, "fleet", "export", "--kiosk", k, "--outbox", os.path.join(fleet_dir(k), "outbox.jsonl"),
                     "--db", os.path.join(kdir(k), "borne.sqlite"), "--today", today])

    def outbox_records(k):
        with open(os.path.join(fleet_dir(k), "outbox.jsonl")) as f:
            return [json.loads(line) for line in f]

    def start_kiosk_rsyslog(k):  # as borne-fleet-rsyslog.service does
        d = fleet_dir(k)
        must([os.path.join(args.source, "image", "rootfs", "usr", "lib", "borne", "kiosk-rsyslog-replay"), os.path.join(d, "rsyslog"), os.path.join(d, "rsyslog.pid")])
        start(f"{k}-rsyslog", ["rsyslogd", "-n", "-f", os.path.join(d, "rsyslog.conf"), "-i", os.path.join(d, "rsyslog.pid")])

    # Week of 2026-11-02 (a Monday): k1 busy, k2 middling, k3 small (its cells must be masked), k4 small.
    week_a = {
        "k1": "2026-11-02 1 200 1 rsa,apl - 12\n2026-11-03 1 500 1 rsa - 6 ar\n2026-11-04 1 700 0 - - 3\n2026-11-05 0 90 0 - foyer.enfants 11 en\n",
        "k2": "2026-11-03 1 250 1 apl - 10\n2026-11-06 0 60 0 - ressources.salaire 4\n",
        "k3": "2026-11-04 1 300 1 rsa - 3\n2026-11-04 0 30 0 - accueil 2\n",
        "k4": "2026-11-05 1 400 0 prime_activite - 2\n",
    }
    node_ports = {}
    for k in kiosks:
        d = kdir(k)
        os.makedirs(os.path.join(d, "textfile"))
        # Enrolment's files for the kiosk's data partition (fleet.env, tls/, rsyslog.conf with paths under <data>/fleet).
        must([os.path.join(HUB, "hub-ca"), "kiosk-files", pki, k, fleet_dir(k), "--hub", "127.0.0.1", "--relp-port", str(relp_port),
              "--data", d, "--heartbeat", str(HEARTBEAT), "--channel", "pilot" if k in PILOT else "all"])
        os.makedirs(os.path.join(fleet_dir(k), "rsyslog"))
        seed(k, week_a[k])
        export(k, "2026-11-10")
        start_kiosk_rsyslog(k)
        if k != "k4":
            node_ports[k] = free_port()
            start(f"{k}-node-exporter", ["prometheus-node-exporter", f"--web.listen-address=127.0.0.1:{node_ports[k]}",
                                         "--collector.disable-defaults", "--collector.textfile",
                                         f"--collector.textfile.directory={d}/textfile"], port=node_ports[k])

    def expected_rows():
        return {(r["kiosk"], r["seq"]) for k in kiosks for r in outbox_records(k) if r["kiosk"] != "k4" or r["seq"] <= k4_accepted}

    k4_accepted = 10**9

    def hub_rows():
        out = sql("SELECT kiosk || ' ' || seq FROM kiosk_counts")
        return [tuple([line.split()[0], int(line.split()[1])]) for line in out.splitlines() if line]

    def arrived_exactly():
        rows = hub_rows()
        return len(rows) == len(set(rows)) and set(rows) == expected_rows()

    check("week A: every kiosk's records arrive", wait_for("week A", arrived_exactly, WAIT),
          f"{len(hub_rows())} rows, expected {len(expected_rows())}")
    check("no line was rejected", sql("SELECT count(*) FROM fleet_rejects") == "0", sql("SELECT reason FROM fleet_rejects LIMIT 3"))

    # --- The hub's rsyslog stopped for a while: the kiosks keep writing, k1's rsyslog is killed mid-backlog.
    stop("hub-rsyslog")
    week_b = {
        "k1": "2026-11-09 1 200 1 rsa - 15\n2026-11-10 0 100 0 - logement.statut 10\n",
        "k2": "2026-11-12 1 150 1 apl,rsa - 9 en\n",
        "k3": "2026-11-13 1 800 0 - - 2\n",
        "k4": "",
    }
    for k in kiosks:
        seed(k, week_b[k])
        export(k, "2026-11-17")
    # k2 wrote its records twice (a crash between the outbox and its state): same numbers, stored once.
    os.remove(os.path.join(fleet_dir("k2"), "outbox.jsonl.state"))
    export("k2", "2026-11-17")
    time.sleep(3)
    stop("k1-rsyslog", signal.SIGKILL)
    start_kiosk_rsyslog("k1")
    time.sleep(2)
    offline = len(hub_rows())
    check("nothing arrives while the hub's rsyslog is down", set(hub_rows()) != expected_rows() and offline > 0)
    backlog = len(expected_rows()) - offline
    t_back = time.time()
    start_hub_rsyslog()
    ok = wait_for("the backlog", arrived_exactly, WAIT)
    took = time.time() - t_back
    check("after the hub came back: every record exactly once (k1 killed -9, k2's records written twice)", ok,
          f"{len(hub_rows())} rows, {len(set(hub_rows()))} distinct, expected {len(expected_rows())}")
    print(f"     backlog of {backlog} records delivered {took:.1f} s after the hub's rsyslog restarted", flush=True)
    k2_lines = len(outbox_records("k2"))
    k2_rows = int(sql("SELECT count(*) FROM kiosk_counts WHERE kiosk = 'k2'"))
    check("k2's outbox has duplicates, the hub one row each", k2_lines > k2_rows and k2_rows == len({r["seq"] for r in outbox_records("k2")}),
          f"{k2_lines} lines, {k2_rows} rows")

    # --- The hub's counts equal each kiosk's own `borne stats`.
    for k in ("k1", "k2", "k3"):
        csv = must([args.borne, "stats", "--format", "csv", "--db", os.path.join(kdir(k), "borne.sqlite")]).splitlines()
        header = csv[0].split(",")
        mine = {}
        for line in csv[1:]:
            f = dict(zip(header, line.split(",")))
            if f["semaine"] != "total":
                mine[f["semaine"]] = (int(f["commencees"]), int(f["terminees"]), int(f["tickets_imprimes"]))
        hub = {}
        for line in sql(f"""SELECT week, sum(count) FILTER (WHERE metric='started'), sum(count) FILTER (WHERE metric='completed'),
                           coalesce(sum(count) FILTER (WHERE metric='slip_printed'), 0) FROM kiosk_counts WHERE kiosk = '{k}'
                           GROUP BY week ORDER BY week""").splitlines():
            w, s, c, p = line.split("|")
            hub[w] = (int(s), int(c or 0), int(p))
        check(f"{k}: the hub's weekly started/completed/slips equal `borne stats`", hub == mine, f"hub {hub} kiosk {mine}")

    # --- Visits per language: what each kiosk was given (the seed lines' last field, French when absent) arrives as is.
    def seeded_languages(k):
        out = {}
        for week in (week_a, week_b):
            for line in week[k].splitlines():
                f = line.split()
                key = (monday(f[0]), f[7] if len(f) > 7 else "fr")
                out[key] = out.get(key, 0) + (int(f[6]) if len(f) > 6 else 1)
        return out

    def monday(day):
        import datetime
        d = datetime.date.fromisoformat(day)
        return (d - datetime.timedelta(days=d.weekday())).isoformat()

    for k in ("k1", "k2", "k3"):
        hub = {(w, l): int(n) for w, l, n in (line.split("|") for line in sql(
            f"SELECT week, key, sum(count) FROM kiosk_counts WHERE kiosk = '{k}' AND metric = 'language' GROUP BY week, key").splitlines())}
        check(f"{k}: the hub's visits per language and week are the kiosk's", hub == seeded_languages(k), f"hub {hub} seeded {seeded_languages(k)}")

    # --- A removed kiosk is refused.
    must([os.path.join(HUB, "hub-ca"), "remove", pki, "k4"])
    hub_setup()
    stop("hub-rsyslog")
    start_hub_rsyslog()
    k4_accepted = max(r["seq"] for r in outbox_records("k4"))
    seed("k4", "2026-11-17 1 400 1 rsa - 20\n")
    export("k4", "2026-11-24")
    seed("k1", "2026-11-18 1 300 1 rsa - 10\n")  # a kiosk still enrolled, sent at the same time
    export("k1", "2026-11-24")
    ok = wait_for("k1's new week", arrived_exactly, WAIT)
    time.sleep(4)  # k4's rsyslog retries every 2 s
    k4_rows = int(sql("SELECT count(*) FROM kiosk_counts WHERE kiosk = 'k4'"))
    check("removed kiosk k4: its new records are refused (its listener is gone), k1's arrive", ok and k4_rows == k4_accepted,
          f"k4 rows {k4_rows}, accepted before removal {k4_accepted}")
    # Pointed at k1's listener, k4's certificate (of the fleet's CA still) is refused by name.
    k4_conf = os.path.join(fleet_dir("k4"), "rsyslog.conf")
    conf = re.sub(r'port="\d+"', f'port="{kiosk_port("k1")}"', open(k4_conf).read())
    open(k4_conf, "w").write(conf)
    stop("k4-rsyslog")
    start_kiosk_rsyslog("k4")
    refused = lambda: re.search(r"no permited name found'?, peer is 'DNSname: k4;", open(os.path.join(work, "hub-rsyslog.log"), errors="replace").read())
    check("k4 at k1's listener: the hub's rsyslog refuses its name and says so", wait_for("k4's refusal", refused, 30) is not None)
    k4_rows = int(sql("SELECT count(*) FROM kiosk_counts WHERE kiosk = 'k4'"))
    check("nothing of k4's arrives through k1's listener", k4_rows == k4_accepted, f"k4 rows {k4_rows}")

    # An enrolled kiosk cannot write under another's id: a line in k1's outbox claiming k2 is rejected, saying why.
    with open(os.path.join(fleet_dir("k1"), "outbox.jsonl"), "a") as f:
        f.write(json.dumps({"v": 1, "kiosk": "k2", "seq": 999, "week": "2026-11-16", "metric": "started", "key": "", "count": 50}) + "\n")
    forged = wait_for("the forged record's rejection", lambda: sql("SELECT reason FROM fleet_rejects WHERE line LIKE '%\"seq\": 999%'"), WAIT)
    check("k1 claiming k2's id: rejected (kiosk k2 sent by k1), not counted", forged == "kiosk k2 sent by k1"
          and sql("SELECT count(*) FROM kiosk_counts WHERE seq = 999") == "0", f"reason « {forged} »")

    # --- Prometheus + Alertmanager: k2's printer runs out of paper during opening hours.
    prom_etc = os.path.join(hub_root, "etc", "prometheus")
    start("alertmanager", ["prometheus-alertmanager", f"--config.file={prom_etc}/alertmanager.yml", f"--storage.path={work}/am",
                           f"--web.listen-address=127.0.0.1:{am_port}", "--cluster.listen-address="], port=am_port)
    # What the test changes in hub-setup's files: the rules' delays, and the targets (loopback ports, not KIOSK.DOMAIN:9100).
    rules_file = os.path.join(prom_etc, "borne-alerts.yml")
    rules = re.sub(r"for: \w+", "for: 3s", open(rules_file).read())
    open(rules_file, "w").write(rules)
    targets = [{"targets": [f"127.0.0.1:{node_ports[k]}"], "labels": {"kiosk": k, "group": "pilot" if k in PILOT else "all"}} for k in node_ports]
    open(os.path.join(prom_etc, "borne-kiosks.json"), "w").write(json.dumps(targets))
    must(["promtool", "check", "config", f"{prom_etc}/prometheus.yml"])
    start("prometheus", ["prometheus", f"--config.file={prom_etc}/prometheus.yml", f"--storage.tsdb.path={work}/tsdb",
                         f"--web.listen-address=127.0.0.1:{prom_port}"], port=prom_port)

    site = os.path.join(work, "site.yaml")
    days = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
    open(site, "w").write("site:\n  nom: Test\n  commune: \"01053\"\n  horaires:\n" + "".join(f"    {d}: 00:00-23:59\n" for d in days))
    must([args.borne, "config", "check", site])
    queues = {"k1": os.environ["BORNE_TEST_RAW_QUEUE"], "k2": os.environ["BORNE_TEST_PDF_QUEUE"], "k3": os.environ["BORNE_TEST_RAW_QUEUE"]}

    # k3's printer is an ESC/POS one on a serial port: a pseudo-terminal whose other end answers DLE EOT 1/2/4 as an
    # Epson TM-T20 does (status bytes from its reference), with paper or without.
    escpos_master, escpos_slave = os.openpty()
    escpos_port = os.ttyname(escpos_slave)
    escpos_state = {"paper": 0x12}  # 0x12: paper present; 0x72: roll paper end

    def escpos_printer():
        heard = b""
        while True:
            try:
                heard += os.read(escpos_master, 64)
            except OSError:
                return
            while len(heard) >= 3:
                query, heard = heard[:3], heard[3:]
                if query[:2] == b"\x10\x04":
                    answer = {1: 0x12, 2: 0x32 if escpos_state["paper"] == 0x72 else 0x12, 4: escpos_state["paper"]}.get(query[2], 0x12)
                    os.write(escpos_master, bytes([answer]))

    threading.Thread(target=escpos_printer, daemon=True).start()

    def write_gauges():
        for k, q in queues.items():
            must([args.borne, "fleet", "gauges", "--out", os.path.join(kdir(k), "textfile", "borne.prom"), "--config", site,
                  "--printer", q, "--data", kdir(k)] + (["--escpos", escpos_port] if k == "k3" else []))

    def prom_value(query):
        """The value of an instant query for each kiosk, from the hub's Prometheus."""
        got = http_json(f"http://127.0.0.1:{prom_port}/api/v1/query?query={urllib.parse.quote(query)}")["data"]["result"]
        return {r["metric"].get("kiosk"): r["value"][1] for r in got}

    def paper_alerts():
        alerts = http_json(f"http://127.0.0.1:{am_port}/api/v2/alerts?active=true")
        return [a for a in alerts if a["labels"].get("alertname") == "BornePaperOut" and a["status"]["state"] == "active"]

    write_gauges()
    time.sleep(3)
    check("no paper alert while every printer has paper", paper_alerts() == [], str(paper_alerts()))
    # BorneDiskNearlyFull's inputs (its threshold: fleet_alert_rules): the data partition as statvfs gives it for --data.
    disk = os.statvfs(kdir("k1"))
    size = wait_for("k1's disk gauges", lambda: prom_value("borne_data_size_bytes").get("k1"), 30)
    free = prom_value("borne_data_free_bytes").get("k1")
    check("the hub sees k1's data partition: its size, and free space within it", size is not None and free is not None
          and float(size) == disk.f_blocks * disk.f_frsize and 0 < float(free) <= float(size), f"size {size} free {free}")

    open(os.environ["BORNE_TEST_PAPER_OUT"], "w").close()
    persona = os.path.join(args.source, "tests", "personas", "parent-isole.json")
    r = run([args.borne, "print", persona, "--printer", queues["k2"], "--month", "2026-05", "--data", kdir("k2")])
    check("the slip is refused for want of paper", r.returncode != 0, r.stdout + r.stderr)

    def one_alert():
        write_gauges()
        a = paper_alerts()
        return a if len(a) >= 1 else None

    got = wait_for("the paper-out alert", one_alert, WAIT)
    time.sleep(2)
    write_gauges()
    final = paper_alerts()
    check("paper out on k2: exactly one alert, for k2", got and len(final) == 1 and final[0]["labels"].get("kiosk") == "k2",
          json.dumps([a["labels"] for a in final]))

    os.remove(os.environ["BORNE_TEST_PAPER_OUT"])
    subprocess.run(os.environ["BORNE_TEST_PAPER_BACK"], shell=True)
    check("the hub sees k2's last slip failed (borne_last_print_ok 0)", wait_for("k2's last print", lambda: write_gauges() or prom_value(
        "borne_last_print_ok").get("k2") == "0", WAIT), str(prom_value("borne_last_print_ok")))
    r = run([args.borne, "print", persona, "--printer", queues["k2"], "--month", "2026-05", "--data", kdir("k2")])
    check("paper back: the slip prints", r.returncode == 0, r.stdout + r.stderr)

    def resolved():
        write_gauges()
        return paper_alerts() == []

    check("paper back: the alert resolves", wait_for("the alert to resolve", resolved, WAIT), json.dumps([a["labels"] for a in paper_alerts()]))
    printed = wait_for("k2's slip printed", lambda: write_gauges() or prom_value("borne_last_print_ok").get("k2") == "1", WAIT)
    printed_at = prom_value("borne_last_print_seconds").get("k2")
    check("the hub sees k2's last slip printed, with its time", printed and printed_at and abs(float(printed_at) - time.time()) < WAIT,
          f"{prom_value('borne_last_print_ok')} at {printed_at}")

    # The same alert from the ESC/POS status: k3's serial printer reports its roll ended (CUPS's raw queue knows nothing).
    escpos_state["paper"] = 0x72
    got = wait_for("the ESC/POS paper-out alert", lambda: write_gauges() or [a["labels"].get("kiosk") for a in paper_alerts()] == ["k3"], WAIT)
    check("ESC/POS paper end on k3: exactly one alert, for k3", got, json.dumps([a["labels"] for a in paper_alerts()]))
    escpos_state["paper"] = 0x12
    check("ESC/POS paper back: the alert resolves", wait_for("the ESC/POS alert to resolve", resolved, WAIT),
          json.dumps([a["labels"] for a in paper_alerts()]))

    # --- Staged rollout of a rules pack through the bundle server (nginx, mutual TLS): pilots k1 and k2, then everyone.
    bundles = os.path.join(hub_root, "srv", "borne", "bundles")
    os.makedirs(os.path.join(work, "nginx"))
    server = open(os.path.join(hub_root, "etc", "nginx", "sites-available", "borne-bundles")).read()  # hub-setup's server block
    open(os.path.join(work, "nginx.conf"), "w").write(
        f"daemon off; pid {work}/nginx.pid; error_log {work}/nginx-error.log; events {{}}\n"
        f"http {{ access_log {work}/nginx-access.log; client_body_temp_path {work}/nginx/body; proxy_temp_path {work}/nginx/proxy;\n"
        f"fastcgi_temp_path {work}/nginx/fastcgi; uwsgi_temp_path {work}/nginx/uwsgi; scgi_temp_path {work}/nginx/scgi;\n{server}}}\n")
    start("nginx", ["nginx", "-p", os.path.join(work, "nginx"), "-c", os.path.join(work, "nginx.conf")], port=ng_port)
    rollout = os.path.join(HUB, "hub-rollout")
    prom_url = f"http://127.0.0.1:{prom_port}"
    test_ca = os.path.join(args.source, "image", "keys", "test", "ca.crt")

    fleet_update = os.path.join(args.source, "image", "rootfs", "usr", "lib", "borne", "fleet-update")
    # The site's hours for the update window: open on Wednesday 2026-11-18 from 08:30 (the kiosk's local time).
    update_site = os.path.join(work, "site-update.yaml")
    open(update_site, "w").write("site:\n  nom: Test\n  commune: \"01053\"\n  horaires:\n    mercredi: 08:30-12:00 13:30-16:30\n")
    OPEN, CLOSED = "2026-11-18T10:00", "2026-11-18T20:00"

    def update_run(k, at=CLOSED):
        """The kiosk's update timer: image/rootfs/usr/lib/borne/fleet-update, as the image runs it."""
        env = dict(line.strip().split("=", 1) for line in open(os.path.join(fleet_dir(k), "fleet.env")) if "=" in line)
        return run([fleet_update, "--hub", f"https://hub:{ng_port}", "--channel", env["CHANNEL"], "--tls", os.path.join(fleet_dir(k), "tls"),
                    "--data", kdir(k), "--config", update_site, "--pack-ca", test_ca, "--at", at, "--resolve", f"hub:{ng_port}:127.0.0.1",
                    "--borne", args.borne])

    def update(k, at=CLOSED):
        return update_run(k, at).returncode

    def open_visit(k):
        """A visit on kiosk k: its visit lock held as the app holds it from « Commencer » to the wipe, until end_visit."""
        p = subprocess.Popen([args.hold_visit, kdir(k)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        if p.stdout.readline().strip() != "visit open":
            raise SystemExit(f"hold_visit {k} failed ({p.wait()})")
        return p

    def end_visit(p):
        p.stdin.close()
        p.wait(10)

    def last_tried(k, track="update"):  # what fleet-update recorded for a track: (version, result), None before any
        path = os.path.join(fleet_dir(k), f"{track}.last")
        return tuple(open(path).read().split()[:2]) if os.path.exists(path) else None

    def put_in_channel(channel_dir, version, bundle):
        """Straight into a channel, as someone with write access to the bundle server could: the kiosks' own checks are
        what stand between it and them (the server is trusted with delivery only)."""
        shutil.copyfile(bundle, os.path.join(channel_dir, "current" + os.path.splitext(bundle)[1]))
        open(os.path.join(channel_dir, "current.version"), "w").write(version + "\n")

    def running_version(k):  # what <data>/rules/current points at (image/UPDATES.md), None before any pack
        link = os.path.join(kdir(k), "rules", "current")
        return os.path.basename(os.readlink(link)) if os.path.islink(link) else None

    def channel_status(k):  # HTTP status of the pilot channel for kiosk k's certificate
        r = run(["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "--resolve", f"hub:{ng_port}:127.0.0.1", "--cacert", f"{pki}/ca.crt",
                 "--cert", f"{fleet_dir(k)}/tls/kiosk.crt", "--key", f"{fleet_dir(k)}/tls/kiosk.key", f"https://hub:{ng_port}/pilot/current.version"])
        return r.stdout

    import datetime
    soon = (datetime.date.today() + datetime.timedelta(days=20)).isoformat()
    good = os.path.join(work, "good.pack")
    must([args.borne, "rules", "pack", "build", os.path.join(args.source, "rules"), "--out", good, "--version", "2026.90",
          "--valid-from", "2026-01-01", "--valid-until", soon])
    must([rollout, "publish", "--bundles", bundles, "--version", "2026.90", good])
    got = update("k1", at=OPEN)
    check("published while the site is open: the pilot kiosk waits for the maintenance window", got == 0 and running_version("k1") is None,
          f"rc {got}, running {running_version('k1')}")
    # Closed, but a visitor is still at k1 (its visit lock held): it waits for the visit's end, then installs.
    visit = open_visit("k1")
    r = update_run("k1")
    check("site closed, a visit still open on k1: it waits (« visite en cours »), nothing installed",
          r.returncode == 0 and "visite est en cours" in r.stdout and running_version("k1") is None and last_tried("k1") is None,
          f"rc {r.returncode}, running {running_version('k1')}: {r.stdout}{r.stderr}")
    end_visit(visit)
    got = {k: (update(k), running_version(k)) for k in queues}
    check("site closed, the visit over: the pilot kiosks install it, the other finds nothing yet",
          got == {"k1": (0, "2026.90"), "k2": (0, "2026.90"), "k3": (0, None)}, str(got))
    check("removed kiosk k4 is refused by the bundle server (403), enrolled k1 gets in", (channel_status("k4"), channel_status("k1")) == ("403", "200"),
          f"k4 {channel_status('k4')} k1 {channel_status('k1')}")

    def promoted():
        write_gauges()
        return run([rollout, "promote", "--bundles", bundles, "--version", "2026.90", "--prometheus", prom_url]).returncode == 0

    check("the pilots run it: the rollout is promoted to everyone", wait_for("promotion", promoted, WAIT))
    got = {k: (update(k), running_version(k)) for k in queues}
    check("then every kiosk runs it", got == {"k1": (0, "2026.90"), "k2": (0, "2026.90"), "k3": (0, "2026.90")}, str(got))

    def expiring():
        write_gauges()
        alerts = http_json(f"http://127.0.0.1:{am_port}/api/v2/alerts?active=true")
        return sorted(a["labels"]["kiosk"] for a in alerts if a["labels"].get("alertname") == "BorneRulesExpiring")

    check("rules valid 20 more days: BorneRulesExpiring for each kiosk", wait_for("expiring alerts", lambda: expiring() == ["k1", "k2", "k3"], WAIT),
          str(expiring()))

    bad = os.path.join(work, "tampered.pack")
    must([args.borne, "rules", "pack", "build", os.path.join(args.source, "rules"), "--out", bad, "--version", "2026.91",
          "--valid-from", "2026-01-01", "--valid-until", "2099-12-31"])
    data = bytearray(open(bad, "rb").read())
    data[len(data) // 2] ^= 0xFF
    open(bad, "wb").write(bytes(data))
    must([rollout, "publish", "--bundles", bundles, "--version", "2026.91", bad])
    got = update("k1")
    check("a tampered pack: pilot k1 refuses it and keeps 2026.90", got == 1 and running_version("k1") == "2026.90",
          f"rc {got}, running {running_version('k1')}")

    # A pack whose files differ from its signed manifest is refused before its version is trusted: the kiosk reports
    # the refusal with version "" (packs' status), which hub-rollout counts against the rollout under way, as here.
    def refusals_seen(version, metric='borne_rules_install_refused{{version=~"{}|"}}'):
        """The kiosks whose refusal of `version` the hub's Prometheus has (their gauges, written again now)."""
        write_gauges()
        return sorted(prom_value(metric.format(version)))

    def promote_rules(version, max_refused):
        return run([rollout, "promote", "--bundles", bundles, "--version", version, "--prometheus", prom_url, "--max-refused", str(max_refused)])

    # A stop threshold of one refusal: one pilot of two refused, the rollout goes on; the second too, it stops.
    wait_for("k1's refusal at the hub", lambda: refusals_seen("2026.91") == ["k1"], WAIT)
    r = promote_rules("2026.91", 1)
    check("--max-refused 1, one pilot refused: the rollout goes on (waiting, still in pilot/)",
          r.returncode == 3 and "refused it ['k1']" in r.stdout and os.path.exists(os.path.join(bundles, "pilot", "current.pack")),
          f"rc {r.returncode}: {r.stdout}{r.stderr}")
    got = update("k2")
    check("pilot k2 fetches it too, refuses it, keeps 2026.90", got == 1 and running_version("k2") == "2026.90",
          f"rc {got}, running {running_version('k2')}")
    check("--max-refused 1, both pilots refused: the rollout stops, withdrawn from pilot, never in all",
          wait_for("the rollout to stop", lambda: refusals_seen("2026.91") == ["k1", "k2"] and promote_rules("2026.91", 1).returncode == 1, WAIT)
          and not os.path.exists(os.path.join(bundles, "pilot", "current.pack"))
          and open(os.path.join(bundles, "all", "current.version")).read().strip() == "2026.90")
    # The same pack written straight into all/: the last kiosk polls it and refuses it too. Every kiosk has then
    # fetched the tampered pack through fleet-update, refused it, kept its pack, and said so to the hub.
    all_dir = os.path.join(bundles, "all")
    put_in_channel(all_dir, "2026.91", bad)
    got = update("k3")
    for k in queues:
        check(f"{k}: the tampered pack fetched and refused (fleet-update), 2026.90 kept", last_tried(k) == ("2026.91", "refused")
              and running_version(k) == "2026.90", f"tried {last_tried(k)}, running {running_version(k)}, k3's rc {got}")
    put_in_channel(all_dir, "2026.90", good)  # the operator puts back what was promoted

    # --- Software bundles (.swu) through the same channels (pilot/software/, all/software/), fleet-update --track software.
    # Here the installer is install-update --check: SWUpdate verifies the CMS signature and every image's hash, as on a
    # kiosk, but writes no slot (the host has none; boot_updates.py installs in qemu).
    sw_tmp = os.path.join(work, "swupdate-tmp")  # SWUpdate's sockets: a folder of our own
    os.makedirs(sw_tmp)
    cmdline = os.path.join(work, "cmdline")
    open(cmdline, "w").write("BOOT_IMAGE=/vmlinuz root=PARTLABEL=root-a ro borne.slot=a quiet\n")
    installer = os.path.join(work, "install-update-check")
    # A folder per run: two kiosks' SWUpdate may run at once, each with its own sockets.
    open(installer, "w").write(f"#!/bin/sh\nexport TMPDIR=$(mktemp -d {sw_tmp}/run.XXXXXX) BORNE_UPDATE_CA={test_ca} BORNE_CMDLINE={cmdline}\n"
                               f"exec {args.source}/image/install-update \"$1\" --check\n")
    os.chmod(installer, 0o755)
    root_img = os.path.join(work, "root.img")
    open(root_img, "wb").write(os.urandom(1 << 20))
    good_swu, bad_swu = os.path.join(work, "good.swu"), os.path.join(work, "tampered.swu")
    must([os.path.join(args.source, "image", "bundle"), "software", "--root", root_img, "--version", "9.9.1", "--out", good_swu])
    must([os.path.join(args.source, "image", "bundle"), "software", "--root", root_img, "--version", "9.9.2", "--out", bad_swu])
    data = bytearray(open(bad_swu, "rb").read())
    data[len(data) // 2] ^= 0x01  # in the root image (the description and its signature come first)
    open(bad_swu, "wb").write(bytes(data))

    def reboot_program(k):
        """What fleet-update runs to restart kiosk k: a line in its reboots file (software_reboots counts them)."""
        path = os.path.join(work, f"reboot-{k}")
        if not os.path.exists(path):
            open(path, "w").write(f"#!/bin/sh\necho reboot >>{os.path.join(work, k + '.reboots')}\n")
            os.chmod(path, 0o755)
        return path

    def software_reboots(k):
        path = os.path.join(work, k + ".reboots")
        return len(open(path).read().splitlines()) if os.path.exists(path) else 0

    def software_argv(k, at=CLOSED, installer=installer):
        env = dict(line.strip().split("=", 1) for line in open(os.path.join(fleet_dir(k), "fleet.env")) if "=" in line)
        return [fleet_update, "--track", "software", "--hub", f"https://hub:{ng_port}", "--channel", env["CHANNEL"],
                "--tls", os.path.join(fleet_dir(k), "tls"), "--data", kdir(k), "--config", update_site, "--at", at,
                "--resolve", f"hub:{ng_port}:127.0.0.1", "--borne", args.borne, "--installer", installer, "--reboot", reboot_program(k)]

    def update_software_run(k, at=CLOSED):
        return run(software_argv(k, at))

    def update_software(k, at=CLOSED):
        return update_software_run(k, at).returncode

    def software_tried(k):
        return last_tried(k, "software")

    must([rollout, "publish", "--track", "software", "--bundles", bundles, "--version", "9.9.1", good_swu])
    got = update_software("k1", at=OPEN)
    check("software 9.9.1 published while the site is open: the pilot kiosk waits", got == 0 and software_tried("k1") is None,
          f"rc {got}, tried {software_tried('k1')}")
    visit = open_visit("k1")
    r = update_software_run("k1")
    check("software: site closed, a visit open on k1: it waits (no download, no install, no reboot)",
          r.returncode == 0 and "visite est en cours" in r.stdout and software_tried("k1") is None, f"rc {r.returncode}: {r.stdout}{r.stderr}")
    end_visit(visit)
    got = {k: (update_software(k), software_tried(k)) for k in queues}
    check("site closed, no visit: the pilot kiosks download 9.9.1, SWUpdate accepts it; the other finds nothing yet",
          got == {"k1": (0, ("9.9.1", "installed")), "k2": (0, ("9.9.1", "installed")), "k3": (0, None)}, str(got))
    check("the pilot kiosks reboot into 9.9.1, once each; the other does not",
          [software_reboots(k) for k in queues] == [1, 1, 0], str([software_reboots(k) for k in queues]))
    got = update_software("k1")
    check("polled again after its reboot: 9.9.1 is not fetched again, no second reboot",
          got == 0 and software_reboots("k1") == 1, f"rc {got}, reboots {software_reboots('k1')}")
    check("the rules track is untouched by the software one", open(os.path.join(bundles, "all", "current.version")).read().strip() == "2026.90")

    def software_promoted():
        write_gauges()
        return run([rollout, "promote", "--track", "software", "--bundles", bundles, "--version", "9.9.1", "--prometheus", prom_url]).returncode == 0

    check("the pilots report 9.9.1 installed (borne_software_install): promoted to everyone", wait_for("software promotion", software_promoted, WAIT))
    # The last kiosk: a visitor comes while SWUpdate writes the slot (the installer stops midway until the visit is open).
    # The install goes on (it does not touch the visit), the reboot waits for the visit's end.
    installed_flag, go_flag = os.path.join(work, "k3-installed"), os.path.join(work, "k3-go")
    paused_installer = os.path.join(work, "install-update-then-wait")
    open(paused_installer, "w").write(f"#!/bin/sh\n{installer} \"$1\" || exit $?\ntouch {installed_flag}\n"
                                      f"while [ ! -e {go_flag} ]; do sleep 0.1; done\n")
    os.chmod(paused_installer, 0o755)
    poll = subprocess.Popen(software_argv("k3", installer=paused_installer), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for("k3's installer", lambda: os.path.exists(installed_flag) or poll.poll() is not None, WAIT)
    visit = open_visit("k3")
    open(go_flag, "w").close()
    out, err = poll.communicate(timeout=WAIT)
    check("a visit begun during k3's install: 9.9.1 installed, the reboot waits for the visit's end",
          poll.returncode == 0 and software_tried("k3") == ("9.9.1", "installed") and software_reboots("k3") == 0
          and "redémarrage sur 9.9.1 attend" in out, f"rc {poll.returncode}: {out}{err}")
    r = update_software_run("k3")
    check("k3 polled again, the visit still open: the reboot still waits",
          r.returncode == 0 and software_reboots("k3") == 0, f"rc {r.returncode}: {r.stdout}{r.stderr}")
    end_visit(visit)
    r = update_software_run("k3", at=OPEN)
    check("the visit over but the site open: the reboot still waits", r.returncode == 0 and software_reboots("k3") == 0,
          f"rc {r.returncode}: {r.stdout}{r.stderr}")
    r = update_software_run("k3")
    check("the visit over, the site closed: k3 reboots into 9.9.1, once", r.returncode == 0 and software_reboots("k3") == 1,
          f"rc {r.returncode}: {r.stdout}{r.stderr}")
    r = update_software_run("k3")
    check("then nothing is owed: no second reboot", r.returncode == 0 and software_reboots("k3") == 1 and "déjà essayée" in r.stdout,
          f"rc {r.returncode}: {r.stdout}{r.stderr}")

    must([rollout, "publish", "--track", "software", "--bundles", bundles, "--version", "9.9.2", bad_swu])
    got = update_software("k1")
    check("a tampered software bundle: the pilot kiosk refuses it", got == 1 and software_tried("k1") == ("9.9.2", "refused"),
          f"rc {got}, tried {software_tried('k1')}")

    def software_stopped():
        write_gauges()
        return run([rollout, "promote", "--track", "software", "--bundles", bundles, "--version", "9.9.2", "--prometheus", prom_url]).returncode == 1

    check("the refusal, reported through the gauges, stops the software rollout: 9.9.2 never reaches all/",
          wait_for("the software rollout to stop", software_stopped, WAIT)
          and not os.path.exists(os.path.join(bundles, "pilot", "software", "current.swu"))
          and open(os.path.join(bundles, "all", "software", "current.version")).read().strip() == "9.9.1")
    # Written straight into pilot/software/ and all/software/: the other kiosks poll it and SWUpdate refuses it on each.
    for channel_name in ("pilot", "all"):
        put_in_channel(os.path.join(bundles, channel_name, "software"), "9.9.2", bad_swu)
    with concurrent.futures.ThreadPoolExecutor() as pool:  # two kiosks, two SWUpdate runs at once: the test's time
        got = dict(zip(("k2", "k3"), pool.map(update_software, ("k2", "k3"))))
    for k in queues:
        check(f"{k}: the tampered .swu fetched and refused (fleet-update, SWUpdate)", software_tried(k) == ("9.9.2", "refused"),
              f"tried {software_tried(k)}, rc {got}")
    # Every refusal reported back: one wait for both tracks (the rules' refusal stays in each kiosk's gauges).
    software_refused = 'borne_software_install{{version="{}",result="refused"}}'
    wait_for("every refusal at the hub", lambda: refusals_seen("2026.91") == sorted(queues) and
             sorted(prom_value(software_refused.format("9.9.2"))) == sorted(queues), WAIT)
    check("the hub's Prometheus has each kiosk's refusal of the tampered pack (borne_rules_install_refused)",
          refusals_seen("2026.91") == sorted(queues), str(refusals_seen("2026.91")))
    check("the hub's Prometheus has each kiosk's refusal of the tampered .swu (borne_software_install)",
          sorted(prom_value(software_refused.format("9.9.2"))) == sorted(queues), str(prom_value(software_refused.format("9.9.2"))))

    # --- The report: every cell under 10 masked; what is shown equals the hub's sums.
    report = os.path.join(work, "report.html")
    out = must([args.borne, "hub", "report", "--conninfo", f"host=127.0.0.1 port={pg_port} dbname=borne_hub user=borne", "--out", report])
    html = open(report).read()
    numbers = [int(n) for n in re.findall(r"<td>(\d+)</td>", html)] + [int(n) for n in re.findall(r"<text x=\"\d+\" y=\"\d+\">(\d+)</text>", html)]
    check("report: cells shown, none under 10", numbers and min(numbers) >= 10, str(sorted(numbers)[:5]))
    k3_row = re.search(r"<tr><td>k3</td><td>2026-11-02</td>(.*?)</tr>", html)
    check("report: k3's small week is masked", k3_row and k3_row.group(1).count("&lt; 10") == 3, k3_row.group(0) if k3_row else "no row")
    k1_started = sql("SELECT sum(count) FROM kiosk_counts WHERE kiosk='k1' AND week='2026-11-02' AND metric='started'")
    check("report: k1's week shows its real count", re.search(rf"<tr><td>k1</td><td>2026-11-02</td><td>{k1_started}</td>", html) is not None,
          f"started {k1_started}")
    shown_total = sql("""SELECT sum(s) FROM (SELECT kiosk, sum(count) AS s FROM kiosk_counts WHERE week = '2026-11-02' AND metric = 'started'
                         GROUP BY kiosk) AS c WHERE s >= 10""")
    all_total = sql("SELECT sum(count) FROM kiosk_counts WHERE week = '2026-11-02' AND metric = 'started'")
    first_chart = html.split("</figure>")[0]
    bar = re.search(r">2026-11-02</text><rect [^>]*/><text x=\"\d+\" y=\"\d+\">(\d+)</text>", first_chart)
    check("report: a week's total adds only the kiosk-weeks shown (no masked cell by subtraction)",
          bar is not None and bar.group(1) == shown_total and shown_total != all_total, f"bar {bar and bar.group(1)} shown {shown_total} all {all_total}")
    fr_shown = sql("""SELECT sum(l.count) FROM kiosk_counts AS l WHERE l.metric = 'language' AND l.key = 'fr' AND l.week = '2026-11-02' AND
                      (SELECT sum(count) FROM kiosk_counts AS s WHERE s.kiosk = l.kiosk AND s.week = l.week AND s.metric = 'started') >= 10""")
    lang_bar = re.search(r">2026-11-02 fr</text><rect [^>]*/><text x=\"\d+\" y=\"\d+\">(\d+)</text>", html)
    check("report: visits in French that week, over the kiosk-weeks shown", lang_bar is not None and lang_bar.group(1) == fr_shown,
          f"bar {lang_bar and lang_bar.group(1)} hub {fr_shown}")
    check("report: a language under 10 visits in a week is masked", re.search(r">2026-11-02 ar</text><text [^>]*class=\"masked\">", html) is not None)
    check("report: masked cells are counted", "cases masquées" in out and " 0 cases" not in out, out)
    shutil.copy(report, os.path.join(work, "..", os.path.basename(work) + "-report.html")) if args.keep else None
    print(f"     stage time {time.time() - t0:.1f} s", flush=True)
finally:
    cleanup()

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
