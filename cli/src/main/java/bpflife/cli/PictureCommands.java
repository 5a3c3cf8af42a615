package bpflife.cli;

import bpflife.cli.history.History;
import bpflife.cli.history.HistoryOptions;
import bpflife.cli.pictures.ChromeTrace;
import bpflife.cli.pictures.Focus;
import bpflife.cli.pictures.Graphviz;
import bpflife.cli.pictures.RefGraph;
import bpflife.cli.pictures.RunView;
import bpflife.cli.pictures.SequenceDiagram;
import bpflife.explore.DeterministicRuntime;
import bpflife.explore.ReplayStrategy;
import bpflife.explore.RunResult;
import bpflife.explore.Stepper;
import bpflife.model.Env;
import bpflife.protocol.ActorId;
import bpflife.protocol.Choice;
import bpflife.protocol.StepRecord;
import bpflife.protocol.UserError;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bpflife draw}, {@code trace} and {@code graph}: pictures of one run, whatever recorded it
 * (the history source: {@code --world}, {@code --schedule}, {@code --journal --scenario},
 * {@code --scenario --seed}). The pictures themselves are pure functions in
 * {@code bpflife.cli.pictures}; these commands read the history, find the run's first violation (a
 * replay of its deliveries through the deterministic runtime) and write the file.
 */
final class PictureCommands {
    private PictureCommands() {}

    /** What every picture command takes: the history and where to write. */
    abstract static class Picture implements Callable<Integer> {
        @Mixin
        HistoryOptions history = new HistoryOptions();

        @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the picture here (default: stdout).")
        Path output;

        @Option(names = "--json", description = "With -o: say what was written as one JSON document "
                + "(docs/PICTURES-JSON.md) instead of a line.")
        boolean json;

        /** The history the picture was made of (for --json). */
        History.Origin origin;

        @Spec
        CommandSpec spec;

        /** Writes the text to -o (saying so in one line, or as JSON) or to stdout. */
        void emit(String text, String what) {
            emit(text, what, null);
        }

        /** {@link #emit(String, String)}, with the figures --json gives ({@code steps}, {@code objects}, ...). */
        void emit(String text, String what, java.util.Map<String, Object> figures) {
            PrintWriter out = spec.commandLine().getOut();
            if (json && output == null) {
                throw new UserError("--json says what -o wrote: give -o FILE (without -o the picture goes to stdout)");
            }
            if (output == null) {
                out.print(text);
                out.flush();
                return;
            }
            try {
                Path parent = output.toAbsolutePath().getParent();
                if (parent != null) {
                    Files.createDirectories(parent);
                }
                Files.writeString(output, text, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UserError("can't write '" + output + "': " + Inputs.reason(e), e);
            }
            if (json) {
                com.fasterxml.jackson.databind.node.ObjectNode doc =
                        com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
                doc.put("version", 1);
                doc.put("command", spec.name());
                doc.put("wrote", output.toString());
                doc.put("bytes", text.getBytes(StandardCharsets.UTF_8).length);
                if (origin != null) {
                    doc.put("source", origin.kind());
                    doc.put("record", origin.record());
                }
                if (figures != null) {
                    figures.forEach((k, v) -> {
                        if (v instanceof Number n) {
                            doc.put(k, n.longValue());
                        } else if (v != null) {
                            doc.put(k, v.toString());
                        }
                    });
                }
                doc.put("what", what);
                out.println(doc.toPrettyString());
            } else {
                out.println("wrote " + output + " (" + what + ")");
            }
            out.flush();
        }

        /** draw and trace show the whole run: --at is graph's. */
        void noAt() {
            if (history.at() != History.END) {
                throw new UserError("--at goes with 'graph' (draw takes --from and --to)");
            }
        }
    }

    /**
     * The run's first violation, found by replaying its deliveries through the deterministic
     * runtime (the journal does not say what broke); null when it broke nothing, or when the
     * deliveries no longer replay (a journal from another version), in which case the picture has
     * no red.
     */
    static Focus violation(History h, List<StepRecord> records) {
        List<Choice> choices = records.stream().map(Choice::of).toList();
        try {
            RunResult run = new DeterministicRuntime(new Env(h.scenario(), h.semantics()), new ReplayStrategy(choices),
                    Stepper.KERNEL, new DeterministicRuntime.Options(choices.size(), false, null)).run();
            return run.violations().isEmpty() ? null : Focus.of(run.violations().get(0));
        } catch (ReplayStrategy.Mismatch e) {
            return null;
        }
    }

    @Command(name = "draw", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            sortOptions = false,
            description = {
                "Draw a run as a sequence diagram: one self-contained HTML page (no network).",
                "%nOne lifeline per object (tasks, files, sessions, links, progs, maps, inodes, the kernel's "
                        + "singletons), every delivery an arrow in journal order, refcount and state changes beside "
                        + "the arrow head; the run's first violation and the chain of deliveries that led to it in "
                        + "red; the scenario line of each call on hover. Zoom with the buttons or ctrl+wheel; filter "
                        + "by object (click a lifeline's head), kind or step range.%n"
            },
            footerHeading = "%nExamples:%n",
            footer = {
                "  bpflife draw --scenario bench/zoo/getfd-busy-host.scn \\",
                "      --semantics bug-inc-not-zero --seed 2 -o run.html",
                "  bpflife draw --schedule found/seed-7.schedule -o seed-7.html",
                "  bpflife draw --world w1 --from 100 --to 400 -o w1.html"
            },
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:the picture was written", "2:bad input: options, a file or world that cannot be read",
                "3:internal error (a bug in bpflife)"})
    static final class Draw extends Picture {
        @Option(names = "--from", paramLabel = "STEP", description = "First step drawn (default: the first).")
        long from = 0;

