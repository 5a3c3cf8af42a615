package bpflife.cli;

import bpflife.explore.DeterministicRuntime;
import bpflife.explore.FirstEnabledStrategy;
import bpflife.explore.RunResult;
import bpflife.explore.Stepper;
import bpflife.model.Env;
import bpflife.model.Semantics;
import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.ScenarioParser;
import bpflife.protocol.ActorId;
import bpflife.protocol.CgroupOrder;
import bpflife.protocol.Event;
import bpflife.protocol.IterTarget;
import bpflife.protocol.StepRecord;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bpflife import}: a real system's iterator links, programs and pins (bpftool's
 * {@code -j -f link show} and {@code -j -f prog show}, from files or from this machine's bpftool)
 * as a scenario whose {@code setup:} recreates them, so that a leak seen on a real box can be run,
 * explored and replayed. The objects are made in the order of their ids (programs, then maps and
 * cgroups the links need, then links), then pinned where they were pinned; setup keeps every fd
 * until it ends, so right after its last statement the world holds what the capture showed (the
 * command prints that step); after setup exits only what a pin holds is left.
 *
 * <p>What a capture does not say is chosen and said in a comment: a program's iterator target when
 * no link shows it (from a {@code bpflife_<target>} name, else task), a bpf_map_elem link's map
 * (a hash map of one element), a cgroup's name ({@code cgN} for cgroup id N). Programs and links
 * that are not iterator ones (kprobes, XDP, ...) are listed in comments and left out.
 */
@Command(name = "import", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
            "Write a scenario whose setup recreates a real system's BPF iterator links, programs and pins, "
                    + "from 'bpftool -j -f link show' and 'bpftool -j -f prog show'.",
            "%nGive the two files (--links, --progs), or --live to run this machine's bpftool. The scenario goes "
                    + "to -o FILE (default: stdout); the step right after setup's last statement, where the world "
                    + "holds what was captured, is printed on stderr. docs/BPFTOOL.md says what is chosen.%n"
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the scenario was written",
            "2:bad input: a file that cannot be read or is not bpftool's JSON, bpftool missing or failing, "
                    + "command line",
            "3:internal error (a bug in bpflife)"
        })
final class ImportCommand implements Callable<Integer> {

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    static final class Files2 {
        @Option(names = "--links", paramLabel = "FILE", required = true,
                description = "The output of 'bpftool -j -f link show' (or -j link show: no pins).")
        Path links;

        @Option(names = "--progs", paramLabel = "FILE", required = true,
                description = "The output of 'bpftool -j -f prog show' (or -j prog show: no pins).")
        Path progs;
    }

    static final class Source {
        @ArgGroup(exclusive = false)
        Files2 files;

        @Option(names = "--live", description = "Run this machine's bpftool (root): -j -f link show, -j -f prog show.")
        boolean live;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.scn", description = "Where to write the scenario (default: stdout).")
    Path output;

    @Option(names = "--name", paramLabel = "NAME", defaultValue = "imported",
            description = "The scenario's name (default: ${DEFAULT-VALUE}).")
    String name;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--json", description = "With -o: say what was written as one JSON document "
            + "(docs/IMPORT-JSON.md) instead of the line on stderr.")
    boolean json;

