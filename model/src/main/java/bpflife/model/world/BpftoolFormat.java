package bpflife.model.world;

import bpflife.model.ObjectState;
import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.TaskDef;
import bpflife.protocol.ActorId;
import bpflife.protocol.ActorId.TaskId;
import bpflife.protocol.IdKind;
import bpflife.protocol.Info;
import bpflife.protocol.IterTarget;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * What {@code bpftool link show} and {@code bpftool prog show} (bpftool v7.1 on Linux 6.18) print
 * for one object, in the plain format (tools/bpf/bpftool/link.c show_link_close_plain and
 * show_iter_plain; prog.c print_prog_plain) and in JSON (show_link_close_json, show_iter_json;
 * print_prog_json), field for field: names, order, the two-blank separators and the trailing ones,
 * numbers as numbers. The cli's test resources hold the real captures this is checked against
 * (cli/src/test/resources/bpftool/real, BpftoolGoldenTest); the kernel check compares it with the
 * real bpftool over a scenario's objects (kernel BpftoolListing). Pure: it lives in the model so
 * that both can use it.
 *
 * <p>Plain, for a link: {@code 7: iter  prog 12  target_name cgroup  cgroup_id 2894  order self_only  }
 * then {@code \tpinned PATH} per pin ({@code -f}) and {@code \tpids comm(pid), ...}; for a prog:
 * <pre>
 * 5: tracing  name dump_task  tag cbb07b0fca646dcf  gpl
 * 	loaded_at 1970-01-01T00:00:17+0000  uid 0
 * 	xlated 976B  jited 643B  memlock 4096B  map_ids 1000005
 * 	pinned /sys/fs/bpf/p
 * 	btf_id 1000005
 * 	pids setup(1000)
 * </pre>
 *
 * <p>What the model does not have is derived, deterministically (docs/BPFTOOL.md):
 * <ul>
 *   <li>a program's tag and sizes are those the kernel check's own program for its target
 *       (kernel/src/main/c/iters.bpf.c), with its name and pad, has on the real kernel ({@link #image});</li>
 *   <li>{@code loaded_at} is the step that loaded it, as seconds after the epoch (UTC); 0, when
 *       the step is not known, leaves {@code loaded_at} and {@code uid} out as bpftool does for a
 *       load_time of 0; {@code uid} is 0 (scenario tasks run as root);</li>
 *   <li>a program's {@code .rodata} map and its BTF object are not modelled: {@code map_ids} and
 *       {@code btf_id} are {@link #SYNTHETIC} + the prog id, above any id a scenario makes;</li>
 *   <li>a program loaded with {@code map M} uses M too: {@code map_ids} lists M's id first, then the
 *       .rodata map's, the order of the maps' first loads in its instructions, which the verifier keeps
 *       (resolve_pseudo_ldimm64), as the kernel check's {@code _m} programs have them (measured on
 *       6.18: {@code map_ids 158592,158595}); it is another program then, with its own tag and sizes.
 *       Only a listing made from the world's states ({@link #shown}, {@link Listings.Entry}) knows a
 *       prog's maps: its Info alone ({@link #plain(Info)}, {@link #json(Info)}: a call's recorded
 *       listing) shows the program without them;</li>
 *   <li>{@code cgroup_id} (the kernfs id) comes from the cgroup's name ({@link #cgroupId});</li>
 *   <li>a task's pid is its one number ({@link bpflife.model.scenario.Scenario#pidOf}: 1000 for
 *       setup, then 1001, 1002 ... in file order, the same number a {@code tid NAME} gives);
 *       its comm is its name, cut to 15 characters as the kernel's is ({@link #pid}, {@link #comm}).</li>
 * </ul>
 */
public final class BpftoolFormat {
    private BpftoolFormat() {}

    /** The first synthetic id: a prog's .rodata map is map SYNTHETIC + prog id, its BTF btf SYNTHETIC + prog id. */
    public static final int SYNTHETIC = 1_000_000;

    /** A task that holds an fd of the object, as bpftool's {@code pids} shows it: {@code comm(pid)}. */
    public record Pid(int pid, String comm) {}

