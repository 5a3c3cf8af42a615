package bpflife.cli.pictures;

import bpflife.explore.RunResult;
import bpflife.protocol.UserError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The sequence diagram written beside a counterexample: {@code found/NAME.schedule} gets
 * {@code found/NAME.html}, so whoever opens the schedule's folder finds the picture of the run.
 * The one call explore and shrink make, right after writing the schedule:
 * <pre>{@code
 * o.println("diagram    " + Diagrams.beside(schedule, f.run()));        // explore: Explorer.Found
 * o.println("diagram    " + Diagrams.beside(sched, small.run()));       // shrink: Shrinker.Failing
 * }</pre>
 */
public final class Diagrams {
    private Diagrams() {}

    /** Writes the run's diagram beside {@code schedule} (its name with .html) and returns its path. */
    public static Path beside(Path schedule, RunResult run) {
        String name = schedule.getFileName().toString().replaceFirst("\\.schedule$", "") + ".html";
        Path html = schedule.resolveSibling(name);
        Focus focus = run.violations().isEmpty() ? null : Focus.of(run.violations().get(0));
        String title = run.scenario().name() + " under " + run.semantics().name() + " (" + run.scheduler() + ")";
        try {
            Files.writeString(html, SequenceDiagram.html(RunView.of(run.records(), run.scenario()), focus, title, 0,
                    Long.MAX_VALUE), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserError("can't write the diagram '" + html + "': " + e.getMessage(), e);
        }
        return html;
    }
}
