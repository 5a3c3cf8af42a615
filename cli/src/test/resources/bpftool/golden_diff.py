# Decodes two golden corpora (cli/src/test/resources/golden, e.g. main's and a branch's) and checks that only
# bpftool listing fields differ: every line but outcomes identical; outcomes equal once the listing-only
# fields are dropped (prog tag, sizes, map_ids, btf_id; a cgroup link's cgroup/cgroup_id), and the new ones
# are well formed. Usage: python3 golden_diff.py OLD_DIR NEW_DIR
import gzip, json, os, sys
from collections import Counter
old_dir, new_dir = sys.argv[1], sys.argv[2]
TAGS = {"cbb07b0fca646dcf", "77eb8e9d6bfb8895", "be4b5796bcbd6a4e", "bd9a2df1467307e1"}
PROG_ONLY = ["tag", "bytes_xlated", "jited", "bytes_jited", "bytes_memlock", "map_ids", "btf_id"]
changes = Counter()
def norm(x, path=""):
    if isinstance(x, dict):
        d = dict(x)
        if d.get("type") == "tracing":
            for k in PROG_ONLY:
                if k in d:
                    changes["prog." + k] += 1
                    d.pop(k)
        if d.get("type") == "iter" and d.get("target_name") == "cgroup":
            for k in ("cgroup", "cgroup_id"):
                if k in d:
                    changes["link." + k] += 1
                    d.pop(k)
        return {k: norm(v, path + "." + k) for k, v in d.items()}
    if isinstance(x, list):
        return [norm(v, path) for v in x]
    return x
def check_new(x):
    if isinstance(x, dict):
        if x.get("type") == "tracing":
            assert x["tag"] in TAGS, x
            assert x["map_ids"] == [1000000 + x["id"]] and x["btf_id"] == 1000000 + x["id"], x
            assert list(x.keys())[:5] == ["id", "type", "name", "tag", "gpl_compatible"], x
        if x.get("type") == "iter" and x.get("target_name") == "cgroup":
            assert isinstance(x["cgroup_id"], int) and "cgroup" not in x, x
            assert list(x.keys())[-2:] == ["cgroup_id", "order"], x
        for v in x.values(): check_new(v)
    elif isinstance(x, list):
        for v in x: check_new(v)
total = 0
for f in sorted(os.listdir(old_dir)):
    o = gzip.open(os.path.join(old_dir, f), "rt").read().split("\n")
    n = gzip.open(os.path.join(new_dir, f), "rt").read().split("\n")
    assert len(o) == len(n), f
    diff_lines = 0
    for a, b in zip(o, n):
        if a == b:
            continue
        assert a.startswith("{") and b.startswith("{"), (f, a[:80], b[:80])
        ja, jb = json.loads(a), json.loads(b)
        check_new(jb)
        if norm(ja) != norm(jb):
            print("DIFFERS beyond listings:", f)
            sys.exit(1)
        diff_lines += 1
    total += diff_lines
    print("%-75s %5d outcomes changed (listings only)" % (f, diff_lines))
print("total outcomes changed:", total, dict(changes))
