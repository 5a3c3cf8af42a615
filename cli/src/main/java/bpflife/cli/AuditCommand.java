package bpflife.cli;

import bpflife.cli.history.History;
import bpflife.cli.history.HistoryOptions;
import bpflife.persistence.Audit;
import bpflife.protocol.ActorId;
import bpflife.protocol.IdKind;
import bpflife.protocol.StepRecord;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Iterator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bpflife audit link|prog|path ...} with any history source ({@link HistoryOptions}: a
 * stored world, a schedule, a journal file, a seeded run; {@code --at} stops at a step): one
 * object's whole history, each line with its global step. A projection over the run's records.
 */
@Command(name = "audit", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "The history of a link, a prog or a bpffs path in a recorded run (a stored world from "
                    + "'run --live' or 'load', a schedule, a journal file, or a seeded run), each fact with its "
                    + "global step; --at stops at a step.%n"
        },
        subcommands = {AuditCommand.LinkAudit.class, AuditCommand.ProgAudit.class, AuditCommand.PathAudit.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the history was printed",
            "2:bad input: unknown world, id or path; unreadable or corrupt journal; command line",
            "3:internal error (a bug in bpflife)",
            "130:interrupted (Ctrl-C)"
        })
final class AuditCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing what to audit: link ID, prog ID or path PATH");
    }

    /** Options every audit takes: the history source ({@link HistoryOptions}) and --json. */
    static class Common {
        @Mixin
        HistoryOptions history = new HistoryOptions();

        @Option(names = "--json", description = "Print the history as one JSON document.")
        boolean json;

        @Spec
        CommandSpec spec;

        int print(History from, Audit.History h) {
            PrintWriter out = spec.commandLine().getOut();
            String upTo = from.at() == History.END ? "" : " up to step " + from.at();
            if (json) {
                ObjectNode n = JsonNodeFactory.instance.objectNode();
                n.put("version", 1);
                History.Origin o = from.origin();
                n.put("source", o.kind());
                n.put("record", o.record());
                if (o.kind().equals("world")) {
                    n.put("world", from.name().substring("world ".length()));
                }
                if (from.at() != History.END) {
                    n.put("at", from.at());
                }
                n.put("subject", h.subject());
                n.put("object", h.object().key());
                ArrayNode lines = n.putArray("history");
                for (Audit.Line l : h.lines()) {
                    ObjectNode line = lines.addObject();
                    line.put("step", l.step());
                    line.put("what", l.what());
                    line.put("text", l.text());
                }
                out.println(n.toPrettyString());
            } else {
                out.println(h.subject() + (h.object().equals(ActorId.BPFFS) ? "" : " (" + h.object().key() + ")")
                        + " in " + from.name() + upTo);
                int w = 1 + String.valueOf(h.lines().isEmpty() ? 0 : h.lines().getLast().step()).length();
                for (Audit.Line l : h.lines()) {
                    out.println("  " + String.format("%-" + (w + 1) + "s", "#" + l.step()) + " " + l.text());
                }
            }
            out.flush();
            return Errors.OK;
        }

        /** Opens the history, runs {@code body} on it; an object not found is bad input. */
        int with(java.util.function.ToIntFunction<History> body) {
            try (History h = history.open(JournalProgress.PHASE)) {
                return body.applyAsInt(h);
            } catch (Audit.NotFound e) {
                throw new BadInputException(e.getMessage(), e);
            }
        }

        /** A new walk over the history's steps up to {@code at} ({@link History#END}: all), shown as a phase. */
        static <T> T reading(History h, long at, String what, java.util.function.Function<Iterator<StepRecord>, T> body) {
            Iterator<StepRecord> all = h.steps();
            Iterator<StepRecord> upTo = new Iterator<>() {
                private StepRecord next;

                @Override
                public boolean hasNext() {
                    if (next == null && all.hasNext()) {
                        StepRecord r = all.next();
                        next = r.position() <= at ? r : null;
                    }
                    return next != null;
                }

                @Override
                public StepRecord next() {
                    if (!hasNext()) {
                        throw new java.util.NoSuchElementException();
                    }
                    StepRecord r = next;
                    next = null;
                    return r;
                }
            };
            return JournalProgress.PHASE.during(what, h::stepsRead, () -> body.apply(upTo));
        }

        /**
         * Reads the history twice: once, whole, to find the object behind the id (a link's id may come
         * after --at), then for its history up to --at.
         */
        int byId(IdKind kind, int id) {
            String name = kind.name().toLowerCase(java.util.Locale.ROOT) + " " + id;
            return with(h -> {
                ActorId found = reading(h, History.END, "finding " + name + " in " + h.name(),
                        steps -> Audit.objectWithId(steps, kind, id));
                return print(h, reading(h, h.at(), "reading the history of " + name, steps -> kind == IdKind.LINK
                        ? Audit.link(h.scenario(), steps, (ActorId.LinkId) found, id)
                        : Audit.prog(h.scenario(), steps, (ActorId.ProgId) found, id)));
            });
        }
    }

    @Command(name = "link", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "A link's history: created (by which task, with which prog and attach-time objects), "
                    + "its id reserved and settled, pinned, every session opened through it (with the prog it "
                    + "took), updates, renames, unlinks, GET_FD_BY_ID, last reference dropped, freed.")
    static final class LinkAudit extends Common implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "The link's kernel id (what bpftool link show prints).")
        int id;

        @Override
        public Integer call() {
            return byId(IdKind.LINK, id);
        }
    }

    @Command(name = "prog", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "A prog's history: loaded, its id, the links made on it or updated to or from it, "
                    + "every session that took it, pins, GET_FD_BY_ID, last reference dropped, freed.")
    static final class ProgAudit extends Common implements Callable<Integer> {
        @Parameters(paramLabel = "ID", description = "The prog's kernel id (what bpftool prog show prints).")
        int id;

        @Override
        public Integer call() {
            return byId(IdKind.PROG, id);
        }
    }

    @Command(name = "path", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "A bpffs path's history: mkdir, pins, lookups (open, BPF_OBJ_GET) and what they found, "
                    + "renames, hard links, unlinks.")
    static final class PathAudit extends Common implements Callable<Integer> {
        @Parameters(paramLabel = "PATH", description = "A path under /sys/fs/bpf.")
        String path;

        @Override
        public Integer call() {
            return with(h -> print(h, reading(h, h.at(), "reading the history of " + path,
                    steps -> Audit.path(h.scenario(), steps, path))));
        }
    }
}
