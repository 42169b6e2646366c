"""The update boot tests (image/boot_test.py, issue steps 5 and 6), on the guest booted from slot A.

An update medium is a disk whose file system is labelled BORNE-UPDATE, plugged into the guest's empty PCIe
port through QMP (the guest has no network). The image's udev rule starts borne-update-media@.service, which
installs every *.swu on it in name order through install-update (SWUpdate) and reboots when the boot order
changed. The bundles are made here, with the repository's TEST keys, from the image's own root:

  medium 1: 1-rules.swu (a good rules pack), 2-rules-expired.swu (a pack out of its dates, well signed),
            3-rules-tampered.swu (a rules file changed after the pack was signed, in a well-signed .swu),
            4-software-flipped.swu (the good software bundle with one byte of its root image flipped),
            5-software-other-key.swu (signed by a key the update CA did not sign),
            6-software-never-ready.swu (a root whose kiosk exits at start: it never becomes ready);
  medium 2: 7-software.swu (the good software bundle), on a USB stick: qemu's usb-storage on the xhci bus.

Boots: A (medium 1: rules, three refusals, the never-ready root into B, reboot) -> B, B, B (the kiosk fails,
systemd's start limit reboots; GRUB spends B's three attempts) -> A again (rolled back; the stick inserted while
agent mode is closed is not taken: usb-storage does not load; the first-boot setup by touch; agent mode opened by
touch takes the stick, installs the good root into B and shows it on « Mettre à jour depuis une clé USB »; the
agent touches « Redémarrer maintenant ») -> B (marked good). The GRUB environment is read from the disk between boots.
"""
import io, os, re, shutil, subprocess, tarfile, time

import boot_touch

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
UPDATE_TIMEOUT = 900   # wall seconds for a medium's bundles under TCG
BOOT_TIMEOUT = 420
RESULT = re.compile(r"BORNE-UPDATE bundle=(\S+) result=(\w+) seconds=([\d.]+)")
GRUBENV_LINE = re.compile(r"BORNE-GRUBENV (before|after (\S+)): ([^\r\n]*)")
NEVER_READY_DROPIN = b"""# The never-ready test root (image/boot_updates.py): the kiosk exits at start, as a broken build would.
[Service]
ExecStart=
ExecStart=/bin/false
"""


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, capture_output=True, text=True, **kw).stdout


def borne_exe(image_dir):
    """The host's borne (packs are built with the command the agents use): the package build's."""
    for candidate in (os.path.join(TOP, "build", "deb", "kiosk", "cli", "borne"), shutil.which("borne") or ""):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise RuntimeError("no borne executable (build/deb/kiosk/cli/borne): run image/package/build first")


def never_ready_root(good, out, work):
    """The same root with a drop-in that makes borne-kiosk exit at once (written with debugfs, no mount)."""
    run(["cp", "--sparse=always", good, out])
    dropin = os.path.join(work, "zz-never-ready.conf")
    with open(dropin, "wb") as f:
        f.write(NEVER_READY_DROPIN)
    commands = os.path.join(work, "debugfs.cmd")
    with open(commands, "w") as f:
        f.write("cd /etc/systemd/system/borne-kiosk.service.d\nwrite %s zz-never-ready.conf\n" % dropin)
    run(["debugfs", "-w", "-f", commands, out])
    listing = run(["debugfs", "-R", "ls /etc/systemd/system/borne-kiosk.service.d", out])
    if "zz-never-ready.conf" not in listing:
        raise RuntimeError("debugfs did not write the never-ready drop-in: %s" % listing)


def tamper_pack(pack, out):
    """A copy of the pack with one character of one rules file changed (same size), manifest untouched."""
    with tarfile.open(pack, "r:gz") as src, tarfile.open(out, "w:gz") as dst:
        changed = None
        for member in src.getmembers():
            data = src.extractfile(member).read() if member.isfile() else None
            if (changed is None and data and member.name.endswith(".yaml") and not member.name.endswith(".tests.yaml")
                    and "manifest" not in member.name):
                i = data.index(b":")  # the first key's colon: a character the file's checksum covers
                data = data[:i + 1] + (b" " if data[i + 1:i + 2] != b" " else b"\t") + data[i + 2:]
                changed = member.name
            dst.addfile(member, None if data is None else io.BytesIO(data))
    if changed is None:
        raise RuntimeError("no rules file to tamper with in %s" % pack)
    return changed


