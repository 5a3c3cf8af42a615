package bpflife.cli.golden;

import bpflife.explore.DeterministicRuntime;
import bpflife.explore.FirstEnabledStrategy;
import bpflife.explore.RandomStrategy;
import bpflife.explore.RecordingScheduler;
import bpflife.explore.Report;
import bpflife.explore.ReplayStrategy;
import bpflife.explore.RunResult;
import bpflife.explore.Scheduler;
import bpflife.explore.Stepper;
import bpflife.model.Env;
import bpflife.model.Semantics;
import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.ScenarioParser;
import bpflife.protocol.ActorId;
import bpflife.protocol.Choice;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Recorded runs that pin the model's observable behaviour down across redesigns: for every
 * scenario of the corpus, every semantics and a few schedules (seeded random and oldest-first),
 * the schedule that was taken and what user space saw (each call's results, the listings, the
 * expectations, the invariant violations with their object and step, the verdict).
 *
 * <p>Capture (only when the model's behaviour is meant to change, with a reason in the commit):
 * {@code bin/mvn -pl cli -am test -Dtest=BehaviourPreservedTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dbpflife.golden.capture=true}.
 */
public final class GoldenRuns {
    private GoldenRuns() {}

    /** Repository root, seen from the cli module's directory where tests run. */
    static final Path ROOT = Path.of("..");
    static final Path DIR = Path.of("src", "test", "resources", "golden");
    static final long[] SEEDS = {1, 2, 3};

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One recorded run: the scenario (relative to the repository root), semantics, label, schedule, outcome. */
    public record Case(String scenario, String semantics, String label, List<Choice> schedule, String outcome) {}

    /** Every scenario the project ships or tests with, relative to the repository root, sorted. */
    static List<Path> corpus() throws IOException {
        List<Path> all = new ArrayList<>();
        for (String dir : List.of("scenarios", "bench/zoo", "bench", "cli/src/test/java/bpflife/cli",
                "kernel/src/test/resources/kernel-scenarios")) {
            try (Stream<Path> s = Files.list(ROOT.resolve(dir))) {
                s.filter(p -> p.toString().endsWith(".scn") && !p.getFileName().toString().equals("million.scn"))
                        .map(p -> ROOT.relativize(p)).forEach(all::add);
            }
        }
        all.sort(null);
        return all;
    }

    static Path goldenFile(Path scenario) {
        return DIR.resolve(scenario.toString().replace('/', '_').replace(".scn", ".golden.gz"));
    }

    /** Runs one scenario under every semantics and schedule and records what was seen. */
    static List<Case> capture(Path scenario) throws IOException {
        Scenario sc = ScenarioParser.parseFile(ROOT.resolve(scenario));
        List<Case> cases = new ArrayList<>();
        for (Semantics sem : Semantics.all()) {
            List<Scheduler> schedulers = new ArrayList<>();
            schedulers.add(new FirstEnabledStrategy());
            for (long seed : SEEDS) {
                schedulers.add(new RandomStrategy(seed));
            }
            for (Scheduler s : schedulers) {
                RecordingScheduler rec = new RecordingScheduler(s);
                RunResult run = new DeterministicRuntime(new Env(sc, sem), rec, Stepper.KERNEL,
                        new DeterministicRuntime.Options(2_000_000, true, null)).run();
                cases.add(new Case(scenario.toString(), sem.name(), s.describe(), rec.choices(), outcome(run)));
            }
        }
        return cases;
    }

    /** The run of a recorded schedule under today's model: its outcome, to compare with the recorded one. */
    static String replay(Case c) throws IOException {
        Scenario sc = ScenarioParser.parseFile(ROOT.resolve(c.scenario()));
        RunResult run = new DeterministicRuntime(new Env(sc, Semantics.byName(c.semantics())),
                new ReplayStrategy(c.schedule()), Stepper.KERNEL,
                new DeterministicRuntime.Options(2_000_000, true, null)).run();
        return outcome(run);
    }

    /**
     * What user space and the invariants saw, as one JSON line: the run's report without what names
     * the model's internals (message class names in a violation's detail and chain) or the scheduler.
     */
    static String outcome(RunResult run) {
        ObjectNode doc = bpflife.cli.GoldenAccess.report(run, Report.of(run));
        doc.remove("scheduler");
        doc.remove("file");
        // the corpus was recorded before the JSON contract (docs/JSON.md): it pins behaviour, not
        // the document's format, so today's document is put back in that shape
        doc.remove("version");
        JsonNode reason = doc.remove("reason");
        String verdict = doc.remove("verdict").asText();
        doc.put("verdict", verdict.toUpperCase(java.util.Locale.ROOT));
        if (verdict.equals("incomplete")) {
            doc.set("incomplete", reason);
        }
        for (JsonNode v : doc.withArray("violations")) {
            ((ObjectNode) v).remove("chain");
            ((ObjectNode) v).remove("detail");
        }
        try {
            return JSON.writeValueAsString(doc);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void write(Path file, List<Case> cases) throws IOException {
        Files.createDirectories(file.getParent());
        try (Writer w = new BufferedWriter(new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(file)),
                StandardCharsets.UTF_8))) {
            for (Case c : cases) {
                w.write("== " + c.scenario() + " " + c.semantics() + " " + c.label() + "\n");
                w.write(c.outcome() + "\n");
                for (Choice ch : c.schedule()) {
                    w.write(ch + "\n");
                }
            }
        }
    }

    static List<Case> read(Path file) throws IOException {
        List<Case> cases = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(file)),
                StandardCharsets.UTF_8))) {
            String header = r.readLine();
            while (header != null) {
                String[] h = header.substring(3).split(" ", 3);
                String outcome = r.readLine();
                List<Choice> schedule = new ArrayList<>();
                String line;
                while ((line = r.readLine()) != null && !line.startsWith("== ")) {
                    int arrow = line.indexOf(" <- ");
                    int hash = line.lastIndexOf(" #");
                    schedule.add(new Choice(ActorId.parse(line.substring(0, arrow)),
                            ActorId.parse(line.substring(arrow + 4, hash)), Long.parseLong(line.substring(hash + 2))));
                }
                cases.add(new Case(h[0], h[1], h[2], schedule, outcome));
                header = line;
            }
        }
        return cases;
    }
}