    /**
     * One listed object and what bpftool prints beyond its {@link Info}: its bpffs paths (shown with
     * {@code -f}), the tasks holding an fd of it, and for a prog the second it was loaded at (0: unknown).
     */
    public record Shown(Info info, List<String> pinned, List<Pid> pids, long loadedAt, List<Integer> usedMaps) {
        public Shown {
            pinned = List.copyOf(pinned);
            pids = List.copyOf(pids);
            usedMaps = List.copyOf(usedMaps);
        }

        /** @param usedMaps a prog's used maps ({@code prog load ... map M}) by their ids, in the prog's order */
        public Shown(Info info, List<String> pinned, List<Pid> pids, long loadedAt) {
            this(info, pinned, pids, loadedAt, List.of());
        }

        /** The object alone, as a report shows it: no pins, no holders, no load time, no used maps. */
        public static Shown of(Info info) {
            return new Shown(info, List.of(), List.of(), 0);
        }

        /** What bpftool's {@code map_ids} lists for a prog: its used maps, then its .rodata map. */
        public List<Integer> mapIds() {
            List<Integer> out = new ArrayList<>(usedMaps);
            out.add(SYNTHETIC + Info.idOf(info));
            return out;
        }
    }

    /**
     * A program as the kernel reports it: the tag (a SHA-1 over its instructions as loaded, so the
     * same for every load of the same code) and its sizes after the verifier.
     *
     * @param measured whether the numbers were read from the real kernel; bpf_map_elem's program
     *                 could not be loaded where they were measured (EPERM), so it has bpf_map's
     */
    public record Image(String tag, int xlated, int jited, int memlock, boolean measured) {
        Image padded(int moreXlated, int moreJited) {
            return new Image(tag, xlated + moreXlated, jited + moreJited, memlock, measured);
        }

        /** The same numbers standing in for a program that could not be measured (bpf_map_elem's). */
        Image unmeasured() {
            return new Image(tag, xlated, jited, memlock, false);
        }
    }

    // bpftool -j prog show of kernel/src/main/c/iters.bpf.c's programs (sha256 e6ea074f...) built by
    // clang 14.0.6 and libbpf 1.1.2, loaded on Linux 6.18.44 (x86_64, JIT on), 2026-12-03, unpadded
    private static final Image TASK = new Image("cbb07b0fca646dcf", 976, 643, 4096, true);
    private static final Image TASK_FILE = new Image("77eb8e9d6bfb8895", 1008, 697, 4096, true);
    private static final Image BPF_MAP = new Image("be4b5796bcbd6a4e", 960, 628, 4096, true);
    private static final Image CGROUP = new Image("bd9a2df1467307e1", 968, 640, 4096, true);
    // task_vma's, measured alike once the driver had it (h14k, 2026-12-03; the others' tags stood)
    private static final Image TASK_VMA = new Image("b5baf3d1863dcba8", 1008, 730, 4096, true);
    private static final Image TASK_VMA_R1 = new Image("f9ae63120c0caf02", 1072, 772, 4096, true);
    private static final Image BPF_MAP_ELEM = BPF_MAP.unmeasured();
    // the same, of the programs that return 1 after an object line (bpflife_<target>_r1: `ret 1`),
    // measured alike (h14l, 2026-12-03); the pads add what they add to the others
    private static final Image TASK_R1 = new Image("882865f6619fe23c", 1040, 681, 4096, true);
    private static final Image TASK_FILE_R1 = new Image("d920b35a76f8e971", 1072, 739, 4096, true);
    private static final Image BPF_MAP_R1 = new Image("e381c7f85356c075", 1024, 670, 4096, true);
    private static final Image CGROUP_R1 = new Image("741e53601fc03cad", 1032, 678, 4096, true);
    private static final Image BPF_MAP_ELEM_R1 = BPF_MAP_R1.unmeasured();
    // the same programs loading the scenario's map (bpflife_<target>[_r1]_m: `prog load ... map M`), measured
    // alike (h14k, 2026-12-03, iters.bpf.c with the _m programs; the others' tags stood); their pads add
    // what they add to the others (measured on task and cgroup, ret 0 and 1)
    private static final Image TASK_M = new Image("816dd2a9b47d4ea7", 992, 653, 4096, true);
    private static final Image TASK_FILE_M = new Image("91784c617ca1d772", 1024, 707, 4096, true);
    private static final Image TASK_VMA_M = new Image("fb8b2ea33ca12cc9", 1024, 740, 4096, true);
    private static final Image BPF_MAP_M = new Image("4c8ad11ae9fe46b7", 976, 638, 4096, true);
    private static final Image CGROUP_M = new Image("2bf1c7c36f54784f", 984, 650, 4096, true);
    private static final Image BPF_MAP_ELEM_M = BPF_MAP_M.unmeasured();
    private static final Image TASK_R1_M = new Image("69da7330e831e4c2", 1056, 691, 4096, true);
    private static final Image TASK_FILE_R1_M = new Image("fcec57482822b227", 1088, 749, 4096, true);
    private static final Image TASK_VMA_R1_M = new Image("746605fd1acd90ac", 1088, 782, 4096, true);
    private static final Image BPF_MAP_R1_M = new Image("d18cda6a788edd00", 1040, 680, 4096, true);
    private static final Image CGROUP_R1_M = new Image("7a1ced82feb949c1", 1048, 688, 4096, true);
    private static final Image BPF_MAP_ELEM_R1_M = BPF_MAP_R1_M.unmeasured();

