package bpflife.kernel;

import bpflife.explore.RunResult;
import bpflife.model.ObjectState;
import bpflife.model.scenario.Scenario;
import bpflife.model.world.BpftoolFormat;
import bpflife.protocol.ActorId;
import bpflife.protocol.IdKind;
import bpflife.protocol.Info;
import bpflife.protocol.StepRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * The model's {@code bpftool -j -f link show} / {@code prog show} (as bpflife prints it,
 * {@link BpftoolFormat}) against the real bpftool's over the same objects at the end of a kernel
 * run, field by field, reporting the first difference.
 *
 * <p>What is compared, per object of the run (the real listing's other objects are the host's):
 * <ul>
 *   <li>the objects: the same ones (named by the variable that made them, {@link Side#nameOf}), in
 *       the same order;</li>
 *   <li>the keys: the same, in the same order (bpftool's {@code pids} only when the real bpftool
 *       prints them: one built without skeletons never does, and that is said, not counted);</li>
 *   <li>ids by what they name: {@code id}, {@code prog_id} and {@code map_id} must name the objects
 *       of the same variables on both sides;</li>
 *   <li>what the model derives (docs/BPFTOOL.md) by a one-to-one mapping, consistent across the
 *       listing: {@code cgroup_id}, {@code tid}, {@code btf_id}, {@code pid}, and in {@code map_ids}
 *       the program's .rodata map;</li>
 *   <li>{@code map_ids} place by place: a scenario map ({@code prog load ... map M}) must be the map
 *       of the same variable on both sides, any other id (the .rodata map) maps one to one;</li>
 *   <li>{@code loaded_at} by order: a prog the model loaded earlier was not loaded later on the
 *       kernel (the kernel's is in seconds, so equal is fine);</li>
 *   <li>{@code name}: the kernel's program is the driver's {@code bpflife_<target>}
 *       (kernel/src/main/c/iters.bpf.c), the model's is the scenario's name for it;</li>
 *   <li>{@code pinned}: the model's paths, moved into the run's bpffs directory, as a set
 *       (bpftool's order is its hash table's); a {@code comm} is the driver's, not compared;</li>
 *   <li>{@code bytes_jited} up to one offset for the whole run (the x86 JIT's size depends on the CPU:
 *       IBT's endbr64), said in the notes when it is not 0;</li>
 *   <li>everything else is equal: type, target_name, order, tag, gpl_compatible, uid, the other sizes.</li>
 * </ul>
 *
 * <p>Wiring (KernelCheck, after {@code kr.finish()} and before the workspace closes):
 * {@code BpftoolListing.check(sc, trace.run, trace.side, kr.side, ws::bpffs)}.
 */
final class BpftoolListing {
    private BpftoolListing() {}

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * What the comparison found.
     *
     * @param verdict    {@code identical}, {@code different} or {@code not_run}
     * @param difference the first difference (or why it did not run), null when identical
     * @param notes      what was not compared and why (no pids from this bpftool, ...)
     * @param objects    how many objects were compared field by field
     */
    record Outcome(String verdict, String difference, List<String> notes, int objects) {
        static Outcome notRun(String why) {
            return new Outcome("not_run", why, List.of(), 0);
        }

        boolean identical() {
            return verdict.equals("identical");
        }
    }

    /** Both listings of a finished kernel run: links first, then progs; the first difference of either. */
    static Outcome check(Scenario sc, RunResult model, Side modelSide, Side kernelSide,
                         java.util.function.Function<String, java.nio.file.Path> realPath) {
        List<String> notes = new ArrayList<>();
        int objects = 0;
        Mapping m = new Mapping(p -> realPath.apply(p).toString());
        for (IdKind kind : List.of(IdKind.LINK, IdKind.PROG)) {
            JsonNode real;
            try {
                real = capture(kind);
            } catch (IOException e) {
                return Outcome.notRun("bpftool -j -f " + kind.word() + " show: " + e.getMessage());
            }
            Outcome o = compare(kind, model(sc, model, kind), modelSide, real, kernelSide, m);
            notes.addAll(o.notes());
            objects += o.objects();
            if (!o.identical()) {
                return new Outcome(o.verdict(), o.difference(), notes, objects);
            }
        }
        if (m.jitNote() != null) {
            notes.add(m.jitNote());
        }
        return new Outcome("identical", null, List.copyOf(notes), objects);
    }

    /** The model's listing at the end of its run, with each prog's load step. */
    static List<BpftoolFormat.Shown> model(Scenario sc, RunResult run, IdKind kind) {
        Map<ActorId, Long> born = new HashMap<>();
        for (StepRecord r : run.records()) {
            for (StepRecord.Spawn s : r.spawned()) {
                born.put(s.id(), r.position());
            }
        }
        Map<ActorId, ObjectState> states = run.states();
        return BpftoolFormat.listing(states, sc, kind, o -> born.getOrDefault(o, 0L));
    }

    /** Runs {@code bpftool -j -f KIND show} (bpftool from $BPFTOOL, else the PATH's) and reads its JSON. */
    static JsonNode capture(IdKind kind) throws IOException {
        String bpftool = System.getenv().getOrDefault("BPFTOOL", "bpftool");
        Process p = new ProcessBuilder(bpftool, "-j", "-f", kind.word(), "show")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        try {
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("no answer within 10 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException("interrupted", e);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException("exit " + p.exitValue() + ": " + text.strip());
        }
        return JSON.readTree(text);
    }

    /** The one-to-one mappings a comparison builds, and where the run's bpffs paths are. */
    static final class Mapping {
        private final UnaryOperator<String> realPath;
        private final Map<String, Map<Long, Long>> forward = new HashMap<>();
        private final Map<String, Map<Long, Long>> backward = new HashMap<>();
        /** bytes_jited: the kernel's minus the model's, the same for every prog of a run (null: none seen yet). */
        private Long jitOffset;

        Mapping(UnaryOperator<String> realPath) {
            this.realPath = realPath;
        }

        /** Null when {@code model <-> real} agrees with what was mapped so far (and records it). */
        String map(String what, long model, long real) {
            Long r = forward.computeIfAbsent(what, k -> new HashMap<>()).putIfAbsent(model, real);
            if (r != null && r != real) {
                return what + " " + model + " is " + r + " on the kernel elsewhere, here " + real;
            }
            Long back = backward.computeIfAbsent(what, k -> new HashMap<>()).putIfAbsent(real, model);
            if (back != null && back != model) {
                return what + " " + real + " on the kernel is " + back + " in the model elsewhere, here " + model;
            }
            return null;
        }

        /**
         * Null when the kernel's JIT size is the model's plus the offset every other prog of the run
         * showed. The x86 JIT's output depends on the CPU, not on the lifecycle: with IBT it begins
         * each program with a 4-byte endbr64, which the model's figures (BpftoolFormat's measured
         * images) include and an AMD EPYC's JIT leaves out. The programs must still differ from one
         * another exactly as the model's do.
         */
        String jited(long model, long real) {
            if (jitOffset == null) {
                jitOffset = real - model;
            }
            return real - model == jitOffset ? null : model + " in the model, " + real
                    + " from bpftool, where the other progs' were " + signed(jitOffset) + " B from the model's";
        }

        /** What the comparison of bytes_jited took for this machine, or null when nothing was taken. */
        String jitNote() {
            return jitOffset == null || jitOffset == 0 ? null : "bytes_jited compared up to this machine's JIT: "
                    + "every prog's is " + signed(jitOffset) + " B from the model's measured size (a CPU "
                    + "feature such as IBT's endbr64, not the lifecycle)";
        }

        private static String signed(long n) {
            return n > 0 ? "+" + n : Long.toString(n);
        }
    }

    /**
     * Compares one kind's listings.
     *
     * @param model      the model's objects ({@link #model})
     * @param modelSide  names the model's ids
     * @param real       bpftool's JSON array ({@code -j -f ... show}); objects the run did not make are skipped
     * @param kernelSide names the kernel's ids
     */
    static Outcome compare(IdKind kind, List<BpftoolFormat.Shown> model, Side modelSide, JsonNode real,
                           Side kernelSide, Mapping m) {
        List<String> notes = new ArrayList<>();
        boolean pinnedKey = false;
        Map<String, JsonNode> reals = new LinkedHashMap<>();
        for (JsonNode r : real) {
            pinnedKey |= r.has("pinned");
            String name = kernelSide.nameOf(kind, r.path("id").asInt());
            if (name != null) {
                reals.put(name, r);
            }
        }
        boolean realPids = false;
        for (JsonNode r : real) {
            realPids |= r.has("pids");
        }
        Map<String, BpftoolFormat.Shown> models = new LinkedHashMap<>();
        for (BpftoolFormat.Shown s : model) {
            models.put(name(modelSide, kind, Info.idOf(s.info())), s);
        }
        if (!List.copyOf(models.keySet()).equals(List.copyOf(reals.keySet()))) {
            return different(notes, kind.word() + " show lists " + String.join(", ", models.keySet())
                    + " in the model, " + String.join(", ", reals.keySet()) + " on the kernel");
        }
        List<long[]> loads = new ArrayList<>();
        for (Map.Entry<String, BpftoolFormat.Shown> e : models.entrySet()) {
            BpftoolFormat.Shown s = e.getValue();
            JsonNode r = reals.get(e.getKey());
            JsonNode mj = modelJson(s, pinnedKey);
            String where = kind.word() + " " + e.getKey() + " (model " + Info.idOf(s.info()) + ", kernel "
                    + r.path("id").asInt() + ")";
            List<String> mk = keys(mj);
            List<String> rk = keys(r);
            if (!realPids && mk.remove("pids")) {
                notes.add(where + ": pids not compared: this bpftool prints none (built without skeletons)");
            }
            if (!mk.equals(rk)) {
                return different(notes, where + ": keys " + mk + " in the model, " + rk + " from bpftool");
            }
            for (String k : mk) {
                String d = field(k, e.getKey(), s, mj.get(k), r.get(k), modelSide, kernelSide, m);
                if (d != null) {
                    return different(notes, where + ": " + k + ": " + d);
                }
            }
            if (s.loadedAt() > 0 && r.has("loaded_at")) {
                loads.add(new long[] {s.loadedAt(), r.get("loaded_at").asLong()});
            }
        }
        for (long[] a : loads) {
            for (long[] b : loads) {
                if (a[0] < b[0] && a[1] > b[1]) {
                    return different(notes, "loaded_at: the model loaded one prog at step " + a[0] + ", before another at "
                            + b[0] + ", the kernel at " + a[1] + ", after " + b[1]);
                }
            }
        }
        return new Outcome("identical", null, List.copyOf(notes), models.size());
    }

    private static String field(String k, String name, BpftoolFormat.Shown s, JsonNode mv, JsonNode rv,
                                Side modelSide, Side kernelSide, Mapping m) {
        return switch (k) {
            case "id" -> null; // the objects were paired by the variable that made them
            case "prog_id" -> sameName(IdKind.PROG, mv, rv, modelSide, kernelSide);
            case "map_id" -> sameName(IdKind.MAP, mv, rv, modelSide, kernelSide);
            case "cgroup_id", "btf_id" -> m.map(k, mv.asLong(), rv.asLong());
            // a task link's tid or pid filter: the model's number of a scenario task is that task's
            // driver's real pid; a literal number was passed as written
            case "tid", "pid" -> taskNumber(k, name, mv.asLong(), rv.asLong(), modelSide, kernelSide);
            case "map_ids" -> mapIds(mv, rv, modelSide, kernelSide, m);
            case "bytes_jited" -> m.jited(mv.asLong(), rv.asLong());
            case "loaded_at" -> null; // by order, once every prog is seen
            case "name" -> s.info() instanceof Info.ProgInfo p && !rv.asText().equals(driverProgName(s))
                    ? "the model's " + mv.asText() + " (target " + p.target().kernelName() + ") is the driver's "
                    + driverProgName(s) + ", bpftool says " + rv.asText() : null;
            case "pinned" -> pinned(mv, rv, m);
            case "pids" -> pids(mv, rv, m);
            default -> mv.equals(rv) ? null : mv + " in the model, " + rv + " from bpftool";
        };
    }

    /**
     * A link's tid or pid: when the model's link names a scenario task ({@code tid NAME}, {@code self}),
     * bpftool must show that task's driver's pid; otherwise the number the scenario wrote, unchanged.
     */
    static String taskNumber(String k, String link, long model, long real, Side modelSide, Side kernelSide) {
        String task = modelSide.linkTask.get(link);
        if (task == null) {
            return model == real ? null : k + " " + model + " in the model, " + real + " from bpftool";
        }
        Long pid = kernelSide.taskPids.get(task);
        if (pid == null) {
            return k + " " + model + " names task " + task + ", which has no driver on the kernel";
        }
        return pid == real ? null : k + " " + model + " in the model is task " + task + ", whose driver is pid " + pid
                + " on the kernel, but bpftool says " + real;
    }

    /**
     * A prog's map_ids, place by place: an id the model's side names (a scenario map the prog uses) must
     * be the same variable's map on the kernel; an id no variable names (the program's .rodata map,
     * synthetic in the model) maps one to one. The kernel lists them in the order its instructions
     * first load them: the scenario's map first in the driver's _m programs.
     */
    static String mapIds(JsonNode mv, JsonNode rv, Side modelSide, Side kernelSide, Mapping m) {
        if (mv.size() != rv.size()) {
            return mv + " in the model, " + rv + " from bpftool";
        }
        for (int i = 0; i < mv.size(); i++) {
            String named = modelSide.nameOf(IdKind.MAP, mv.get(i).asInt());
            String d = named != null || kernelSide.nameOf(IdKind.MAP, rv.get(i).asInt()) != null
                    ? sameName(IdKind.MAP, mv.get(i), rv.get(i), modelSide, kernelSide)
                    : m.map("map_ids", mv.get(i).asLong(), rv.get(i).asLong());
            if (d != null) {
                return "map " + (i + 1) + " of " + mv.size() + ": " + d;
            }
        }
        return null;
    }

    private static String sameName(IdKind kind, JsonNode mv, JsonNode rv, Side modelSide, Side kernelSide) {
        String mn = name(modelSide, kind, mv.asInt());
        String rn = name(kernelSide, kind, rv.asInt());
        return mn.equals(rn) ? null : mv + " (" + mn + ") in the model, " + rv + " (" + rn + ") from bpftool";
    }

    private static String pinned(JsonNode mv, JsonNode rv, Mapping m) {
        List<String> want = new ArrayList<>();
        mv.forEach(p -> want.add(m.realPath.apply(p.asText())));
        List<String> got = new ArrayList<>();
        rv.forEach(p -> got.add(p.asText()));
        want.sort(null);
        got.sort(null);
        return want.equals(got) ? null : want + " (the model's, in the run's bpffs) but bpftool has " + got;
    }

    private static String pids(JsonNode mv, JsonNode rv, Mapping m) {
        if (mv.size() != rv.size()) {
            return mv.size() + " holders in the model, " + rv.size() + " from bpftool";
        }
        for (int i = 0; i < mv.size(); i++) {
            String d = m.map("pid", mv.get(i).get("pid").asLong(), rv.get(i).get("pid").asLong());
            if (d != null) {
                return d;
            }
        }
        return null;
    }

    private static Outcome different(List<String> notes, String difference) {
        return new Outcome("different", difference, List.copyOf(notes), 0);
    }

    private static JsonNode modelJson(BpftoolFormat.Shown s, boolean pinnedKey) {
        bpflife.model.world.JsonWriter w = new bpflife.model.world.JsonWriter(false);
        BpftoolFormat.json(w, s, pinnedKey);
        try {
            return JSON.readTree(w.text());
        } catch (IOException e) {
            throw new IllegalStateException("the model's bpftool JSON does not parse: " + w.text(), e);
        }
    }

    private static List<String> keys(JsonNode n) {
        List<String> out = new ArrayList<>();
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            out.add(it.next());
        }
        return out;
    }

    private static String name(Side side, IdKind kind, int id) {
        String n = side.nameOf(kind, id);
        return n != null ? n : kind.word() + " id " + id;
    }

    /**
     * The driver's program for a prog (kernel/src/main/c/iters.bpf.c): bpflife_TARGET, with _r1 for
     * ret 1, and _m when it uses a scenario map.
     */
    static String driverProgName(BpftoolFormat.Shown s) {
        Info.ProgInfo p = (Info.ProgInfo) s.info();
        return "bpflife_" + p.target().kernelName() + (p.ret() == 1 ? "_r1" : "")
                + (s.usedMaps().isEmpty() ? "" : "_m");
    }
}
