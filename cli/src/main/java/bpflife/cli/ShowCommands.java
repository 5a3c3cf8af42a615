package bpflife.cli;

import bpflife.cli.history.History;
import bpflife.cli.history.HistoryOptions;
import bpflife.model.world.BpftoolFormat;
import bpflife.protocol.IdKind;
import bpflife.protocol.UserError;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bpflife [-j|-p] [-f] [-n] link [show|list] [id N | pinned PATH]} and {@code ... prog
 * [show|list] [id N | pinned PATH | name NAME | tag TAG]}, with a history ({@code --world NAME |
 * --schedule FILE | --journal FILE --scenario FILE | --scenario FILE [--seed N]}, {@code --at STEP}):
 * what {@code bpftool link show} / {@code prog show} would have printed right after that step, byte
 * for byte in bpftool's plain format or its JSON ({@link Bpftool}), with bpftool's command shape:
 * the global options before the object or anywhere after it, a bare {@code link} meaning
 * {@code link show}, the pids of the tasks holding each object, bpftool's error sentences, and in
 * JSON mode an error as {@code {"error":"..."}} on stdout (and the usual line on stderr), exit 2.
 */
final class ShowCommands {
    private ShowCommands() {}

    /** bpftool's global options this mirror takes (main.c): -j, -p, -f, -n. */
    static final class Global {
        @Option(names = {"-j", "--json"}, description = "bpftool's JSON (-j) instead of its plain format.")
        boolean json;

        @Option(names = {"-p", "--pretty"}, description = "bpftool's indented JSON (implies -j).")
        boolean pretty;

        @Option(names = {"-f", "--bpffs"}, description = "Show the bpffs paths each object is pinned at.")
        boolean bpffs;

        @Option(names = {"-n", "--nomount"}, description = "Accepted as bpftool does (the model's bpffs is always mounted).")
        boolean nomount;

        boolean jsonOut() {
            return json || pretty;
        }
    }

    /** The options of bpftool's that may come before the object ({@code bpflife -j link show}). */
    private static final List<String> GLOBAL = List.of("--json", "--pretty", "--bpffs", "--nomount");
    private static final String GLOBAL_SHORT = "jpfn";

    /** What may follow {@code link} or {@code prog} and is not {@code show}'s business. */
    private static final List<String> OWN = List.of("show", "list", "-h", "--help", "-V", "--version");

    /**
     * bpftool's command shape, given to picocli: the global options anywhere (getopt permutes
     * them), so {@code bpflife -jf link show ...} becomes {@code link show ... -jf} for the command
     * that runs to parse; and a bare {@code link} / {@code prog} means {@code show}
     * ({@code bpflife link --world w} is {@code link show --world w}). Any other command line is
     * returned as it is.
     */
    static String[] hoist(String[] args) {
        int i = 0;
        while (i < args.length && isGlobal(args[i])) {
            i++;
        }
        if (i == args.length || !(args[i].equals("link") || args[i].equals("prog"))) {
            return args;
        }
        List<String> globals = new ArrayList<>(List.of(args).subList(0, i));
        int j = i + 1;
        while (j < args.length && isGlobal(args[j])) {
            globals.add(args[j++]);
        }
        List<String> out = new ArrayList<>();
        out.add(args[i]);
        if (j == args.length || !OWN.contains(args[j])) {
            out.add("show");
        }
        out.addAll(List.of(args).subList(j, args.length));
        out.addAll(globals);
        return out.toArray(String[]::new);
    }

    private static boolean isGlobal(String a) {
        if (GLOBAL.contains(a)) {
            return true;
        }
        if (a.length() < 2 || a.charAt(0) != '-' || a.charAt(1) == '-') {
            return false;
        }
        return a.substring(1).chars().allMatch(c -> GLOBAL_SHORT.indexOf(c) >= 0);
    }

    /**
     * For Errors: a command line that failed to parse and asked for JSON of a link or prog command
     * also gets bpftool's {@code {"error":"..."}} on stdout.
     */
    static void parseError(CommandLine cmd, String[] args, String message) {
        Object user = cmd.getCommand();
        String text = message.startsWith("Error: ") ? message.substring("Error: ".length()) : message;
        if (!(user instanceof Listing)) {
            return;
        }
        boolean pretty = false;
        boolean json = false;
        for (String a : args) {
            if (a.equals("--")) {
                break;
            }
            pretty |= a.equals("--pretty") || (isGlobal(a) && !a.startsWith("--") && a.indexOf('p') > 0);
            json |= a.equals("--json") || (isGlobal(a) && !a.startsWith("--") && a.indexOf('j') > 0);
        }
        if (json || pretty) {
            error(cmd.getOut(), text, pretty);
        }
    }

    /** bpftool's p_err in JSON mode: {@code {"error":"..."}}. */
    static void error(PrintWriter out, String message, boolean pretty) {
        out.print(BpftoolFormat.error(message, pretty));
        out.flush();
    }

    /** A listing command: the selector words, bpftool's options, the history. */
    abstract static class Listing implements Callable<Integer> {
        @Mixin
        Global global = new Global();

        @Mixin
        HistoryOptions history = new HistoryOptions();

        @Spec
        CommandSpec spec;