    /** The unpadded image of a target's program that returns {@code ret} and, with {@code maps}, loads a map. */
    public static Image image(IterTarget t, int ret, boolean maps) {
        if (!maps) {
            return image(t, ret);
        }
        return switch (t) {
            case TASK -> ret == 0 ? TASK_M : TASK_R1_M;
            case TASK_FILE -> ret == 0 ? TASK_FILE_M : TASK_FILE_R1_M;
            case TASK_VMA -> ret == 0 ? TASK_VMA_M : TASK_VMA_R1_M;
            case BPF_MAP -> ret == 0 ? BPF_MAP_M : BPF_MAP_R1_M;
            case BPF_MAP_ELEM -> ret == 0 ? BPF_MAP_ELEM_M : BPF_MAP_ELEM_R1_M;
            case CGROUP -> ret == 0 ? CGROUP_M : CGROUP_R1_M;
        };
    }

    /** The unpadded image of a target's program that returns {@code ret} (0 or 1). */
    public static Image image(IterTarget t, int ret) {
        if (ret == 0) {
            return image(t);
        }
        return switch (t) {
            case TASK -> TASK_R1;
            case TASK_FILE -> TASK_FILE_R1;
            case TASK_VMA -> TASK_VMA_R1;
            case BPF_MAP -> BPF_MAP_R1;
            case BPF_MAP_ELEM -> BPF_MAP_ELEM_R1;
            case CGROUP -> CGROUP_R1;
        };
    }

    /** The unpadded program image of a target (the kernel check loads exactly this program for it). */
    public static Image image(IterTarget t) {
        return switch (t) {
            case TASK -> TASK;
            case TASK_FILE -> TASK_FILE;
            case TASK_VMA -> TASK_VMA;
            case BPF_MAP -> BPF_MAP;
            case BPF_MAP_ELEM -> BPF_MAP_ELEM;
            case CGROUP -> CGROUP;
        };
    }

    /**
     * The image of a loaded program. Its name and pad are .rodata constants the verifier reads, and it
     * drops the padding code it proves dead (iters.bpf.c emit(): a line is at least the name long):
     * with {@code pad <= name + 1} none is left (the unpadded sizes), with {@code pad == name + 2}
     * only the blank is written (80 bytes more xlated, 48 jited), with more the loop over the dots
     * stays (248 and 136 more); the same for every target, measured on each. The tag is taken
     * before that, so it does not change.
     */
    public static Image image(Info.ProgInfo p) {
        return image(p, false);
    }

    /** The image of a loaded program that, with {@code maps}, uses a scenario map ({@link Shown#usedMaps}). */
    public static Image image(Info.ProgInfo p, boolean maps) {
        Image base = image(p.target(), p.ret(), maps);
        int n = p.name().length();
        if (p.pad() <= n + 1) {
            return base;
        }
        return p.pad() == n + 2 ? base.padded(80, 48) : base.padded(248, 136);
    }

    /** The image of a listed prog, with its used maps if it has any; null for another kind of object. */
    public static Image image(Shown s) {
        return s.info() instanceof Info.ProgInfo p ? image(p, !s.usedMaps().isEmpty()) : null;
    }

    /** The program tag bpftool prints for a prog of this target. */
    public static String tag(IterTarget t) {
        return image(t).tag();
    }

