package bpflife.cli;

import bpflife.model.scenario.Scenario;
import bpflife.persistence.Audit;
import bpflife.persistence.LiveWorlds;
import bpflife.persistence.Store;
import bpflife.persistence.WorldStream;
import bpflife.protocol.ActorId;
import bpflife.protocol.IdKind;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bpflife audit link|prog|path ... --world NAME}: one object's whole history in a stored
 * world, each line with its global step. A projection over the journal's query stream.
 */
@Command(name = "audit", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "The history of a link, a prog or a bpffs path in a stored world (from 'run --live'), "
                    + "each fact with its global step.%n"
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

    /** Options every audit takes. */
    static class Common {
        @Option(names = "--world", paramLabel = "NAME", required = true, description = "The stored world.")
        String world;

        @Option(names = "--json", description = "Print the history as one JSON document.")
        boolean json;

        @Mixin
        StoreOptions store = new StoreOptions();

        @Spec
        CommandSpec spec;

        int print(Audit.History h) {
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ObjectNode n = JsonNodeFactory.instance.objectNode();
                n.put("version", 1);
                n.put("world", world);
                n.put("subject", h.subject());
                n.put("object", h.object().key());
                ArrayNode lines = n.putArray("history");
                for (Audit.Line l : h.lines()) {
                    ObjectNode o = lines.addObject();
                    o.put("step", l.step());
                    o.put("what", l.what());
                    o.put("text", l.text());
                }
                out.println(n.toPrettyString());
            } else {
                out.println(h.subject() + (h.object().equals(ActorId.BPFFS) ? "" : " (" + h.object().key() + ")")
                        + " in world " + world);
                int w = 1 + String.valueOf(h.lines().isEmpty() ? 0 : h.lines().getLast().step()).length();
                for (Audit.Line l : h.lines()) {
                    out.println("  " + String.format("%-" + (w + 1) + "s", "#" + l.step()) + " " + l.text());
                }
            }
            out.flush();
            return Errors.OK;
        }

        /** Reads the world twice: once to find the object behind the id, once for its history. */
        int byId(IdKind kind, int id) {
            return store.with(s -> {
                ActorId object;
                Scenario sc;
                try (WorldStream ws = WorldStream.open(s, world)) {
                    sc = LiveWorlds.env(ws.meta(), null).scenario();
                    object = JournalProgress.reading("finding " + kind.name().toLowerCase(java.util.Locale.ROOT) + " "
                            + id + " in world " + world, ws).during(() -> Audit.objectWithId(ws.stepRecords(), kind, id));
                }
                try (WorldStream ws = WorldStream.open(s, world)) {
                    ActorId found = object;
                    return print(JournalProgress.reading("reading the history of "
                            + kind.name().toLowerCase(java.util.Locale.ROOT) + " " + id, ws).during(() ->
                            kind == IdKind.LINK
                                    ? Audit.link(sc, ws.stepRecords(), (ActorId.LinkId) found, id)
                                    : Audit.prog(sc, ws.stepRecords(), (ActorId.ProgId) found, id)));
                }
            });
        }

        static Scenario scenario(Store s, WorldStream ws) {
            return LiveWorlds.env(ws.meta(), null).scenario();
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
            return store.with(s -> {
                try (WorldStream ws = WorldStream.open(s, world)) {
                    return print(JournalProgress.reading("reading the history of " + path, ws)
                            .during(() -> Audit.path(scenario(s, ws), ws.stepRecords(), path)));
                }
            });
        }
    }
}
