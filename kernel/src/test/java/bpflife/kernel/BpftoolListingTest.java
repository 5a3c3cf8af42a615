package bpflife.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import bpflife.model.world.BpftoolFormat;
import bpflife.protocol.CgroupOrder;
import bpflife.protocol.IdKind;
import bpflife.protocol.Info;
import bpflife.protocol.IterTarget;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * BpftoolListing over canned listings: the real side is bpftool v7.1's JSON as captured on Linux
 * 6.18 (cli/src/test/resources/bpftool/real), plus an object of the host's that the run did not make.
 */
@DisplayName("BpftoolListing: the model's bpftool JSON against the real one, field by field")
class BpftoolListingTest {
    static final ObjectMapper M = new ObjectMapper();

    static Side modelSide() {
        Side s = new Side();
        s.name(IdKind.PROG, 1, "setup", "p");
        s.name(IdKind.PROG, 2, "setup", "q");
        s.name(IdKind.LINK, 1, "setup", "l");
        s.name(IdKind.LINK, 2, "setup", "c");
        return s;
    }

    static Side kernelSide() {
        Side s = new Side();
        s.name(IdKind.PROG, 5941, "setup", "p");
        s.name(IdKind.PROG, 5948, "setup", "q");
        s.name(IdKind.LINK, 776, "setup", "l");
        s.name(IdKind.LINK, 781, "setup", "c");
        return s;
    }

    static BpftoolListing.Mapping mapping() {
        return new BpftoolListing.Mapping(p -> p.replace("/sys/fs/bpf", "/sys/fs/bpf/bpflife-1-1"));
    }

    static final String REAL_LINKS = "[{\"id\":7,\"type\":\"iter\",\"prog_id\":3,\"target_name\":\"task\",\"pinned\":[]},"
            + "{\"id\":776,\"type\":\"iter\",\"prog_id\":5941,\"target_name\":\"task\",\"pinned\":"
            + "[\"/sys/fs/bpf/bpflife-1-1/task2\",\"/sys/fs/bpf/bpflife-1-1/task\"]},"
            + "{\"id\":781,\"type\":\"iter\",\"prog_id\":5948,\"target_name\":\"cgroup\",\"cgroup_id\":3578,"
            + "\"order\":\"descendants_post\",\"pinned\":[]}]";

    static final String REAL_PROGS = "[{\"id\":5941,\"type\":\"tracing\",\"name\":\"bpflife_task\","
            + "\"tag\":\"cbb07b0fca646dcf\",\"gpl_compatible\":true,\"loaded_at\":1796281893,\"uid\":0,"
            + "\"bytes_xlated\":976,\"jited\":true,\"bytes_jited\":643,\"bytes_memlock\":4096,\"map_ids\":[3921],"
            + "\"btf_id\":8546},{\"id\":5948,\"type\":\"tracing\",\"name\":\"bpflife_cgroup\","
            + "\"tag\":\"bd9a2df1467307e1\",\"gpl_compatible\":true,\"loaded_at\":1796281893,\"uid\":0,"
            + "\"bytes_xlated\":968,\"jited\":true,\"bytes_jited\":640,\"bytes_memlock\":4096,\"map_ids\":[3925],"
            + "\"btf_id\":8549}]";

    static List<BpftoolFormat.Shown> links() {
        return List.of(
                new BpftoolFormat.Shown(new Info.LinkInfo(1, 1, IterTarget.TASK, 0, null, null, 0),
                        List.of("/sys/fs/bpf/task", "/sys/fs/bpf/task2"), List.of(), 0),
                new BpftoolFormat.Shown(new Info.LinkInfo(2, 2, IterTarget.CGROUP, 0, "test",
                        CgroupOrder.DESCENDANTS_POST, 0), List.of(), List.of(), 0));
    }

    static List<BpftoolFormat.Shown> progs(long firstLoad, long secondLoad) {
        return List.of(
                new BpftoolFormat.Shown(new Info.ProgInfo(1, "dump_task", IterTarget.TASK, false, 0), List.of(),
                        List.of(), firstLoad),
                new BpftoolFormat.Shown(new Info.ProgInfo(2, "dump_cg", IterTarget.CGROUP, false, 0), List.of(),
                        List.of(), secondLoad));
    }