    /**
     * The cgroup id bpftool prints (the cgroup's kernfs node id on a real system): here a hash of its
     * name below /sys/fs/cgroup (32-bit FNV-1a over its characters, kept to 31 bits, never 0), so the
     * same name always has the same id. A link whose attach-time cgroup is gone (a bug variant lists
     * one after its release) has none: 0, as an unset bpf_link_info field reads.
     */
    public static long cgroupId(String name) {
        if (name == null) {
            return 0;
        }
        int h = 0x811c9dc5;
        for (int i = 0; i < name.length(); i++) {
            h ^= name.charAt(i);
            h *= 0x01000193;
        }
        long v = h & 0x7fffffffL;
        return v == 0 ? 1 : v;
    }


    /** A task's comm: its name, cut to TASK_COMM_LEN - 1 characters. */
    public static String comm(TaskId t) {
        return t.name().length() > 15 ? t.name().substring(0, 15) : t.name();
    }

    /**
     * One listed object with what bpftool prints beyond its Info.
     *
     * @param info   its Info, with the id bpftool would see
     * @param bornAt the step that made it (a prog's loaded_at), 0 if not known
     */
    public static Shown shown(Map<ActorId, ObjectState> states, Scenario sc, ActorId object, Info info, long bornAt,
                              Map<ActorId, List<String>> pins, Map<ActorId, List<TaskId>> holders) {
        List<Pid> pids = new ArrayList<>();
        for (TaskId t : holders.getOrDefault(object, List.of())) {
            pids.add(new Pid(sc.pidOf(t.name()), comm(t)));
        }
        pids.sort(Comparator.comparingInt(Pid::pid)); // the pid iterator walks tasks by pid
        long loadedAt = info instanceof Info.ProgInfo ? bornAt : 0;
        return new Shown(info, pins.getOrDefault(object, List.of()), pids, loadedAt, Listings.usedMaps(states, object));
    }

    /** What {@code show} lists of a quiet world ({@link Listings#show}), each object with its pins, pids and load time. */
    public static List<Shown> listing(Map<ActorId, ObjectState> states, Scenario sc, IdKind kind,
                                      ToLongFunction<ActorId> bornAt) {
        Map<ActorId, List<String>> pins = Listings.pins(states);
        Map<ActorId, List<TaskId>> holders = Listings.holders(states);
        List<Shown> out = new ArrayList<>();
        for (Listings.Entry e : Listings.show(states, kind)) {
            out.add(shown(states, sc, e.object(), e.info(), bornAt.applyAsLong(e.object()), pins, holders));
        }
        return out;
    }

    /** Whether any object of the kind is pinned: bpftool -f then gives every object a {@code pinned} key. */
    public static boolean anyPinned(Map<ActorId, ObjectState> states, IdKind kind) {
        return Listings.pins(states).keySet().stream()
                .anyMatch(o -> states.get(o) instanceof bpflife.model.Listed l && l.idKind() == kind);
    }

    // ---- one line, no context (the run report's listings and show statements)

    /** The line bpftool prints first for a link or a prog (maps and cgroups get a short line of the same style). */
    public static String plain(Info info) {
        return plain(info, List.of());
    }

    /** The same for a prog with used maps ({@link Listings.Entry#usedMaps}): another program, another tag. */
    public static String plain(Info info, List<Integer> usedMaps) {
        return switch (info) {
            case Info.LinkInfo l -> linkLine(l);
            case Info.ProgInfo p -> progHeader(p, image(p, !usedMaps.isEmpty()));
            case Info.MapInfo m -> m.id() + ": " + m.type().kernelName() + "  max_entries " + m.entries();
            case Info.CgroupInfo c -> "cgroup " + c.name();
        };
    }

    /**
     * bpftool's JSON object for a link or a prog with nothing beyond its Info (no pins, no holders,
     * a prog with no load time: bpftool leaves {@code loaded_at} and {@code uid} out for those).
     */
    public static String json(Info info) {
        return json(info, List.of());
    }

    /** The same for a prog with used maps ({@link Listings.Entry#usedMaps}): they lead its map_ids. */
    public static String json(Info info, List<Integer> usedMaps) {
        JsonWriter w = new JsonWriter(false);
        json(w, new Shown(info, List.of(), List.of(), 0, usedMaps), false);
        return w.text();
    }