        @Option(names = "--to", paramLabel = "STEP", description = "Last step drawn (default: the last).")
        long to = Long.MAX_VALUE;

        @Override
        public Integer call() {
            noAt();
            if (from > to) {
                throw new UserError("--from " + from + " is after --to " + to);
            }
            try (History h = history.open(JournalProgress.PHASE)) {
                // the steps up to --to: a window early in a million-step run does not read the rest
                List<StepRecord> records = h.entries(to);
                RunView view = RunView.of(records, h.scenario());
                Focus focus = violation(h, records);
                origin = h.origin();
                int lifelines = SequenceDiagram.lifelines(view, from, to);
                java.util.Map<String, Object> figures = new java.util.LinkedHashMap<>();
                figures.put("format", "html");
                figures.put("steps", records.size());
                figures.put("lifelines", lifelines);
                figures.put("violation", focus == null ? null : focus.headline());
                emit(SequenceDiagram.html(view, focus, h.name(), from, to),
                        records.size() + " steps, " + lifelines + " lifelines"
                                + (focus == null ? "" : ", " + focus.headline()), figures);
            }
            return Errors.OK;
        }
    }

    @Command(name = "trace", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            sortOptions = false,
            description = {
                "Export a run as a Chrome/Perfetto trace (trace-event JSON): open it in ui.perfetto.dev or "
                        + "chrome://tracing.",
                "%nOne track per object; a slice per delivery (an atomic section of the kernel) and per system "
                        + "call; a flow arrow per message; refcount counters. Time: for a stored world "
                        + "(--world: live runs and load runs) the time each step's row was written (the journal's "
                        + "write_timestamp, in ms; steps of one millisecond 1 us apart); for a deterministic run "
                        + "(--schedule, --journal, --seed) the step number (step N at N us): it has no clock.%n"
            },
            footerHeading = "%nExamples:%n",
            footer = {"  bpflife trace --scenario scenarios/rm-during-cats.scn --seed 3 -o run.json",
                "  bpflife trace --world w1 -o w1.json"},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:the trace was written", "2:bad input: options, a file or world that cannot be read",
                "3:internal error (a bug in bpflife)"})
    static final class Trace extends Picture {
        @Override
        public Integer call() {
            noAt();
            try (History h = history.open(JournalProgress.PHASE)) {
                List<StepRecord> records = h.entries(History.END);
                RunView view = RunView.of(records, h.scenario());
                origin = h.origin();
                java.util.function.LongUnaryOperator clock = h.clock(records);
                java.util.Map<String, Object> figures = new java.util.LinkedHashMap<>();
                figures.put("format", "trace-event json");
                figures.put("steps", records.size());
                figures.put("tracks", view.objects().size());
                figures.put("time", clock == null ? "step numbers" : "journal write times");
                emit(ChromeTrace.json(view, h.name(), clock), records.size() + " steps, "
                        + view.objects().size() + " tracks", figures);
            }
            return Errors.OK;
        }
    }

    @Command(name = "graph", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            sortOptions = false,
            description = {
                "Draw who holds a reference on whom right after a step (--at; default: the end), as Graphviz "
                        + "DOT, or SVG when -o ends in .svg (needs Graphviz's dot).",
                "%nAn edge holder -> object per holding, with the number of references when more than one; "
                        + "dashed edges for references carried by messages in flight; objects whose refcount "
                        + "the holders do not explain, or freed while held, in red.%n"
            },
            footerHeading = "%nExamples:%n",
            footer = {"  bpflife graph --scenario scenarios/rm-during-cats.scn --at 120 -o refs.svg",
                "  bpflife graph --world w1 --at 5000 --object link:setup.1 \\",
                "      | dot -Tpng > refs.png"},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {"0:the graph was written", "2:bad input: options, a file or world that cannot be read, "
                    + "a step past the end, dot missing for SVG", "3:internal error (a bug in bpflife)"})
    static final class Graph extends Picture {
        @Option(names = "--object", paramLabel = "KEY", description = "Draw only this object (bold), what keeps it "
                + "alive (its holders, theirs, ...) and what it holds, e.g. link:setup.1.")
        String object;

        @Override
        public Integer call() {
            ActorId focus = null;
            if (object != null) {
                try {
                    focus = ActorId.parse(object);
                } catch (IllegalArgumentException e) {
                    throw new UserError("--object '" + object + "' is not an object's name (e.g. link:setup.1, task:cat1)");
                }
            }
            boolean svg = output != null && output.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".svg");
            if (svg && !Graphviz.available()) {
                Graphviz.svg(""); // the one error saying dot is missing, before the history is read
            }
            try (History h = history.open(JournalProgress.PHASE)) {
                History.View v = h.view();
                List<StepRecord> records = h.entries(v.lastStep());
                String dot = RefGraph.dot(v.states(), records, v.lastStep(), h.name(), focus);
                origin = h.origin();
                java.util.Map<String, Object> figures = new java.util.LinkedHashMap<>();
                figures.put("format", svg ? "svg" : "dot");
                figures.put("at", v.lastStep());
                emit(svg ? Graphviz.svg(dot) : dot, (svg ? "SVG" : "DOT") + ", right after step " + v.lastStep(),
                        figures);
            }
            return Errors.OK;
        }
    }
}