    static BpftoolListing.Outcome links(String real) throws Exception {
        return BpftoolListing.compare(IdKind.LINK, links(), modelSide(), M.readTree(real), kernelSide(), mapping());
    }

    static BpftoolListing.Outcome progs(String real, long a, long b) throws Exception {
        return BpftoolListing.compare(IdKind.PROG, progs(a, b), modelSide(), M.readTree(real), kernelSide(), mapping());
    }

    @Test
    @DisplayName("the same objects, keys and values (ids by name, derived ids mapped, pins moved) are identical")
    void identical() throws Exception {
        BpftoolListing.Outcome l = links(REAL_LINKS);
        assertEquals("identical", l.verdict(), l::toString);
        BpftoolListing.Outcome p = progs(REAL_PROGS, 3, 9);
        assertEquals("identical", p.verdict(), p::toString);
    }

    @Test
    @DisplayName("the first difference is named: a value, a key, a pin, an object, a mapping, the load order")
    void differences() throws Exception {
        assertEquals("prog setup.p (model 1, kernel 5941): tag: \"cbb07b0fca646dcf\" in the model, "
                        + "\"0000000000000000\" from bpftool",
                progs(REAL_PROGS.replace("cbb07b0fca646dcf", "0000000000000000"), 3, 9).difference());
        assertEquals("prog setup.q (model 2, kernel 5948): bytes_jited: 640 in the model, 640 from bpftool, where the "
                        + "other progs' were +7 B from the model's",
                progs(REAL_PROGS.replace("\"bytes_jited\":643", "\"bytes_jited\":650"), 3, 9).difference());
        assertTrue(progs(REAL_PROGS.replace(",\"uid\":0", ""), 3, 9).difference().contains(": keys ["),
                "a missing key");
        assertEquals("loaded_at: the model loaded one prog at step 3, before another at 9, the kernel at 1796281899, "
                + "after 1796281893", progs(REAL_PROGS.replaceFirst("1796281893", "1796281899"), 3, 9).difference());
        assertTrue(links(REAL_LINKS.replace("\"/sys/fs/bpf/bpflife-1-1/task2\",", "")).difference()
                .startsWith("link setup.l (model 1, kernel 776): pinned: "), "a pin");
        assertEquals("link setup.l (model 1, kernel 776): prog_id: 1 (setup.p) in the model, 5948 (setup.q) from bpftool",
                links(REAL_LINKS.replace("\"prog_id\":5941", "\"prog_id\":5948")).difference());
        assertEquals("link show lists setup.l, setup.c in the model, setup.l on the kernel",
                links(REAL_LINKS.replace("\"id\":781", "\"id\":782")).difference());
        assertEquals("link setup.c (model 2, kernel 781): order: \"descendants_post\" in the model, \"self_only\" "
                + "from bpftool", links(REAL_LINKS.replace("descendants_post", "self_only")).difference());
    }

    @Test
    @DisplayName("bytes_jited is compared up to one offset for the run (the JIT's CPU features), said in a note")
    void jitedUpToOneOffset() throws Exception {
        String shorter = REAL_PROGS.replace("\"bytes_jited\":643", "\"bytes_jited\":639")
                .replace("\"bytes_jited\":640", "\"bytes_jited\":636");
        assertEquals("identical", progs(shorter, 3, 9).verdict());
        BpftoolListing.Mapping m = mapping();
        assertEquals(null, m.jitNote());
        assertEquals(null, m.jited(643, 639));
        assertEquals(null, m.jited(640, 636));
        assertEquals("643 in the model, 643 from bpftool, where the other progs' were -4 B from the model's",
                m.jited(643, 643));
        assertEquals("bytes_jited compared up to this machine's JIT: every prog's is -4 B from the model's measured "
                + "size (a CPU feature such as IBT's endbr64, not the lifecycle)", m.jitNote());
        BpftoolListing.Mapping same = mapping();
        assertEquals(null, same.jited(643, 643));
        assertEquals(null, same.jitNote(), "no note where the sizes are the model's");
    }

    @Test
    @DisplayName("derived ids must map one to one across the listing")
    void mappingsAreOneToOne() throws Exception {
        BpftoolListing.Mapping m = mapping();
        assertEquals(null, m.map("cgroup_id", 5, 3578));
        assertEquals(null, m.map("cgroup_id", 5, 3578));
        assertEquals("cgroup_id 5 is 3578 on the kernel elsewhere, here 3579", m.map("cgroup_id", 5, 3579));
        assertEquals("cgroup_id 3578 on the kernel is 5 in the model elsewhere, here 6", m.map("cgroup_id", 6, 3578));
    }

