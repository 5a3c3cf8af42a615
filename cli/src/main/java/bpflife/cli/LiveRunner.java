package bpflife.cli;

import bpflife.actors.LiveWorld;
import bpflife.explore.JournalFile;
import bpflife.explore.Report;
import bpflife.explore.RunResult;
import bpflife.model.Semantics;
import bpflife.persistence.LiveWorlds;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code bpflife run FILE.scn --live [--world NAME]}: the scenario on the live actor system with
 * the durable journal. The report is the deterministic replay of what the journal holds (so every
 * invariant is checked after every step, as in a deterministic run); the replay must reproduce
 * every recorded step, and the live objects' final listings must equal the replay's.
 */
final class LiveRunner {
    private static final Logger LOG = LoggerFactory.getLogger(LiveRunner.class);

    private LiveRunner() {}

    static int run(PrintWriter out, PrintWriter err, Path file, Semantics semantics, String world, boolean json,
                   Path journal, StoreOptions store) {
        String text;
        try {
            RunCommand.parse(file); // the usual errors for a missing or bad scenario, before a journal is opened
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("can't read scenario '" + file + "': " + e.getMessage(), e);
        }
        String name = world != null ? world
                : RunCommand.parse(file).name() + "-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        LiveWorld.checkName(name); // before the journal is opened: a bad name takes nothing
        Interrupts.install();
        return store.with(s -> {
            LiveWorlds.Result r;
            try {
                r = JournalProgress.phase("running world " + name + " live, then replaying its journal")
                        .during(() -> LiveWorlds.run(s, name, file.toString(), text, semantics));
            } catch (LiveWorlds.LiveRunFailed e) {
                err.println("Error: " + e.getMessage());
                return Errors.FAILED;
            }
            LOG.debug("world {}: {} steps live in {} ms", name, r.live().steps(), r.live().elapsed().toMillis());
            if (journal != null) {
                writeJournal(journal, r.result());
            }
            RunResult run = r.result();
            Report rep = Report.of(run);
            if (json) {
                ObjectNode doc = JsonReport.document(run, rep);
                doc.put("world", name);
                doc.put("journal_db", s.settings().describe());
                doc.put("replay_identical", r.replay().identical());
                out.println(doc.toPrettyString());
            } else {
                PlainReport.write(out, run, rep);
                out.println("world " + name + " (" + s.settings().describe() + "): " + r.live().steps()
                        + " steps persisted in " + r.live().elapsed().toMillis() + " ms; replay with: bpflife replay --world "
                        + name);
            }
            out.flush();
            if (!r.replay().identical()) {
                Replays.divergence(err, r.replay().divergence());
                err.println("Error: internal error, a bug in bpflife: the journal of the live run does not replay");
                return Errors.INTERNAL;
            }
            if (!r.listingsAgree()) {
                err.println("Error: internal error, a bug in bpflife: the live objects' final listings differ "
                        + "from the replay's");
                return Errors.INTERNAL;
            }
            return rep.pass() ? Errors.OK : Errors.FAILED;
        });
    }

    private static void writeJournal(Path path, RunResult run) {
        try {
            JournalFile.write(path, run.records());
        } catch (IOException e) {
            throw new BadInputException("can't write journal '" + path + "': " + e.getMessage(), e);
        }
    }
}