    // ---- a whole listing

    /** bpftool's options that shape the output: {@code -j}, {@code -p} (implies -j), {@code -f}. */
    public record Options(boolean json, boolean pretty, boolean bpffs) {
        public boolean jsonOut() {
            return json || pretty;
        }
    }

    /**
     * What {@code show} prints on stdout.
     *
     * @param array     JSON: the objects in an array (a walk, several matches), not one object
     * @param pinnedKey at least one object of the kind is pinned: with {@code -f} bpftool then gives
     *                  each object a {@code pinned} array
     * @param stopped   the error a walk stopped at, or null: in JSON it ends the array as an
     *                  {@code {"error":...}} element, as p_err inside do_show's loop writes it; in the
     *                  plain format it goes to stderr, not here
     */
    public static String listing(List<Shown> shown, boolean array, boolean pinnedKey, String stopped, Options o) {
        if (!o.jsonOut()) {
            StringBuilder b = new StringBuilder();
            shown.forEach(s -> b.append(plain(s, o.bpffs())));
            return b.toString();
        }
        JsonWriter w = new JsonWriter(o.pretty());
        if (array) {
            w.startArray();
        }
        shown.forEach(s -> json(w, s, pinnedKey && o.bpffs()));
        if (stopped != null) {
            w.startObject().name("error").message(stopped).endObject();
        }
        if (array) {
            w.endArray();
        }
        return w.finish();
    }

    /** bpftool's p_err in JSON mode: {@code {"error":"..."}} and a newline. */
    public static String error(String message, boolean pretty) {
        JsonWriter w = new JsonWriter(pretty);
        w.startObject().name("error").message(message).endObject();
        return w.finish();
    }

    // ---- the whole entry

    /**
     * Everything bpftool prints for one object, each line ended by a newline.
     *
     * @param bpffs {@code -f}: the {@code pinned} lines
     */
    public static String plain(Shown s, boolean bpffs) {
        StringBuilder b = new StringBuilder();
        switch (s.info()) {
            case Info.LinkInfo l -> {
                b.append(linkLine(l));
                pinned(b, s, bpffs);
                pids(b, s);
            }
            case Info.ProgInfo p -> {
                Image im = image(s);
                b.append(progHeader(p, im)).append('\n');
                if (s.loadedAt() > 0) {
                    b.append("\tloaded_at ").append(time(s.loadedAt())).append("  uid 0\n");
                }
                b.append("\txlated ").append(im.xlated()).append('B');
                b.append("  jited ").append(im.jited()).append('B');
                b.append("  memlock ").append(im.memlock()).append('B');
                // show_prog_maps: "map_ids %u,%u"
                b.append("  map_ids ").append(String.join(",", s.mapIds().stream().map(String::valueOf).toList()));
                pinned(b, s, bpffs);
                b.append("\n\tbtf_id ").append(SYNTHETIC + p.id());
                pids(b, s);
            }
            case Info.MapInfo m -> b.append(plain(m));
            case Info.CgroupInfo c -> b.append(plain(c));
        }
        return b.append('\n').toString();
    }

    /**
     * Writes bpftool's JSON object for one object.
     *
     * @param pinnedKey {@code -f} and at least one object of the kind is pinned somewhere: bpftool
     *                  then gives every object a {@code pinned} array, empty for the unpinned ones
     */
    public static void json(JsonWriter w, Shown s, boolean pinnedKey) {
        w.startObject();
        switch (s.info()) {
            case Info.LinkInfo l -> {
                w.field("id", l.id()).field("type", "iter").field("prog_id", l.progId());
                w.field("target_name", l.target().kernelName());
                if (isMapTarget(l.target())) {
                    w.field("map_id", l.mapId());
                } else if (isTaskTarget(l.target()) && l.tid() != 0) {
                    w.field("tid", l.tid());
                } else if (isTaskTarget(l.target()) && l.pid() != 0) {
                    w.field("pid", l.pid()); // show_iter_json: tid, else pid
                }
                if (l.target() == IterTarget.CGROUP) {
                    w.field("cgroup_id", cgroupId(l.cgroup())).field("order", order(l));
                }
            }
            case Info.ProgInfo p -> {
                Image im = image(s);
                w.field("id", p.id()).field("type", "tracing").field("name", p.name());
                w.field("tag", im.tag()).field("gpl_compatible", true);
                if (s.loadedAt() > 0) {
                    w.field("loaded_at", s.loadedAt()).field("uid", 0);
                }
                w.field("bytes_xlated", im.xlated()).field("jited", true).field("bytes_jited", im.jited());
                w.field("bytes_memlock", im.memlock());
                w.name("map_ids").startArray();
                s.mapIds().forEach(w::number);
                w.endArray();
                w.field("btf_id", SYNTHETIC + p.id());
            }
            case Info.MapInfo m -> w.field("id", m.id()).field("type", m.type().kernelName())
                    .field("max_entries", m.entries());
            case Info.CgroupInfo c -> w.field("cgroup", c.name());
        }
        if (pinnedKey) {
            w.name("pinned").startArray();
            s.pinned().forEach(w::string);
            w.endArray();
        }
        if (!s.pids().isEmpty()) {
            w.name("pids").startArray();
            for (Pid p : s.pids()) {
                w.startObject().field("pid", p.pid()).field("comm", p.comm()).endObject();
            }
            w.endArray();
        }
        w.endObject();
    }