    @Test
    @DisplayName("pids the real bpftool cannot print (no skeletons) are a note, not a difference")
    void pidsNotPrinted() throws Exception {
        List<BpftoolFormat.Shown> held = List.of(new BpftoolFormat.Shown(
                new Info.ProgInfo(1, "dump_task", IterTarget.TASK, false, 0), List.of(),
                List.of(new BpftoolFormat.Pid(1000, "setup")), 3));
        JsonNode real = M.readTree(REAL_PROGS.substring(0, REAL_PROGS.indexOf("},{") + 1) + "]");
        BpftoolListing.Outcome o = BpftoolListing.compare(IdKind.PROG, held, modelSide(), real, kernelSide(), mapping());
        assertEquals("identical", o.verdict(), o::toString);
        assertEquals(List.of("prog setup.p (model 1, kernel 5941): pids not compared: this bpftool prints none "
                + "(built without skeletons)"), o.notes());
    }

    @Test
    @DisplayName("pids from a bpftool built with skeletons: the holders' pids map one to one, comm is the driver's")
    void pidsPrinted() throws Exception {
        List<BpftoolFormat.Shown> held = List.of(new BpftoolFormat.Shown(
                new Info.ProgInfo(1, "dump_task", IterTarget.TASK, false, 0), List.of(),
                List.of(new BpftoolFormat.Pid(1000, "setup"), new BpftoolFormat.Pid(1001, "cat1")), 3));
        String one = REAL_PROGS.substring(0, REAL_PROGS.indexOf("},{") + 1) + "]";
        String withPids = one.replace("\"btf_id\":8546}", "\"btf_id\":8546,\"pids\":[{\"pid\":4242,"
                + "\"comm\":\"bpflife-driver\"},{\"pid\":4250,\"comm\":\"bpflife-driver\"}]}");
        BpftoolListing.Outcome o = BpftoolListing.compare(IdKind.PROG, held, modelSide(), M.readTree(withPids),
                kernelSide(), mapping());
        assertEquals("identical", o.verdict(), o::toString);
        assertEquals(List.of(), o.notes());
        String oneHolder = one.replace("\"btf_id\":8546}", "\"btf_id\":8546,\"pids\":[{\"pid\":4242,"
                + "\"comm\":\"bpflife-driver\"}]}");
        assertEquals("prog setup.p (model 1, kernel 5941): pids: 2 holders in the model, 1 from bpftool",
                BpftoolListing.compare(IdKind.PROG, held, modelSide(), M.readTree(oneHolder), kernelSide(), mapping())
                        .difference());
    }

    @Test
    @DisplayName("a link's tid or pid: a scenario task's number must be that task's driver pid; a literal stays as written")
    void taskNumbers() {
        Side model = modelSide();
        Side kernel = kernelSide();
        model.linkTask.put("setup.l", "victim"); // tid victim (or self): the model's synthetic number
        kernel.taskPids.put("victim", 4242L);
        assertEquals(null, BpftoolListing.taskNumber("tid", "setup.l", 1001, 4242, model, kernel));
        assertEquals("tid 1001 in the model is task victim, whose driver is pid 4242 on the kernel, but bpftool says 4243",
                BpftoolListing.taskNumber("tid", "setup.l", 1001, 4243, model, kernel));
        // a literal number (tid 999999, or 1 from a task in its own pid namespace) is passed unchanged
        assertEquals(null, BpftoolListing.taskNumber("tid", "setup.c", 999999, 999999, model, kernel));
        assertEquals("pid 1 in the model, 4242 from bpftool",
                BpftoolListing.taskNumber("pid", "setup.c", 1, 4242, model, kernel));
    }

