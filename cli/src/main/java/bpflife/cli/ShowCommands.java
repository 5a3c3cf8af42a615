package bpflife.cli;

import bpflife.cli.history.History;
import bpflife.cli.history.HistoryOptions;
import bpflife.model.world.Listings;
import bpflife.protocol.IdKind;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bpflife link show --world NAME [--at STEP] [--json]} and {@code prog show ...}: what
 * {@code bpftool link show} / {@code prog show} would have printed right after a step of a stored
 * world (at its end by default), in bpftool's plain format or its JSON. The objects' states are
 * folded from the journal's query stream up to that step.
 */
final class ShowCommands {
    private ShowCommands() {}

    /** Options of both listings. */
    static class Show {
        @Mixin
        HistoryOptions history = new HistoryOptions();

        @Option(names = {"--json", "-j"}, description = "bpftool's JSON (-j) instead of its plain format.")
        boolean json;

        @Spec
        CommandSpec spec;

        int show(IdKind kind) {
            List<Listings.Entry> entries;
            try (History h = history.open(JournalProgress.PHASE)) {
                entries = Listings.show(h.view().states(), kind);
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                ArrayNode a = JsonNodeFactory.instance.arrayNode();
                entries.forEach(e -> a.add(Bpftool.json(e.info())));
                out.println(a.toString());
            } else {
                entries.forEach(e -> out.println(Bpftool.plain(e.info())));
            }
            out.flush();
            return Errors.OK;
        }
    }

    @Command(name = "link", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Iterator links of a stored world, as bpftool shows them.",
            subcommands = {LinkShow.class})
    static final class Link implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            throw new ParameterException(spec.commandLine(), "missing command: show");
        }
    }

    @Command(name = "show", aliases = "list", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "What 'bpftool link show' would have printed right after a step of a stored world.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {
                "0:listed",
                "2:bad input: unknown world or step, a journal that cannot be opened, command line",
                "3:internal error (a bug in bpflife)"
            })
    static final class LinkShow extends Show implements Callable<Integer> {
        @Override
        public Integer call() {
            return show(IdKind.LINK);
        }
    }

    @Command(name = "prog", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "Programs of a stored world, as bpftool shows them.",
            subcommands = {ProgShow.class})
    static final class Prog implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            throw new ParameterException(spec.commandLine(), "missing command: show");
        }
    }

    @Command(name = "show", aliases = "list", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "What 'bpftool prog show' would have printed right after a step of a stored world.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {
                "0:listed",
                "2:bad input: unknown world or step, a journal that cannot be opened, command line",
                "3:internal error (a bug in bpflife)"
            })
    static final class ProgShow extends Show implements Callable<Integer> {
        @Override
        public Integer call() {
            return show(IdKind.PROG);
        }
    }
}
