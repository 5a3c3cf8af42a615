#!/usr/bin/env python3
# Makes the real bpftool captures BpftoolGoldenTest compares bpflife's listings with.
#
# Needs root, bpffs at /sys/fs/bpf, cgroup v2 at CGROOT, bpftool, and the kernel check's driver
# built from kernel/src/main/c (make -C a copy of it). It loads one iterator program per target with
# the driver, makes links (task, task_file with a tid, bpf_map, cgroup in every order), pins some,
# captures bpftool's output for each command below into OUT/<name> (stdout byte for byte, then the
# exit code in OUT/<name>.rc), writes OUT/objects.json (what was made: ids, pids, the cgroup's id)
# and removes what it made.
#
#   python3 capture.py DRIVER OUT
import json, os, subprocess, sys

DRIVER, OUT = sys.argv[1], sys.argv[2]
BPFFS = "/sys/fs/bpf/bpflife-capture"
CGROOT = "/sys/fs/cgroup/unified" if os.path.isdir("/sys/fs/cgroup/unified") else "/sys/fs/cgroup"
CG = CGROOT + "/bpflife-capture"

d = subprocess.Popen([DRIVER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)


def say(c):
    d.stdin.write(c + "\n")
    d.stdin.flush()
    r = d.stdout.readline().split()
    if r[0] != "ok":
        raise SystemExit("driver: " + c + " -> " + " ".join(r))
    return r


os.makedirs(BPFFS, exist_ok=True)
os.makedirs(CG, exist_ok=True)
obj = {"driver_pid": int(say("hello")[1]), "cgroup_id": os.stat(CG).st_ino, "progs": {}, "links": {}}
fds = {}
for target in ["task", "task_file", "bpf_map", "cgroup"]:
    fd, pid = say("load %s %s 0 0" % (target, "dump_" + target))[1:3]
    fds[target] = fd
    obj["progs"][target] = int(pid)
cg = say("cgopen " + CG)[1]
links = [("task", "task", "none none 0 0"), ("task_file", "task_file", "none none 0 %d" % obj["driver_pid"]),
         ("bpf_map", "bpf_map", "none none 0 0")]
links += [("cgroup_" + o, "cgroup", "none %s %d 0" % (cg, n))
          for n, o in [(1, "self_only"), (2, "descendants_pre"), (3, "descendants_post"), (4, "ancestors_up")]]
link_fds = {}
for name, target, rest in links:
    fd, lid = say("linkcreate %s %s" % (fds[target], rest))[1:3]
    link_fds[name] = fd
    obj["links"][name] = int(lid)
say("pin %s %s/task" % (link_fds["task"], BPFFS))
say("link %s/task %s/task2" % (BPFFS, BPFFS))
say("pin %s %s/cg" % (link_fds["cgroup_descendants_post"], BPFFS))
say("pin %s %s/prog" % (fds["task"], BPFFS))

COMMANDS = [
    ("link-show.txt", "link show"), ("link-show.json", "-j link show"), ("link-show-p.json", "-p link show"),
    ("link-show-f.txt", "-f link show"), ("link-show-jf.json", "-jf link show"), ("link-show-fp.json", "-fp link show"),
    ("link.txt", "link"), ("link-show-n.txt", "-n link show"),
    ("link-show-id.txt", "link show id %d" % obj["links"]["task_file"]),
    ("link-show-id.json", "-j link show id %d" % obj["links"]["task_file"]),
    ("link-show-pinned.txt", "-f link show pinned %s/cg" % BPFFS),
    ("link-show-pinned.json", "-j link show pinned %s/cg" % BPFFS),
    ("prog-show.txt", "prog show"), ("prog-show.json", "-j prog show"), ("prog-show-p.json", "-p prog show"),
    ("prog-show-f.txt", "-f prog show"), ("prog-show-jf.json", "-jf prog show"), ("prog-show-fp.json", "-fp prog show"),
    ("prog-show-id.json", "-j prog show id %d" % obj["progs"]["cgroup"]),
    ("prog-show-id-p.json", "-p prog show id %d" % obj["progs"]["task"]),
    ("link-show-id-p.json", "-fp link show id %d" % obj["links"]["task"]),
    ("prog-show-name.txt", "prog show name bpflife_task"),
    ("prog-show-name.json", "-j prog show name bpflife_task"),
    ("prog-show-tag.json", "-j prog show tag cbb07b0fca646dcf"),
    ("prog-show-pinned.txt", "prog show pinned %s/prog" % BPFFS),
    ("err-link-id.json", "-j link show id 4000000000"), ("err-link-id.txt", "link show id 4000000000"),
    ("err-link-id-parse.json", "-j link show id abc"), ("err-link-word.json", "-j link show bogus 1"),
    ("err-link-args.json", "-j link show id"), ("err-link-pinned.json", "-j link show pinned /sys/fs/bpf/nope"),
    ("err-link-type.json", "-j link show pinned %s/prog" % BPFFS), ("err-prog-type.json", "-j prog show pinned %s/task" % BPFFS),
    ("err-prog-id.json", "-j prog show id 4000000000"), ("err-prog-tag.json", "-j prog show tag zz"),
    ("err-prog-word.json", "-j prog show bogus 1"), ("err-link-id-p.json", "-p link show id 4000000000"),
]
os.makedirs(OUT, exist_ok=True)
try:
    for name, args in COMMANDS:
        r = subprocess.run(["bpftool"] + args.split(), capture_output=True)
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(r.stdout)
        with open(os.path.join(OUT, name + ".rc"), "w") as f:
            f.write("bpftool %s\nexit %d\nstderr %s\n" % (args, r.returncode, r.stderr.decode().strip()))
    obj["bpffs"] = BPFFS
    obj["uname"] = os.uname().release + " " + os.uname().machine
    obj["bpftool"] = subprocess.run(["bpftool", "version"], capture_output=True, text=True).stdout.strip()
    with open(os.path.join(OUT, "objects.json"), "w") as f:
        json.dump(obj, f, indent=1, sort_keys=True)
        f.write("\n")
finally:
    say("exit")
    for p in ["task", "task2", "cg", "prog"]:
        if os.path.exists(BPFFS + "/" + p):
            os.unlink(BPFFS + "/" + p)
    os.rmdir(BPFFS)
    os.rmdir(CG)