    @Test
    @DisplayName("a prog that uses a scenario map: its map_ids place by place (the map by its variable, .rodata "
            + "mapped), and it is the driver's _m program with that program's tag and sizes")
    void usedMaps() throws Exception {
        Side model = modelSide();
        Side kernel = kernelSide();
        model.name(IdKind.MAP, 3, "setup", "m");
        kernel.name(IdKind.MAP, 158592, "setup", "m");
        kernel.name(IdKind.MAP, 158600, "setup", "other");
        List<BpftoolFormat.Shown> used = List.of(new BpftoolFormat.Shown(
                new Info.ProgInfo(1, "dump_maps", IterTarget.BPF_MAP, false, 0), List.of(), List.of(), 3, List.of(3)));
        // captured on 6.18.44 (h14k, 2026-12-03): bpftool -j prog show of the driver's bpflife_bpf_map_m
        String real = "[{\"id\":5941,\"type\":\"tracing\",\"name\":\"bpflife_bpf_map_m\",\"tag\":\"4c8ad11ae9fe46b7\","
                + "\"gpl_compatible\":true,\"loaded_at\":1796312612,\"uid\":0,\"bytes_xlated\":976,\"jited\":true,"
                + "\"bytes_jited\":638,\"bytes_memlock\":4096,\"map_ids\":[158592,158595],\"btf_id\":341145}]";
        BpftoolListing.Outcome o = BpftoolListing.compare(IdKind.PROG, used, model, M.readTree(real), kernel, mapping());
        assertEquals("identical", o.verdict(), o::toString);
        assertEquals("prog setup.p (model 1, kernel 5941): map_ids: map 1 of 2: 3 (setup.m) in the model, 158600 "
                        + "(setup.other) from bpftool",
                BpftoolListing.compare(IdKind.PROG, used, model, M.readTree(real.replace("[158592,", "[158600,")),
                        kernel, mapping()).difference());
        assertEquals("prog setup.p (model 1, kernel 5941): map_ids: map 1 of 2: 3 (setup.m) in the model, 158595 "
                        + "(map id 158595) from bpftool",
                BpftoolListing.compare(IdKind.PROG, used, model, M.readTree(real.replace("[158592,158595]",
                        "[158595,158592]")), kernel, mapping()).difference());
        assertEquals("prog setup.p (model 1, kernel 5941): map_ids: [3,1000001] in the model, [158595] from bpftool",
                BpftoolListing.compare(IdKind.PROG, used, model, M.readTree(real.replace("[158592,158595]",
                        "[158595]")), kernel, mapping()).difference());
        // the same prog without its map in the model is the driver's program without the map
        List<BpftoolFormat.Shown> none = List.of(new BpftoolFormat.Shown(used.get(0).info(), List.of(), List.of(), 3));
        assertTrue(BpftoolListing.compare(IdKind.PROG, none, model, M.readTree(real), kernel, mapping()).difference()
                .startsWith("prog setup.p (model 1, kernel 5941): name: the model's dump_maps (target bpf_map) is the "
                        + "driver's bpflife_bpf_map, bpftool says bpflife_bpf_map_m"));
    }

    @Test
    @DisplayName("the model's listing gives a prog its used maps' ids while it holds them (after the map's fd is closed)")
    void usedMapsFromTheWorld() {
        bpflife.model.scenario.Scenario sc = Scenarios.parse("t.scn", "setup:\n    m = map create hash entries 1\n"
                + "    p = prog load dump_maps target bpf_map map m\n    q = prog load dump_task target task\n"
                + "    pin p /sys/fs/bpf/p\n    pin q /sys/fs/bpf/q\n    close m\n");
        ModelTrace trace = ModelTrace.run(sc, bpflife.model.Semantics.LINUX, null, CallOrder.ENTERED);
        List<BpftoolFormat.Shown> progs = BpftoolListing.model(sc, trace.run, IdKind.PROG);
        assertEquals(2, progs.size(), progs::toString);
        assertEquals(1, progs.get(0).usedMaps().size(), progs::toString);
        int map = progs.get(0).usedMaps().get(0);
        assertEquals("setup.m", trace.side.nameOf(IdKind.MAP, map));
        assertEquals(List.of(map, BpftoolFormat.SYNTHETIC + Info.idOf(progs.get(0).info())), progs.get(0).mapIds());
        assertEquals(List.of(), progs.get(1).usedMaps());
        // the run report's end-of-run listing (Listings.Entry) carries them too
        List<bpflife.model.world.Listings.Entry> listed = bpflife.model.world.Listings.show(trace.run.states(),
                IdKind.PROG);
        assertEquals(List.of(map), listed.get(0).usedMaps());
        assertEquals(List.of(), listed.get(1).usedMaps());
    }
}
