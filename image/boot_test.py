#!/usr/bin/python3
"""The appliance's boot test (image/test): boots build/image/borne.img in qemu (UEFI, TCG, -nic none)
on a copy-on-write overlay, waits for the kiosk's ready line on the serial console, compares a screendump
with the golden welcome screen, checks the root is read-only and the slot was marked good, powers off.

Usage: boot_test.py IMAGE_DIR [--update-golden]
Prints figures (boot to first frame, guest uptime at the slot's mark) for image/bench.
"""
import json, os, re, shutil, socket, subprocess, sys, tempfile, time

from PIL import Image, ImageChops

HERE = os.path.dirname(os.path.abspath(__file__))
GOLDEN = os.path.join(HERE, "goldens", "accueil-1280x800.png")
# The guest draws with Mesa llvmpipe (OpenGL) on KMS; the golden is that same path, so only pixels that
# llvmpipe may anti-alias differently on another CPU's SIMD width are allowed to differ: a channel may
# be off by TOLERANCE_LEVEL, and at most TOLERANCE_PIXELS pixels may differ beyond it.
TOLERANCE_LEVEL = 8
TOLERANCE_PIXELS = 200
BOOT_TIMEOUT = 420  # wall seconds under TCG on 2 busy cores


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
        for f in (self.console, self.qmp_path):
            if os.path.exists(f):
                os.remove(f)
        self.started = time.monotonic()
        self.proc = subprocess.Popen([
            "qemu-system-x86_64", "-machine", "q35", "-accel", "tcg", "-cpu", "qemu64", "-m", "1536", "-smp", "2",
            "-drive", "if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd",
            "-drive", "if=pflash,format=raw,file=" + os.path.join(self.work, "vars.fd"),
            "-drive", "file=%s,format=qcow2,if=virtio" % self.overlay,
            "-vga", "none", "-device", "VGA,xres=1280,yres=800",
            "-device", "i6300esb", "-action", "watchdog=reset",
            "-device", "qemu-xhci", "-device", "usb-tablet",
            "-display", "none", "-serial", "file:" + self.console,
            "-chardev", "file,id=printer,path=" + self.printer, "-serial", "chardev:printer",
            "-qmp", "unix:%s,server=on,wait=off" % self.qmp_path,
            "-nic", "none", "-no-reboot"], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        for _ in range(100):
            if os.path.exists(self.qmp_path):
                break
            time.sleep(0.1)
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

    def wait_for(self, pattern, timeout):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            m = re.search(pattern, self.log())
            if m:
                return m
            if self.proc.poll() is not None:
                break
            time.sleep(0.5)
        raise TimeoutError("no « %s » on the serial console after %d s; its end:\n%s" % (pattern, timeout, self.log()[-3000:]))

    def power_off(self, timeout=120):
        self.qmp("system_powerdown")
        try:
            self.proc.wait(timeout)
            return True
        except subprocess.TimeoutExpired:
            self.kill()
            return False

    def kill(self):
        self.proc.kill()
        self.proc.wait()


def data_partition_clean(vm):
    """e2fsck -n on the data partition as the guest left it in the overlay (partition 4, from the GPT)."""
    table = json.loads(subprocess.run(["sfdisk", "--json", vm.base], capture_output=True, text=True, check=True).stdout)
    data = [p for p in table["partitiontable"]["partitions"] if p.get("name") == "data"][0]
    sector = table["partitiontable"].get("sectorsize", 512)
    raw = os.path.join(vm.work, "data.raw")
    # The partition's bytes through the overlay: qemu's raw driver with an offset over the qcow2.
    opts = "driver=raw,offset=%d,size=%d,file.driver=qcow2,file.file.driver=file,file.file.filename=%s" % (
        data["start"] * sector, data["size"] * sector, vm.overlay)
    subprocess.run(["qemu-img", "convert", "-O", "raw", "--image-opts", opts, raw], check=True)
    check = subprocess.run(["e2fsck", "-fn", raw], capture_output=True, text=True)
    os.remove(raw)
    return check.returncode == 0, (check.stdout.strip().splitlines() or [check.stderr.strip()])[-1:]


def compare(shot, golden):
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


def main():
    image_dir = os.path.abspath(sys.argv[1])
    update = "--update-golden" in sys.argv
    work = tempfile.mkdtemp(prefix="borne-boot-")
    failures = []
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
        shot = os.path.join(work, "accueil.png")
        vm.qmp("screendump", filename=shot, format="png")
        if update:
            os.makedirs(os.path.dirname(GOLDEN), exist_ok=True)
            shutil.copy(shot, GOLDEN)
            print("boot: golden written: %s (look at it before committing)" % GOLDEN)
        else:
            count, what = compare(shot, GOLDEN)
            print("boot: screendump vs golden: %s" % what)
            if count is None or count > TOLERANCE_PIXELS:
                kept = os.path.join(image_dir, "accueil-boot.png")
                shutil.copy(shot, kept)
                failures.append("the welcome screen differs from %s (%s; the screendump: %s)" % (GOLDEN, what, kept))
        for bad in ("Failed to start", "BORNE-ROOT read-write"):
            for line in vm.log().splitlines():
                if bad in line:
                    print("boot: console: %s" % line.strip())
        clean = vm.power_off()
        print("boot: power off %s" % ("clean" if clean else "timed out (killed)"))
        if not clean:
            failures.append("no clean power off")
        ok, last = data_partition_clean(vm)
        print("boot: data partition after power off: %s (%s)" % ("clean" if ok else "NOT clean", " ".join(last)))
        if not ok:
            failures.append("the data partition is not clean after power off")
        print("FIGURE boot_to_ready_wall_s=%.1f slot_good_guest_uptime_s=%s" % (first_frame, good.group(2)))
    except Exception as e:
        failures.append(str(e))
        if vm.proc.poll() is None:
            vm.kill()
    shutil.copy(vm.console, os.path.join(image_dir, "boot-console.log"))
    shutil.rmtree(work, ignore_errors=True)
    for f in failures:
        print("boot test FAILED: " + f, file=sys.stderr)
    print("boot test: %s" % ("FAILED" if failures else "passed"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
