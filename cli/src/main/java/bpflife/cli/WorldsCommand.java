package bpflife.cli;

import bpflife.actors.LiveWorld;
import bpflife.persistence.Worlds;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bpflife worlds [--json]}: the worlds the journal holds, each with its scenario, steps,
 * status and size; {@code bpflife worlds rm NAME}: deletes one world's rows (its name is free
 * again).
 */
@Command(name = "worlds", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "The worlds in the journal (from 'run --live' and 'load'): name, scenario, steps, status "
                    + "(complete, stopped, interrupted, failed; running if it never ended, e.g. killed; "
                    + "unknown if recorded before worlds had a status) and size.%n",
            "World names: letters, digits, '.', '_' and '-', starting with a letter or digit, at most "
                    + LiveWorld.MAX_NAME + " characters.%n"
        },
        subcommands = {WorldsCommand.Remove.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:the worlds were listed",
            "2:bad input: the journal can't be opened or read; command line",
            "3:internal error (a bug in bpflife)"
        })
final class WorldsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StoreOptions store;

    @Option(names = {"--json", "-j"}, description = "JSON output.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        return store.with(s -> {
            List<Worlds.Info> all = Worlds.list(s);
            if (json) {
                ObjectNode doc = JsonNodeFactory.instance.objectNode();
                doc.put("version", 1);
                doc.put("journal_db", s.settings().describe());
                ArrayNode arr = doc.putArray("worlds");
                for (Worlds.Info i : all) {
                    ObjectNode n = arr.addObject();
                    n.put("name", i.name());
                    n.put("scenario", i.scenario());
                    if (i.meta() != null && i.meta().hash() != null) {
                        n.put("scenario_sha256", i.meta().hash());
                    }
                    if (i.meta() != null) {
                        n.put("semantics", i.meta().semantics());
                    }
                    n.put("steps", i.steps());
                    n.put("status", i.status().word());
                    if (i.ended() != null) {
                        n.put("reason", i.ended().reason());
                    }
                    n.put("rows", i.rows());
                    n.put("bytes", i.bytes());
                }
                out.println(doc.toPrettyString());
            } else if (all.isEmpty()) {
                out.println("no worlds in the journal (" + s.settings().describe() + ")");
            } else {
                out.printf("%-24s %-22s %9s %-11s %9s%n", "NAME", "SCENARIO", "STEPS", "STATUS", "SIZE");
                for (Worlds.Info i : all) {
                    out.printf("%-24s %-22s %9d %-11s %9s%n", cut(i.name(), 24), cut(i.scenario(), 22), i.steps(),
                            i.status().word(), size(i.bytes()));
                }
            }
            out.flush();
            return Errors.OK;
        });
    }

    private static String cut(String s, int w) {
        return s.length() <= w ? s : s.substring(0, w - 1) + "\u2026";
    }

    private static String size(long bytes) {
        if (bytes < 0) {
            return "?";
        }
        if (bytes < 10_000) {
            return bytes + " B";
        }
        if (bytes < 10_000_000) {
            return (bytes / 1000) + " kB";
        }
        return (bytes / 1_000_000) + " MB";
    }

    @Command(name = "rm", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Deletes every row of one world from the journal; its name is free again.%n"},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {
                "0:the world was deleted",
                "2:bad input: no such world, a bad name, the journal can't be opened or written",
                "3:internal error (a bug in bpflife)"
            })
    static final class Remove implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StoreOptions store;

        @Parameters(paramLabel = "NAME", description = "The world to delete.")
        String name;

        @Option(names = {"--json", "-j"}, description = "Say what was deleted as one JSON document "
                + "(docs/WORLDS-JSON.md).")
        boolean json;

        @Override
        public Integer call() {
            LiveWorld.checkName(name);
            PrintWriter out = spec.commandLine().getOut();
            return store.with(s -> {
                if (Worlds.get(s, name) == null) {
                    throw new BadInputException("no world '" + name + "' in the journal (" + s.settings().describe()
                            + ")");
                }
                long rows = Worlds.remove(s, name);
                if (json) {
                    out.println(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                            .put("version", 1).put("deleted", name).put("rows", rows)
                            .put("journal_db", s.settings().describe()).toPrettyString());
                } else {
                    out.println("world " + name + " deleted (" + rows + " rows)");
                }
                out.flush();
                return Errors.OK;
            });
        }
    }
}