        abstract List<String> words();

        abstract IdKind kind();

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                Selector sel = Selector.parse(kind(), words());
                Listing.Result r;
                try (History h = history.open(JournalProgress.PHASE)) {
                    History.View v = h.view();
                    r = new ListedObjects(v, h.scenario(), kind()).select(sel);
                } catch (History.Handover e) {
                    return e.exit(); // nothing printed: the launcher runs the command again (bin/jvm-flags)
                }
                BpftoolFormat.Options o = new BpftoolFormat.Options(global.json, global.pretty, global.bpffs);
                out.print(BpftoolFormat.listing(r.shown(), r.array(), r.pinnedKey(), r.stopped(), o));
                if (r.stopped() != null && !o.jsonOut()) {
                    out.flush();
                    spec.commandLine().getErr().println("Error: " + r.stopped());
                    spec.commandLine().getErr().flush();
                }
                out.flush();
                return r.stopped() == null ? Errors.OK : Errors.FAILED;
            } catch (UserError e) {
                if (global.jsonOut()) {
                    error(out, e.getMessage(), global.pretty);
                }
                throw e;
            }
        }

        /**
         * What a listing printed.
         *
         * @param array     JSON: an array (a walk, or several matches of a name or tag), not one object
         * @param pinnedKey at least one object of the kind is pinned (bpftool -f then adds "pinned" to each)
         * @param stopped   the error the walk stopped at (an id not yet settled: EAGAIN), or null
         */
        record Result(List<BpftoolFormat.Shown> shown, boolean array, boolean pinnedKey, String stopped) {}
    }

    static final String LINK_SELECTOR = "Which link: 'id N' or 'pinned PATH' (default: every link).";
    static final String PROG_SELECTOR = "Which programs: 'id N', 'pinned PATH', 'name NAME' or 'tag TAG' "
            + "(default: every program).";

    @Command(name = "link", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Iterator links, as 'bpftool link show' lists them, right after a step of a run "
                    + "(at its end by default); 'link' alone is 'link show'.",
                "%nThe run is a stored world, a schedule file, a journal file or a seeded run of a scenario. "
                    + "The global options -j, -p, -f, -n may also come before 'link' (bpflife -j link show)."
                    + " docs/BPFTOOL.md has the fields and what is synthetic.%n"},
            subcommands = {LinkShow.class},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {
                "0:listed",
                "1:the walk stopped at an id not yet settled (as bpftool does with EAGAIN)",
                "2:bad input: no such link, a bad selector, an unknown world or step, an unreadable file, "
                        + "command line",
                "3:internal error (a bug in bpflife)"
            })
    static final class Link implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            // not reached from Main (a bare 'link' is given 'show'), only from a CommandLine made elsewhere
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing command: show");
        }
    }

    @Command(name = "show", aliases = "list", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "What 'bpftool link show' would have printed right after a step of a run.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {
                "0:listed",
                "1:the walk stopped at an id not yet settled (as bpftool does with EAGAIN)",
                "2:bad input: no such link, a bad selector, an unknown world or step, an unreadable file, "
                        + "command line",
                "3:internal error (a bug in bpflife)"
            })
    static final class LinkShow extends Listing {
        @Parameters(paramLabel = "SELECTOR", arity = "0..*", description = LINK_SELECTOR)
        List<String> words = new ArrayList<>();

        @Override
        List<String> words() {
            return words;
        }

        @Override
        IdKind kind() {
            return IdKind.LINK;
        }
    }

    @Command(name = "prog", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Programs, as 'bpftool prog show' lists them, right after a step of a run "
                    + "(at its end by default); 'prog' alone is 'prog show'.",
                "%nThe run is a stored world, a schedule file, a journal file or a seeded run of a scenario. "
                    + "The global options -j, -p, -f, -n may also come before 'prog' (bpflife -j prog show)."
                    + " docs/BPFTOOL.md has the fields and what is synthetic.%n"},
            subcommands = {ProgShow.class},
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {
                "0:listed",
                "1:the walk stopped at an id not yet settled (as bpftool does with EAGAIN)",
                "2:bad input: no such program, a bad selector, an unknown world or step, an unreadable file, "
                        + "command line",
                "3:internal error (a bug in bpflife)"
            })
    static final class Prog implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            // not reached from Main (a bare 'prog' is given 'show'), only from a CommandLine made elsewhere
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing command: show");
        }
    }

    @Command(name = "show", aliases = "list", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = "What 'bpftool prog show' would have printed right after a step of a run.",
            exitCodeListHeading = "%nExit codes:%n",
            exitCodeList = {
                "0:listed",
                "1:the walk stopped at an id not yet settled (as bpftool does with EAGAIN)",
                "2:bad input: no such program, a bad selector, an unknown world or step, an unreadable file, "
                        + "command line",
                "3:internal error (a bug in bpflife)"
            })
    static final class ProgShow extends Listing {
        @Parameters(paramLabel = "SELECTOR", arity = "0..*", description = PROG_SELECTOR)
        List<String> words = new ArrayList<>();

        @Override
        List<String> words() {
            return words;
        }

        @Override
        IdKind kind() {
            return IdKind.PROG;
        }
    }
}