    /**
     * print_boot_time's text for a second after the epoch: {@code %FT%T%z} in UTC (the model has no
     * zone), e.g. {@code 1970-01-01T00:00:17+0000}. By hand: the model has no java.time.
     */
    public static String time(long epochSecond) {
        long days = Math.floorDiv(epochSecond, 86_400);
        long secs = Math.floorMod(epochSecond, 86_400);
        // civil_from_days (H. Hinnant): proleptic Gregorian date of a day number
        long z = days + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        long day = doy - (153 * mp + 2) / 5 + 1;
        long month = mp < 10 ? mp + 3 : mp - 9;
        long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
        return String.format("%04d-%02d-%02dT%02d:%02d:%02d+0000", year, month, day, secs / 3600, secs / 60 % 60,
                secs % 60);
    }

    private static void pinned(StringBuilder b, Shown s, boolean bpffs) {
        if (bpffs) {
            for (String p : s.pinned()) {
                b.append("\n\tpinned ").append(p);
            }
        }
    }

    private static void pids(StringBuilder b, Shown s) {
        if (!s.pids().isEmpty()) {
            b.append("\n\tpids ");
            for (int i = 0; i < s.pids().size(); i++) {
                Pid p = s.pids().get(i);
                b.append(i == 0 ? "" : ", ").append(p.comm()).append('(').append(p.pid()).append(')');
            }
        }
    }

    private static String linkLine(Info.LinkInfo l) {
        StringBuilder b = new StringBuilder();
        b.append(l.id()).append(": iter  prog ").append(l.progId()).append("  ");
        b.append("target_name ").append(l.target().kernelName()).append("  ");
        if (isMapTarget(l.target())) {
            b.append("map_id ").append(l.mapId()).append("  ");
        } else if (isTaskTarget(l.target()) && l.tid() != 0) {
            b.append("tid ").append(l.tid()).append(' '); // one blank: show_iter_plain's "tid %u "
        } else if (isTaskTarget(l.target()) && l.pid() != 0) {
            b.append("pid ").append(l.pid()).append(' '); // show_iter_plain's "pid %u "
        }
        if (l.target() == IterTarget.CGROUP) {
            b.append("cgroup_id ").append(cgroupId(l.cgroup())).append("  ");
            b.append("order ").append(order(l)).append("  ");
        }
        return b.toString();
    }

    private static String progHeader(Info.ProgInfo p, Image im) {
        // every modelled program is a BPF_PROG_TYPE_TRACING iterator program under a GPL license
        return p.id() + ": tracing  name " + p.name() + "  tag " + im.tag() + "  gpl";
    }

    /** bpftool's is_iter_map_target: the targets whose link holds a map. */
    private static boolean isMapTarget(IterTarget t) {
        return t == IterTarget.BPF_MAP_ELEM;
    }

    /** bpftool's is_iter_task_target: the targets whose link may carry a tid. */
    private static boolean isTaskTarget(IterTarget t) {
        return t == IterTarget.TASK || t == IterTarget.TASK_FILE;
    }

    /** bpftool's cgroup_order_string. */
    private static String order(Info.LinkInfo l) {
        return l.order() == null ? "order_unspec" : l.order().text();
    }
}
