#!/usr/bin/python3
"""The appliance's boot test (image/test): boots build/image/borne.img in qemu (UEFI, TCG, -nic none)
on a copy-on-write overlay, waits for the kiosk's ready line on the serial console, compares a screendump
with the golden welcome screen, checks the root is read-only and the slot was marked good, powers off.

Then (unless --no-updates or --update-golden) the update tests of boot_updates.py: rules packs and
software bundles installed from a medium plugged into the guest, refusals, the never-ready slot rolled back.

Usage: boot_test.py IMAGE_DIR [--update-golden] [--no-updates] [--no-touch] [--no-usb-agent]
Prints figures (boot to first frame, guest uptime at the slot's mark, bundle sizes and install times).
"""
import json, os, re, shutil, socket, subprocess, sys, tempfile, time

from PIL import Image, ImageChops

import boot_touch
import boot_updates

HERE = os.path.dirname(os.path.abspath(__file__))
# A fresh image has no site file: its kiosk opens on the first-boot setup's first screen (the site's name).
GOLDEN = os.path.join(HERE, "goldens", "installation-1280x800.png")
# Once the setup by touch has written the site file (step 3), the kiosk opens on the visitor's welcome screen.
WELCOME_GOLDEN = os.path.join(HERE, "goldens", "accueil-1280x800.png")
# The guest draws with Mesa llvmpipe (OpenGL) on KMS; the golden is that same path, so only pixels that
# llvmpipe may anti-alias differently on another CPU's SIMD width are allowed to differ: a channel may
# be off by TOLERANCE_LEVEL, and at most TOLERANCE_PIXELS pixels may differ beyond it.
TOLERANCE_LEVEL = 8
TOLERANCE_PIXELS = 200
BOOT_TIMEOUT = 420  # wall seconds under TCG on 2 busy cores
HOUSEHOLD = "seul-sans-revenu.json"  # tests/personas: the household played by touch in the guest