def flip_middle_byte(src, out):
    shutil.copy(src, out)
    size = os.path.getsize(out)
    with open(out, "r+b") as f:
        f.seek(size // 2)
        b = f.read(1)[0]
        f.seek(size // 2)
        f.write(bytes([b ^ 1]))


def make_medium(folder, out):
    used = sum(os.path.getsize(os.path.join(folder, n)) for n in os.listdir(folder))
    mib = used // (1 << 20) * 11 // 10 + 32
    run(["mke2fs", "-q", "-t", "ext4", "-O", "^has_journal", "-m", "0", "-L", "BORNE-UPDATE", "-d", folder, out, "%dM" % mib])


def prepare(image_dir, work):
    """Makes the two media. Returns the figures (sizes, seconds)."""
    started = time.monotonic()
    bundle = os.path.join(HERE, "bundle")
    borne = borne_exe(image_dir)
    m1, m2 = os.path.join(work, "medium1"), os.path.join(work, "medium2")
    os.makedirs(m1)
    os.makedirs(m2)
    good_root = os.path.join(image_dir, "root.ext4")  # the build's root, as an update of this version carries it
    never_root = os.path.join(work, "root-never-ready.ext4")
    never_ready_root(good_root, never_root, work)
    env = dict(os.environ, BORNE_KEYS_NO_PASSPHRASE="1")
    run([os.path.join(HERE, "keys", "make-keys"), os.path.join(work, "other-keys"), "Borne TEST other"], env=env)
    run([bundle, "software", "--root", good_root, "--version", "9.0.0-test", "--out", os.path.join(m2, "7-software.swu")])
    flip_middle_byte(os.path.join(m2, "7-software.swu"), os.path.join(m1, "4-software-flipped.swu"))
    small = os.path.join(work, "small-root.img")
    with open(small, "wb") as f:
        f.write(os.urandom(1 << 20))
    # Another key: refused on the signature, before the image is read, so a small root does.
    run([bundle, "software", "--root", small, "--version", "9.0.1-test", "--out", os.path.join(m1, "5-software-other-key.swu"),
         "--key", os.path.join(work, "other-keys", "signing.key"), "--cert", os.path.join(work, "other-keys", "signing.crt")])
    run([bundle, "software", "--root", never_root, "--version", "9.0.2-test", "--out", os.path.join(m1, "6-software-never-ready.swu")])
    os.remove(never_root)
    today = time.strftime("%Y-%m-%d")
    rules = os.path.join(TOP, "rules")
    packs = {}
    for version, since, until in (("2027.01", "2026-01-01", "2099-12-31"), ("2025.10", "2025-04-01", "2025-10-31"),
                                  ("2027.02", "2026-01-01", "2099-12-31")):
        packs[version] = os.path.join(work, "rules-%s.pack" % version)
        run([borne, "rules", "pack", "build", rules, "--out", packs[version], "--version", version,
             "--valid-from", since, "--valid-until", until])
    tampered = os.path.join(work, "rules-2027.02-tampered.pack")
    changed = tamper_pack(packs["2027.02"], tampered)
    for name, pack, version in (("1-rules.swu", packs["2027.01"], "2027.01"), ("2-rules-expired.swu", packs["2025.10"], "2025.10"),
                                ("3-rules-tampered.swu", tampered, "2027.02")):
        run([bundle, "rules", "--pack", pack, "--version", version, "--out", os.path.join(m1, name)])
    figures = {
        "software_bundle_bytes": os.path.getsize(os.path.join(m2, "7-software.swu")),
        "root_image_bytes": os.path.getsize(good_root),
        "rules_pack_bytes": os.path.getsize(packs["2027.01"]),
        "rules_bundle_bytes": os.path.getsize(os.path.join(m1, "1-rules.swu")),
        "tampered_file": changed,
        "today": today,
    }
    make_medium(m1, os.path.join(work, "medium1.img"))
    make_medium(m2, os.path.join(work, "medium2.img"))
    shutil.rmtree(m1)
    shutil.rmtree(m2)
    figures["prepare_wall_s"] = round(time.monotonic() - started, 1)
    # The stick is the same ext4 file system (mke2fs -d, no root): qemu's usb-storage presents it as a USB disk.
    return figures


def env_of(text):
    """« borne_a_ok=1 borne_order=b a … » as a dict (a value may hold spaces: the order)."""
    return {m.group(1): m.group(2) for m in re.finditer(r"(borne_\w+)=(.*?)\s*(?=borne_\w+=|$)", text.strip())}


def install_medium(vm, medium, failures, label):
    """Plugs MEDIUM into the running guest, waits for its bundles and the reboot. Returns {bundle: (result, s)},
    the GRUB environment lines ({"before"|bundle: dict}), the console since the plug."""
    since = len(vm.log())
    plugged = time.monotonic()
    vm.attach_media(medium)
    vm.wait_for(r"BORNE-UPDATE reboot[^\r\n]*", UPDATE_TIMEOUT, since)
    console = vm.log()[since:]
    results = {m.group(1): (m.group(2), float(m.group(3))) for m in RESULT.finditer(console)}
    envs = {(m.group(2) or "before"): env_of(m.group(3)) for m in GRUBENV_LINE.finditer(console)}
    print("updates: %s: bundles done and reboot asked %.0f s (wall) after the plug" % (label, time.monotonic() - plugged))
    for name, (result, seconds) in sorted(results.items()):
        print("updates: %s %s in %.1f s of guest time" % (name, result, seconds))
    if not vm.wait_exit(300):
        failures.append("%s: the guest did not reboot after its updates" % label)
    return results, envs, console


def expect(failures, condition, what):
    print("updates: %s: %s" % ("ok" if condition else "FAILED", what))
    if not condition:
        failures.append(what)


def why(console, bundle):
    return " | ".join(re.findall(r"BORNE-UPDATE bundle=%s why: ([^\r\n]*)" % re.escape(bundle), console))


def rules_status_after(console, bundle):
    """The agent tools' rules line printed after BUNDLE was tried."""
    tail = console[console.find("BORNE-UPDATE bundle=%s result" % bundle):]
    m = re.search(r"BORNE-RULES-STATUS ([^\r\n]*)", tail)
    return m.group(1) if m else ""


AGENT_PIN = "2468"  # the PIN the first-boot setup by touch gives the site (boot_touch.SETUP_TAPS)
USB_REFUSED = re.compile(r"BORNE-USB refused: [^\r\n]*")


def stick_refused(vm, failures, since):
    """The stick inserted with agent mode closed: refused on the console, usb-storage not loaded, nothing mounted,
    no update taken from it."""
    refused = vm.wait_for(USB_REFUSED.pattern, 60, since).group(0)
    console = vm.log()[since:]
    expect(failures, "usb-storage loaded: no; mounted: none" in refused and "BORNE-UPDATE medium=" not in console,
           "the stick inserted with agent mode closed is not taken (%s)" % refused)


def stick_in_agent_mode(vm, failures, figures, since):
    """In the rolled-back A, after the setup: the stick inserted at the boot's start was refused (said on the console,
    usb-storage not loaded, nothing mounted, no update); agent mode opened by touch takes it; the USB screen shows its
    bundle installed; the reboot waits for the agent's touch on « Redémarrer maintenant »."""
    stick_refused(vm, failures, since)
    opened = time.monotonic()
    where, at = boot_touch.open_agent_tools(vm, AGENT_PIN)
    expect(failures, "cle_usb" in where, "agent mode opened by touch (%.0f s): the tools offer « Mettre à jour depuis une clé USB »"
           % (time.monotonic() - opened))
    boot_touch.tap(vm, *where["cle_usb"])
    taken = vm.wait_for(r"BORNE-UPDATE medium=(\S+) bus=(\w+)", 120, at)
    expect(failures, taken.group(2) == "usb", "agent mode open: the stick taken as %s on bus %s" % (taken.group(1), taken.group(2)))
    result = vm.wait_for(RESULT.pattern, UPDATE_TIMEOUT, at)
    pending = vm.wait_for(r"BORNE-UPDATE reboot-pending: ([^\r\n]*)", 120, at)
    installed = env_of(pending.group(1))
    expect(failures, result.group(1) == "7-software.swu" and result.group(2) == "installed" and installed.get("borne_order") == "b a",
           "from the stick: %s %s in %s s of guest time, the reboot left to the agent (%s)"
           % (result.group(1), result.group(2), result.group(3), pending.group(1)))
    figures["software_install_guest_s"] = float(result.group(3))
    where, lines, _ = boot_touch.agent_screen(vm, "cle_usb", at, button="redemarrer")
    expect(failures, "7-software.swu=installée" in lines, "the USB screen shows the bundle and its outcome (%s)" % lines)
    time.sleep(5)
    shot = os.path.join(os.path.dirname(vm.base), "cle-usb-boot.png")
    vm.qmp("screendump", filename=shot, format="png")
    print("updates: the USB screen before the reboot: %s" % shot)
    expect(failures, vm.proc.poll() is None and "BORNE-UPDATE reboot:" not in vm.log()[at:],
           "no reboot before the agent confirms it (the guest still up 5 s after the USB screen offered it)")
    boot_touch.tap(vm, *where["redemarrer"])
    confirmed = time.monotonic()
    expect(failures, vm.wait_exit(300), "the agent's « Redémarrer maintenant »: the guest rebooted %.0f s after the touch" % (time.monotonic() - confirmed))


def run_updates(vm, figures, failures, data_partition_clean, grub_environment, before_rollback=lambda: None, setup=None):
    """Steps 5 and 6 from the running A; ends with B booted and good (the caller goes on, then powers off).
    With SETUP (a function of the running A: the first-boot setup by touch), medium 2 is a USB stick taken in agent
    mode, after BEFORE_ROLLBACK has written the kiosk's options for it; without, a disk as medium 1."""
    work = vm.work
    phase = time.monotonic()

    def lap(what):
        nonlocal phase
        print("TIME %s: %.0f s" % (what, time.monotonic() - phase))
        phase = time.monotonic()

    # Medium 1 into A: rules (good, expired, tampered), software refused twice, then the never-ready root.
    results, envs, console = install_medium(vm, os.path.join(work, "medium1.img"), failures, "medium 1")
    state = lambda name: results.get(name, ("missing", 0))[0]
    expect(failures, state("1-rules.swu") == "installed", "the good rules pack installed (%s)" % rules_status_after(console, "1-rules.swu"))
    expect(failures, "Règles 2027.01 installées" in rules_status_after(console, "1-rules.swu"), "the agent status names pack 2027.01 installed")
    for bundle, cause in (("2-rules-expired.swu", "expired pack"), ("3-rules-tampered.swu", "tampered pack (%s)" % figures["tampered_file"])):
        status = rules_status_after(console, bundle)
        # The agent's line says the refusal and the pack still in service (`borne rules pack status`).
        expect(failures, state(bundle) == "refused" and "refusé" in status and "en service : règles 2027.01" in status,
               "%s refused; agent status: « %s »; why: %s" % (cause, status, why(console, bundle)))
    # A flipped byte of the compressed root: zstd's own checksum or SWUpdate's SHA-256, whichever sees it first.
    for bundle, reason in (("4-software-flipped.swu", r"HASH mismatch|ZSTD_decompressStream failed"),
                           ("5-software-other-key.swu", r"Authentication of all signatures failed")):
        expect(failures, state(bundle) == "refused" and re.search(reason, why(console, bundle)) is not None,
               "%s refused (%s)" % (bundle, why(console, bundle)))
    before = envs.get("before")
    for bundle in ("1-rules.swu", "2-rules-expired.swu", "3-rules-tampered.swu", "4-software-flipped.swu", "5-software-other-key.swu"):
        expect(failures, before is not None and envs.get(bundle) == before, "the slots unchanged after %s (%s)" % (bundle, envs.get(bundle)))
    installed = envs.get("6-software-never-ready.swu", {})
    expect(failures, state("6-software-never-ready.swu") == "installed" and installed.get("borne_order") == "b a"
           and installed.get("borne_b_try") == "3" and installed.get("borne_b_ok") == "0",
           "the never-ready root installed into B, B preferred with 3 attempts (%s)" % installed)
    figures["never_ready_install_guest_s"] = results.get("6-software-never-ready.swu", ("", 0))[1]
    figures["rules_install_guest_s"] = results.get("1-rules.swu", ("", 0))[1]
    ok, last = data_partition_clean(vm)
    expect(failures, ok, "data partition clean after the update's reboot (%s)" % " ".join(last))
    lap("steps 5-6, medium 1 (rules packs, refused bundles, never-ready root into B)")

    # B three times: its kiosk exits at start, systemd's start limit reboots; GRUB spends one attempt each.
    for attempt in (1, 2, 3):
        vm.start()
        t0 = time.monotonic()
        exited = vm.wait_exit(BOOT_TIMEOUT)
        console = vm.log()
        env = grub_environment(vm)
        expect(failures, exited and "BORNE-READY" not in console and env.get("borne_b_try") == str(3 - attempt),
               "boot %d of the never-ready slot B: no ready line, rebooted after %.0f s, attempts left %s"
               % (attempt, time.monotonic() - t0, env.get("borne_b_try")))
    # Then A again, rolled back; it still uses the rules pack the data partition holds.
    before_rollback()
    vm.start()
    good = vm.wait_for(r"BORNE-SLOT-GOOD slot=(\w)", BOOT_TIMEOUT)
    expect(failures, good.group(1) == "a", "rolled back: slot %s marked good after B's attempts ran out" % good.group(1))
    rules_line = re.search(r"borne-kiosk : (règles[^\r\n]*)", vm.log())
    expect(failures, rules_line is not None and "paquet 2027.01" in rules_line.group(1),
           "the kiosk's rules after the refused packs: %s" % (rules_line.group(1) if rules_line else "no line"))
    # The stick in now, agent mode closed (the kiosk is on its first-boot setup): it must not be taken.
    vm.attach_usb(os.path.join(work, "medium2.img"))
    if not setup:
        stick_refused(vm, failures, 0)
    lap("step 5, never-ready B booted three times, rolled back to A")

    # Medium 2 into A: the good root into B, reboot, B marked good.
    if setup:
        setup()
        lap("step 3, the first-boot setup by touch in A")
        stick_in_agent_mode(vm, failures, figures, 0)
    else:
        results, envs, console = install_medium(vm, os.path.join(work, "medium2.img"), failures, "medium 2")
        expect(failures, results.get("7-software.swu", ("missing",))[0] == "installed", "the good software bundle installed into B")
        figures["software_install_guest_s"] = results.get("7-software.swu", ("", 0))[1]
    vm.start()
    good = vm.wait_for(r"BORNE-SLOT-GOOD slot=(\w)", BOOT_TIMEOUT)
    root = vm.wait_for(r"BORNE-ROOT (read-only|read-write)", 60).group(1)
    expect(failures, good.group(1) == "b" and root == "read-only", "booted the new slot: %s marked good, root %s" % (good.group(1), root))
    lap("step 5, medium 2 (good root into B%s), B booted and good" % (" from a USB stick in agent mode" if setup else ""))


def check_after_power_off(vm, failures, data_partition_clean, grub_environment):
    env = grub_environment(vm)
    expect(failures, env.get("borne_b_ok") == "1" and env.get("borne_order") == "b a", "after power off, B is good and preferred (%s)" % env)
    ok, last = data_partition_clean(vm)
    expect(failures, ok, "data partition clean after power off from B (%s)" % " ".join(last))