    @Override
    public Integer call() {
        JsonNode links;
        JsonNode progs;
        String from;
        if (source.live) {
            links = bpftool("link");
            progs = bpftool("prog");
            from = "this machine's bpftool -j -f link show / prog show";
        } else {
            links = read(source.files.links, "links");
            progs = read(source.files.progs, "progs");
            from = source.files.links + " and " + source.files.progs;
        }
        String text = scenario(name, from, links, progs);
        Scenario sc;
        try {
            sc = ScenarioParser.parse(output == null ? name + ".scn" : output.toString(), text);
        } catch (RuntimeException e) {
            throw new IllegalStateException("import wrote a scenario that does not parse: " + e.getMessage(), e);
        }
        long step = capturedStep(sc);
        if (json && output == null) {
            throw new BadInputException("--json says what -o wrote: give -o OUT.scn (without -o the scenario goes to "
                    + "stdout)");
        }
        if (output == null) {
            spec.commandLine().getOut().print(text);
            spec.commandLine().getOut().flush();
        } else {
            try {
                Files.writeString(output, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new BadInputException("can't write scenario '" + output + "': " + Inputs.reason(e), e);
            }
        }
        String file = output == null ? name + ".scn" : output.toString();
        if (json) {
            com.fasterxml.jackson.databind.node.ObjectNode doc = JSON.createObjectNode();
            doc.put("version", 1);
            doc.put("wrote", file);
            doc.put("name", name);
            doc.put("from", from);
            doc.put("links", links.size());
            doc.put("progs", progs.size());
            doc.put("captured_at", step);
            doc.put("show", "bpflife -jf link show --scenario " + file + " --at " + step);
            spec.commandLine().getOut().println(doc.toPrettyString());
            spec.commandLine().getOut().flush();
            return Errors.OK;
        }
        PrintWriter err = spec.commandLine().getErr();
        err.println("the captured state is right after step " + step + ": bpflife -jf link show --scenario " + file
                + " --at " + step);
        err.flush();
        return Errors.OK;
    }

    /** The scenario text for these listings. */
    static String scenario(String name, String from, JsonNode links, JsonNode progs) {
        StringBuilder head = new StringBuilder();
        StringBuilder body = new StringBuilder();
        head.append("# Imported by bpflife import from ").append(from).append(".\n");
        head.append("# setup recreates the iterator programs, links and pins; it holds every fd until it ends.\n");
        Map<Long, JsonNode> progById = new TreeMap<>();
        for (JsonNode p : progs) {
            progById.put(p.path("id").asLong(), p);
        }
        Map<Long, IterTarget> progTarget = new TreeMap<>();
        List<JsonNode> iterLinks = new ArrayList<>();
        for (JsonNode l : links) {
            IterTarget t = IterTarget.byKernelName(l.path("target_name").asText());
            if (!l.path("type").asText().equals("iter") || t == null) {
                head.append("# left out: link ").append(l.path("id").asLong()).append(" (").append(describe(l))
                        .append("): not an iterator link the model has\n");
                continue;
            }
            iterLinks.add(l);
            progTarget.putIfAbsent(l.path("prog_id").asLong(), t);
        }
        Map<String, String> pins = new TreeMap<>(); // path -> variable
        Map<Long, String> progVar = new LinkedHashMap<>();
        for (JsonNode p : progById.values()) {
            long id = p.path("id").asLong();
            if (!p.path("type").asText().equals("tracing")) {
                head.append("# left out: prog ").append(id).append(" (").append(p.path("type").asText()).append(' ')
                        .append(p.path("name").asText()).append("): not an iterator program\n");
                continue;
            }
            String var = "p" + id;
            IterTarget t = progTarget.get(id);
            String pname = p.path("name").asText("prog" + id);
            if (t == null) {
                t = pname.startsWith("bpflife_") ? IterTarget.byKernelName(pname.substring("bpflife_".length())) : null;
                t = t == null ? IterTarget.TASK : t;
                body.append("    # prog ").append(id).append(": no link shows its target; ").append(t.kernelName())
                        .append(" is a guess\n");
            }
            body.append("    ").append(var).append(" = prog load ").append(identifier(pname, "prog" + id))
                    .append(" target ").append(t.kernelName()).append("    # was prog ").append(id).append('\n');
            progVar.put(id, var);
            p.path("pinned").forEach(path -> pins.put(path.asText(), var));
        }
        Map<Long, String> cgroups = new TreeMap<>();
        for (JsonNode l : iterLinks) {
            if (l.has("cgroup_id") && !cgroups.containsKey(l.get("cgroup_id").asLong())) {
                long cg = l.get("cgroup_id").asLong();
                String cname = "cg" + cg;
                String cvar = "c" + cg;
                body.append("    cgroup mkdir ").append(cname).append("    # was the cgroup with id ").append(cg)
                        .append('\n');
                body.append("    ").append(cvar).append(" = cgroup open ").append(cname).append('\n');
                cgroups.put(cg, cvar);
            }
        }
        for (JsonNode l : iterLinks) {
            long id = l.path("id").asLong();
            String pv = progVar.get(l.path("prog_id").asLong());
            if (pv == null) {
                head.append("# left out: link ").append(id).append(": its prog ").append(l.path("prog_id").asLong())
                        .append(" is not in the program listing\n");
                continue;
            }
            StringBuilder opts = new StringBuilder();
            if (l.has("map_id")) {
                String mv = "m" + l.get("map_id").asLong();
                body.append("    ").append(mv).append(" = map create hash entries 1    # was map ")
                        .append(l.get("map_id").asLong()).append(" (its type and size are not in the listing)\n");
                opts.append(" map ").append(mv);
            }
            if (l.has("cgroup_id")) {
                CgroupOrder o = CgroupOrder.byText(l.path("order").asText());
                opts.append(" cgroup ").append(cgroups.get(l.get("cgroup_id").asLong())).append(" order ")
                        .append(o == null ? CgroupOrder.SELF_ONLY.text() : o.text());
            }
            if (l.path("tid").asLong() != 0) {
                opts.append(" tid ").append(l.get("tid").asLong());
            }
            String var = "l" + id;
            body.append("    ").append(var).append(" = link create ").append(pv).append(opts).append("    # was link ")
                    .append(id).append('\n');
            l.path("pinned").forEach(path -> pins.put(path.asText(), var));
        }
        TreeSet<String> dirs = new TreeSet<>();
        for (String path : pins.keySet()) {
            if (!path.startsWith("/sys/fs/bpf/")) {
                head.append("# left out: the pin ").append(path).append(": not under /sys/fs/bpf\n");
                continue;
            }
            for (int i = path.indexOf('/', "/sys/fs/bpf/".length()); i > 0; i = path.indexOf('/', i + 1)) {
                dirs.add(path.substring(0, i));
            }
        }
        for (String d : dirs) {
            body.append("    mkdir ").append(d).append('\n');
        }
        pins.forEach((path, var) -> {
            if (path.startsWith("/sys/fs/bpf/")) {
                body.append("    pin ").append(var).append(' ').append(path).append('\n');
            }
        });
        return head + "\nscenario " + name + "\n\nsetup:\n" + body;
    }

    /** The step right after setup's last statement returned: the captured state, every fd still open. */
    static long capturedStep(Scenario sc) {
        RunResult run = new DeterministicRuntime(new Env(sc, Semantics.LINUX), new FirstEnabledStrategy(),
                Stepper.KERNEL, DeterministicRuntime.Options.DEFAULT).run();
        int last = sc.setup().body().size() - 1;
        long step = 0;
        for (StepRecord r : run.records()) {
            if (r.receiver() instanceof ActorId.TaskId t && t.name().equals(sc.setup().name())) {
                for (Event e : r.events()) {
                    if (e instanceof Event.SyscallReturned ret && ret.pc() == last) {
                        step = r.position();
                    }
                }
            }
        }
        return step;
    }

    private static String identifier(String s, String fallback) {
        return s.matches("[A-Za-z_][A-Za-z0-9_]*") ? s : fallback;
    }

    private static String describe(JsonNode l) {
        return l.path("type").asText() + (l.has("target_name") ? " " + l.get("target_name").asText() : "");
    }

    private static JsonNode read(Path file, String what) {
        Inputs.checkFile(file, what);
        JsonNode n;
        try {
            n = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
                throw new BadInputException("'" + file + "' is not bpftool's JSON (bpftool -j -f " + what.substring(0,
                        what.length() - 1) + " show): " + j.getOriginalMessage(), e);
            }
            throw Inputs.cantRead(what, file, e);
        }
        if (n == null || !n.isArray()) {
            throw new BadInputException("'" + file + "' is not bpftool's JSON array of " + what + " (bpftool -j -f "
                    + what.substring(0, what.length() - 1) + " show)");
        }
        return n;
    }

    private static JsonNode bpftool(String object) {
        try {
            Process p = new ProcessBuilder("bpftool", "-j", "-f", object, "show")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new BadInputException("bpftool -j -f " + object + " show did not finish within 10 s");
            }
            if (p.exitValue() != 0) {
                throw new BadInputException("bpftool -j -f " + object + " show failed (exit " + p.exitValue()
                        + "; root is needed): " + new String(out, StandardCharsets.UTF_8).strip());
            }
            return JSON.readTree(out);
        } catch (IOException e) {
            throw new BadInputException("can't run bpftool: " + Inputs.reason(e), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BadInputException("interrupted while bpftool ran", e);
        }
    }
}