class Qemu:
    def __init__(self, image_dir, work):
        self.work = work
        self.console = os.path.join(work, "console.log")
        self.printer = os.path.join(work, "printer.bin")
        self.qmp_path = os.path.join(work, "qmp.sock")
        self.overlay = os.path.join(work, "disk.qcow2")
        self.base = os.path.join(image_dir, "borne.img")
        if not os.path.exists(self.overlay):
            subprocess.run(["qemu-img", "create", "-q", "-f", "qcow2", "-F", "raw", "-b",
                            os.path.join(image_dir, "borne.img"), self.overlay], check=True)
            shutil.copy("/usr/share/OVMF/OVMF_VARS_4M.fd", os.path.join(work, "vars.fd"))

    def start(self):
        self.save_console()
        for f in (self.console, self.qmp_path):
            if os.path.exists(f):
                os.remove(f)
        self.boots = getattr(self, "boots", 0) + 1
        self.started = time.monotonic()
        self.proc = subprocess.Popen([
            "qemu-system-x86_64", "-machine", "q35", "-accel", "tcg", "-cpu", "qemu64", "-m", "1536", "-smp", "2",
            "-drive", "if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd",
            "-drive", "if=pflash,format=raw,file=" + os.path.join(self.work, "vars.fd"),
            "-drive", "file=%s,format=qcow2,if=virtio" % self.overlay,
            "-vga", "none", "-device", "VGA,xres=1280,yres=800",
            "-device", "i6300esb", "-action", "watchdog=reset",
            "-device", "qemu-xhci", "-device", "usb-tablet",
            # A PCIe port with nothing in it: the update tests plug their medium (a disk) into it.
            "-device", "pcie-root-port,id=mediaport,bus=pcie.0,chassis=1",
            "-display", "none", "-serial", "file:" + self.console,
            "-chardev", "file,id=printer,path=" + self.printer, "-serial", "chardev:printer",
            "-qmp", "unix:%s,server=on,wait=off" % self.qmp_path,
            "-nic", "none", "-no-reboot"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for _ in range(100):
            if os.path.exists(self.qmp_path) or self.proc.poll() is not None:
                break
            time.sleep(0.1)
        if self.proc.poll() is not None:
            raise RuntimeError("qemu stopped at start: %s" % self.proc.stderr.read().decode(errors="replace").strip())
        self.sock = socket.socket(socket.AF_UNIX)
        self.sock.connect(self.qmp_path)
        self.reader = self.sock.makefile("r")
        json.loads(self.reader.readline())  # greeting
        self.qmp("qmp_capabilities")

    def qmp(self, command, **arguments):
        self.sock.sendall(json.dumps({"execute": command, "arguments": arguments}).encode() + b"\n")
        while True:
            reply = json.loads(self.reader.readline())
            if "return" in reply or "error" in reply:
                if "error" in reply:
                    raise RuntimeError("%s: %s" % (command, reply["error"]))
                return reply["return"]

    def log(self):
        with open(self.console, "rb") as f:
            return f.read().decode("utf-8", "replace")

    def save_console(self):
        """Appends this boot's console to all-console.log (each qemu start begins a new console file)."""
        if os.path.exists(self.console):
            with open(os.path.join(self.work, "all-console.log"), "ab") as out, open(self.console, "rb") as f:
                out.write(b"\n==== boot %d ====\n" % getattr(self, "boots", 0) + f.read())

    def wait_for(self, pattern, timeout, since=0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            m = re.search(pattern, self.log()[since:])
            if m:
                return m
            if self.proc.poll() is not None:
                break
            time.sleep(0.5)
        raise TimeoutError("no « %s » on the serial console after %d s; its end:\n%s" % (pattern, timeout, self.log()[-3000:]))

    def power_off(self, timeout=120):
        self.qmp("system_powerdown")
        return self.wait_exit(timeout)

    def kill(self):
        self.proc.kill()
        self.proc.wait()

    def wait_exit(self, timeout):
        """The guest rebooted or powered off (qemu runs with -no-reboot): True, else killed after timeout."""
        try:
            self.proc.wait(timeout)
            return True
        except subprocess.TimeoutExpired:
            self.kill()
            return False

    def attach_usb(self, path, name="stick"):
        """Inserts a read-only USB stick (qemu's usb-storage on the xhci bus), as an agent would."""
        self.qmp("blockdev-add", **{"node-name": name, "driver": "raw", "read-only": True,
                                    "file": {"driver": "file", "filename": path, "read-only": True}})
        self.qmp("device_add", driver="usb-storage", drive=name, id=name + "-usb", removable=True)

    def attach_media(self, path, name="media"):
        """Plugs a read-only disk into the empty PCIe port, as an agent would insert a stick."""
        self.qmp("blockdev-add", **{"node-name": name, "driver": "raw", "read-only": True,
                                    "file": {"driver": "file", "filename": path, "read-only": True}})
        self.qmp("device_add", driver="virtio-blk-pci", drive=name, bus="mediaport", id=name + "-disk")


def partition_opts(vm, name):
    """The GPT partition labelled NAME inside the overlay, as qemu image options: qemu's raw driver with an
    offset over the qcow2 (qemu-img dd refused to skip to it)."""
    table = json.loads(subprocess.run(["sfdisk", "--json", vm.base], capture_output=True, text=True, check=True).stdout)
    part = [p for p in table["partitiontable"]["partitions"] if p.get("name") == name][0]
    sector = table["partitiontable"].get("sectorsize", 512)
    return "driver=raw,offset=%d,size=%d,file.driver=qcow2,file.file.driver=file,file.file.filename=%s" % (
        part["start"] * sector, part["size"] * sector, vm.overlay)


def extract_partition(vm, name, out):
    """The bytes of the partition NAME as the guest left them in the overlay, into file OUT."""
    subprocess.run(["qemu-img", "convert", "-O", "raw", "--image-opts", partition_opts(vm, name), out], check=True)


def write_partition(vm, name, raw):
    """Writes file RAW over the partition NAME in the overlay (the guest off)."""
    subprocess.run(["qemu-img", "convert", "-n", "-f", "raw", raw, "--target-image-opts", partition_opts(vm, name)], check=True)


def data_partition_clean(vm):
    """e2fsck -n on the data partition as the guest left it in the overlay."""
    raw = os.path.join(vm.work, "data.raw")
    extract_partition(vm, "data", raw)
    check = subprocess.run(["e2fsck", "-fn", raw], capture_output=True, text=True)
    os.remove(raw)
    return check.returncode == 0, (check.stdout.strip().splitlines() or [check.stderr.strip()])[-1:]


def grub_environment(vm):
    """The A/B variables of EFI/borne/grubenv on the overlay's ESP, as a dict."""
    raw = os.path.join(vm.work, "esp.raw")
    extract_partition(vm, "esp", raw)
    text = subprocess.run(["mtype", "-i", raw, "::/EFI/borne/grubenv"], capture_output=True, text=True, check=True,
                          env=dict(os.environ, MTOOLS_SKIP_CHECK="1")).stdout
    os.remove(raw)
    return dict(line.split("=", 1) for line in text.splitlines() if line.startswith("borne_"))


def compare(shot, golden):
    if not os.path.exists(golden):  # said as a difference: the run goes on, the screendump is kept
        return None, "no golden %s (--update-golden writes it)" % golden
    a = Image.open(shot).convert("RGB")
    b = Image.open(golden).convert("RGB")
    if a.size != b.size:
        return None, "size %dx%d, golden %dx%d" % (a.size + b.size)
    diff = ImageChops.difference(a, b)
    channels = diff.split()
    over = [c.point(lambda v: 255 if v > TOLERANCE_LEVEL else 0) for c in channels]
    mask = ImageChops.lighter(ImageChops.lighter(over[0], over[1]), over[2])
    count = mask.histogram()[255]
    return count, "%d pixels differ by more than %d (at most %d allowed)" % (count, TOLERANCE_LEVEL, TOLERANCE_PIXELS)


def timed(what, step):
    """Runs STEP and prints its wall time (the appliance stage's budget)."""
    started = time.monotonic()
    try:
        return step()
    finally:
        print("TIME %s: %.0f s" % (what, time.monotonic() - started))


def household_file():
    return os.path.join(os.path.dirname(HERE), "tests", "personas", HOUSEHOLD)


def welcome_as_golden(vm, failures, image_dir, timeout=120):
    """After the setup: the welcome screen, the guide's first line announced (nothing touched yet), compared
    with WELCOME_GOLDEN under the same tolerance as step 2. A missing golden is a difference (the shot kept)."""
    deadline = time.monotonic() + timeout
    while not boot_touch.GUIDE.search(vm.log()) and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(2)  # the settled frame is on screen; nothing animates on the welcome screen
    shot = os.path.join(image_dir, "accueil-boot.png")
    vm.qmp("screendump", filename=shot, format="png")
    count, what = compare(shot, WELCOME_GOLDEN)
    print("boot: welcome screen after the setup vs golden: %s" % what)
    boot_updates.expect(failures, count is not None and count <= TOLERANCE_PIXELS,
                        "the welcome screen after the setup matches %s (%s; the screendump: %s)" % (WELCOME_GOLDEN, what, shot))


def first_boot_setup(vm, failures, image_dir):
    """No site file yet on the data partition: the first-boot setup, by touch, writes it; then the welcome screen."""
    since = time.monotonic()
    taps, outcome = boot_touch.do_setup(vm)
    boot_updates.expect(failures, outcome == "done", "first-boot setup: %d taps through the usb-tablet, %s (%.0f s)"
                        % (taps, outcome, time.monotonic() - since))
    if outcome == "done":
        welcome_as_golden(vm, failures, image_dir)


def household(vm, failures, image_dir):
    """Step 3: the household HOUSEHOLD touched through to « Imprimer »; the slip's ESC/POS on the printer's file."""
    since = time.monotonic()
    booted = os.path.getsize(vm.printer) if os.path.exists(vm.printer) else 0  # the firmware's and GRUB's text
    taps, outcome, held = boot_touch.play_household(vm)
    boot_updates.expect(failures, held is not None, "household %s: %d taps through the usb-tablet to « Imprimer », guide: %s (%.0f s)"
                        % (HOUSEHOLD, taps, outcome, time.monotonic() - since))
    data = boot_touch.wait_for_slip(vm.printer, booted)
    commands, width, rows = boot_touch.parse_escpos(data)
    names = [c[0] for c in commands]
    bands = names.count("raster")
    ink = sum(1 for r in rows if r and any(r))
    boot_updates.expect(failures, names[:1] == ["init"] and bands > 0 and names[-1:] == ["cut"] and "unknown" not in names,
                        "the slip's ESC/POS: %d bytes (after the %d of the boot's own text), %s first, %d raster bands (%s bytes a row, %d rows, %d with ink), %s last"
                        % (len(data), booted, names[:1], bands, width, len(rows), ink, names[-1:]))
    if width:
        png = os.path.join(image_dir, "slip-boot.png")
        boot_touch.raster_png(width, rows, png)
        print("boot: the slip as printed: %s" % png)
        # The household's slip: its codes are the online services of the aids the host's engine finds for it.
        expected = boot_touch.expected_addresses(household_file(), boot_updates.borne_exe(image_dir))
        found = boot_touch.decode_codes(png)
        boot_updates.expect(failures, found == expected and expected,
                            "the slip's codes are the household's online services: %s (expected %s)" % (sorted(found), sorted(expected)))
    return held


def sha256_of(path):
    return subprocess.run(["sha256sum", path], capture_output=True, text=True, check=True).stdout.split()[0]


def saved_session_opens(vm, raw, code, image_dir):
    """The save under CODE opens on the host from the data partition image RAW (its SQLite file, WAL and key,
    dumped with debugfs), with the package's borne. Returns (ok, what borne said)."""
    folder = tempfile.mkdtemp(dir=vm.work)
    for name in ("borne.sqlite", "borne.sqlite-wal", "borne.sqlite.cle"):
        subprocess.run(["debugfs", "-R", "dump /%s %s" % (name, os.path.join(folder, name)), raw], capture_output=True)
    present = sorted(n for n in os.listdir(folder) if os.path.getsize(os.path.join(folder, n)) > 0)
    opened = subprocess.run([boot_updates.borne_exe(image_dir), "session", "open", code, "--db", os.path.join(folder, "borne.sqlite"),
                             "--rules", os.path.join(os.path.dirname(HERE), "rules")], capture_output=True, text=True)
    shutil.rmtree(folder, ignore_errors=True)
    said = (opened.stderr.strip().splitlines() or opened.stdout.strip().splitlines() or [""])[-1]
    return opened.returncode == 0 and '"' in opened.stdout, "files %s; borne session open: rc %d, %s" % (present, opened.returncode, said[:160])


# ext4 keeps the superblock's free block and inode counts in memory and writes them only when it writes the
# superblock (unmount, resize), not with each journal commit: after a power cut they are stale by design. The
# kernel recounts them from the group descriptors (which the journal does keep) at mount, and e2fsck -p, the
# boot's fsck, corrects them without a word; e2fsck -f names them. Anything else e2fsck fixes is damage.
SUPERBLOCK_COUNTS = re.compile(r"Free (blocks|inodes) count wrong \(\d+, counted=\d+\)\.$")


def e2fsck_fixes(output):
    """What e2fsck -y repaired: each answered question with the problem it is about (the line before a lone
    « Fix? yes »)."""
    fixes, before = [], ""
    for line in output.splitlines():
        line = line.strip()
        if re.search(r"\? yes$", line):
            fixes.append(before if re.match(r"^\w+\? yes$", line) else line)
        elif line:
            before = line
    return fixes


def killed_save(vm, failures, image_dir, held):
    """Step 4: qemu killed the moment the save's code is on screen; the data partition recovers by its journal
    alone, the save is there, B boots again read-only and its root slot holds the bytes installed."""
    expect = boot_updates.expect
    code, to_code, kill_ms, line = boot_touch.save_and_kill(vm, held)
    expect(failures, code is not None, "« Garder pour plus tard » touched, code on screen %.1f s later, qemu killed %.0f ms after "
           "the line was seen (%s)" % (to_code, kill_ms, line))
    if code is None:
        return
    raw = os.path.join(vm.work, "data-killed.raw")
    extract_partition(vm, "data", raw)
    replay = subprocess.run(["e2fsck", "-fy", raw], capture_output=True, text=True)
    fixes = e2fsck_fixes(replay.stdout)
    damage = [f for f in fixes if not SUPERBLOCK_COUNTS.match(f)]
    again = subprocess.run(["e2fsck", "-fn", raw], capture_output=True, text=True)
    expect(failures, replay.returncode in (0, 1) and not damage and again.returncode == 0,
           "data partition after the kill: e2fsck -fy rc %d (%s), nothing but the journal to replay and the superblock's "
           "free counts (%s); then e2fsck -fn rc %d"
           % (replay.returncode, "journal recovered" if "recovering journal" in replay.stdout else "no journal to recover",
              "; ".join(fixes) or "no fix", again.returncode))
    ok, said = saved_session_opens(vm, raw, code, image_dir)
    os.remove(raw)
    expect(failures, ok, "the save promised before the kill (code %s) opens from the partition as the kill left it: %s" % (code, said))
    started = time.monotonic()
    vm.start()
    ready = vm.wait_for(r"BORNE-READY [^\r\n]*", BOOT_TIMEOUT)
    good = vm.wait_for(r"BORNE-SLOT-GOOD slot=(\w)", 120)
    root = vm.wait_for(r"BORNE-ROOT (read-only|read-write)", 60).group(1)
    fsck = re.findall(r"[^\r\n]*(?:recovering journal|clean, \d+/\d+ files)[^\r\n]*", vm.log())
    expect(failures, good.group(1) == "b" and root == "read-only",
           "booted again after the kill in %.0f s: slot %s, root %s (a write to / fails); guest's fsck: %s"
           % (time.monotonic() - started, good.group(1), root, " | ".join(l.strip() for l in fsck) or "no line on the console"))


def main():
    image_dir = os.path.abspath(sys.argv[1])
    update = "--update-golden" in sys.argv
    updates = not update and "--no-updates" not in sys.argv
    touch = updates and "--no-touch" not in sys.argv  # steps 3 and 4, after the updates, in B
    # Medium 2 on a USB stick taken in agent mode opened by touch (boot_updates.stick_in_agent_mode); with
    # --no-usb-agent, on a disk inside as medium 1 (the stick only refused), the setup then done in B.
    usb_agent = touch and "--no-usb-agent" not in sys.argv
    work = tempfile.mkdtemp(prefix="borne-boot-")
    failures = []
    figures = {}
    if updates:
        figures = boot_updates.prepare(image_dir, work)
        print("updates: media made in %.0f s (bundles signed with the TEST keys)" % figures["prepare_wall_s"])
    vm = Qemu(image_dir, work)
    vm.start()
    try:
        m = vm.wait_for(r"BORNE-READY [^\r\n]*", BOOT_TIMEOUT)
        first_frame = time.monotonic() - vm.started
        print("boot: %s (%.0f s wall from qemu start to the ready line)" % (m.group(0), first_frame))
        good = vm.wait_for(r"BORNE-SLOT-GOOD slot=(\w) uptime=([\d.]+)", 120)
        print("boot: slot %s marked good at %s s of guest uptime" % (good.group(1), good.group(2)))
        try:
            root = vm.wait_for(r"BORNE-ROOT (read-only|read-write)", 60).group(1)
        except TimeoutError:
            root = "not checked (no BORNE-ROOT line)"
        if root != "read-only":
            failures.append("the root is %s" % root)
        print("boot: root %s" % root)
        time.sleep(3)  # the frame after READY=1 is on screen; nothing animates on the welcome screen
        shot = os.path.join(work, "installation.png")
        vm.qmp("screendump", filename=shot, format="png")
        if update:
            os.makedirs(os.path.dirname(GOLDEN), exist_ok=True)
            shutil.copy(shot, GOLDEN)
            print("boot: golden written: %s (look at it before committing)" % GOLDEN)
        else:
            count, what = compare(shot, GOLDEN)
            print("boot: screendump vs golden: %s" % what)
            if count is None or count > TOLERANCE_PIXELS:
                kept = os.path.join(image_dir, "installation-boot.png")
                shutil.copy(shot, kept)
                failures.append("the welcome screen differs from %s (%s; the screendump: %s)" % (GOLDEN, what, kept))
        for bad in ("Failed to start", "BORNE-ROOT read-write"):
            for line in vm.log().splitlines():
                if bad in line:
                    print("boot: console: %s" % line.strip())
        print("FIGURE boot_to_ready_wall_s=%.1f slot_good_guest_uptime_s=%s" % (first_frame, good.group(2)))
        print("TIME steps 1-2, boot of A and the welcome screen: %.0f s" % (time.monotonic() - vm.started))
        if updates:
            # The updates go on from this boot of A and end in B (boot_updates.py); B's kiosk then guides the
            # household test (boot_touch.py); then a clean power off.
            # No site file: the rolled-back A's kiosk starts on the first-boot setup (the agent's taps write it), then
            # agent mode by touch takes the USB stick (medium 2); B's kiosk then plays the household.
            guide = lambda: boot_touch.write_data_files(vm, {
                "/guide.json": open(household_file(), "rb").read(),
                "/kiosk.env": b'BORNE_KIOSK_OPTIONS="--guide /var/lib/borne/guide.json --setup-guide --agent-guide"\n'},
                (extract_partition, write_partition))
            if touch and usb_agent:
                boot_updates.run_updates(vm, figures, failures, data_partition_clean, grub_environment, guide,
                                         lambda: first_boot_setup(vm, failures, image_dir))
            elif touch:
                # Medium 2 on a disk inside (as medium 1); a USB stick inserted meanwhile, agent mode closed, is refused.
                # B's kiosk starts on the first-boot setup, by touch, then plays the household.
                boot_updates.run_updates(vm, figures, failures, data_partition_clean, grub_environment, guide)
                timed("first-boot setup by touch", lambda: first_boot_setup(vm, failures, image_dir))
            if touch:
                held = timed("step 3, household by touch and its slip", lambda: household(vm, failures, image_dir))
                if held:
                    timed("step 4, killed during a save, booted again", lambda: killed_save(vm, failures, image_dir, held))
            else:
                boot_updates.run_updates(vm, figures, failures, data_partition_clean, grub_environment)
            clean = vm.power_off()
            boot_updates.expect(failures, clean, "clean power off from B")
            boot_updates.check_after_power_off(vm, failures, data_partition_clean, grub_environment)
            root_b = os.path.join(work, "root-b.raw")
            extract_partition(vm, "root-b", root_b)
            boot_updates.expect(failures, sha256_of(root_b) == sha256_of(os.path.join(image_dir, "root.ext4")),
                                "slot B's bytes after its boots, the kill and the power off are the root installed (root.ext4)")
            os.remove(root_b)
            print("FIGURE " + " ".join("%s=%s" % kv for kv in sorted(figures.items()) if kv[0] != "tampered_file"))
        else:
            clean = vm.power_off()
            print("boot: power off %s" % ("clean" if clean else "timed out (killed)"))
            if not clean:
                failures.append("no clean power off")
            ok, last = data_partition_clean(vm)
            print("boot: data partition after power off: %s (%s)" % ("clean" if ok else "NOT clean", " ".join(last)))
            if not ok:
                failures.append("the data partition is not clean after power off")
    except Exception as e:
        failures.append("%s: %s" % (type(e).__name__, e))
        if vm.proc.poll() is None:
            vm.kill()
    vm.save_console()
    shutil.copy(os.path.join(work, "all-console.log"), os.path.join(image_dir, "boot-console.log"))
    shutil.rmtree(work, ignore_errors=True)
    for f in failures:
        print("boot test FAILED: " + f, file=sys.stderr)
    print("boot test: %s" % ("FAILED" if failures else "passed"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
