package bpflife.cli;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code bpflife}: the top command. Output goes to stdout, logs and errors to stderr; the exit
 * code says how it went (see {@link Errors}).
 */
@Command(name = "bpflife", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "An event-sourced model of the Linux kernel's BPF iterator objects (progs, iterator links, "
                    + "seq_file sessions, bpffs pins, fds, tasks): runs race scenarios step by step, "
                    + "deterministically, and checks the kernel's invariants after every step.%n"
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:pass: every invariant and expectation held, the worlds agree",
            "1:found: a violation, a failed expectation, a divergence, a difference",
            "2:bad input or environment: command line, file, scenario, journal that cannot be opened, database down",
            "3:internal error: a bug in bpflife (--verbose shows the stack trace; please report it)",
            "4:incomplete: a bound was reached (steps, states, time) before an answer, or a check could not run",
            "130:interrupted (Ctrl-C): what was acknowledged is kept"
        })
public final class Main implements Callable<Integer> {

    /**
     * Every command, in the order help lists them. Not the annotation's {@code subcommands}: picocli
     * builds every listed command's model (reflection over its options, mixins and subcommands) for
     * each command line, about 0.1 s of CPU at a cold start, so {@link #run} builds only the
     * command named (hook: h16h, issue 16 fast history).
     */
    static final java.util.List<Class<?>> COMMANDS = java.util.List.of(RunCommand.class, ExploreCommand.class,
            ShrinkCommand.class, DiffCommand.class, SemanticsCommand.class, ReplayCommand.class, AuditCommand.class,
            ShowCommands.Link.class, ShowCommands.Prog.class, KernelCommand.class, LoadCommand.class, NodeCommand.class,
            WorldsCommand.class, ImportCommand.class, PictureCommands.Draw.class, PictureCommands.Trace.class,
            PictureCommands.Graph.class, picocli.AutoComplete.GenerateCompletion.class);

    /** bpflife's whole command tree (help, the man page, completion, tests). */
    static CommandLine commandLine() {
        return commandLine(new Main(), null);
    }

    /** The tree with every command, or only the command named {@code only}. */
    private static CommandLine commandLine(Main main, String only) {
        CommandLine cl = new CommandLine(main);
        for (Class<?> c : COMMANDS) {
            if (only == null || only.equals(c.getAnnotation(Command.class).name())) {
                cl.addSubcommand(c);
            }
        }
        return cl;
    }

    /** The command a hoisted command line names first, when it is one of {@link #COMMANDS} (completion needs them all). */
    private static String named(String[] args) {
        if (args.length == 0 || args[0].equals("generate-completion")) {
            return null;
        }
        for (Class<?> c : COMMANDS) {
            if (args[0].equals(c.getAnnotation(Command.class).name())) {
                return args[0];
            }
        }
        return null;
    }

    @Spec
    CommandSpec spec;

    private boolean verbose;

    /** What {@code --verbose} raises to DEBUG: bpflife's own loggers, or every logger ({@code --verbose=all}). */
    enum Verbosity { BPFLIFE, ALL }

    @Option(names = "--verbose", scope = ScopeType.INHERIT, arity = "0..1", fallbackValue = "bpflife",
            paramLabel = "all", preprocessor = VerboseValue.class,
            description = "Log bpflife's own loggers at DEBUG on stderr and print stack traces with errors; "
                    + "--verbose=all raises every library's loggers too (Pekko, the journal, H2...).")
    void setVerbose(Verbosity v) {
        verbose = v != null;
        if (v != null) {
            Logging.verbose(v == Verbosity.ALL);
        }
    }

    /**
     * {@code --verbose} takes a value only when attached ({@code --verbose=all}): {@code run --verbose
     * FILE.scn} must not read the scenario's name as the verbosity.
     */
    static final class VerboseValue implements CommandLine.IParameterPreprocessor {
        @Override
        public boolean preprocess(java.util.Stack<String> args, CommandSpec command, CommandLine.Model.ArgSpec arg,
                java.util.Map<String, Object> info) {
            // picocli says which separator it met: the parser's ("=") only when the value was attached
            if (!command.parser().separator().equals(info.get("separator"))) {
                arg.setValue(Verbosity.BPFLIFE);
                return true; // handled: the next argument is not ours
            }
            return false;
        }
    }

    boolean verbose() {
        return verbose;
    }

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "missing command: one of "
                + String.join(", ", spec.subcommands().keySet()));
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line with stdout and stderr (as UTF-8); returns the exit code. */
    public static int run(String... args) {
        PrintWriter out = stdout(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), Colour.stdout());
        PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        return run(out, err, args);
    }

    /** Stdout, with its verdicts coloured when {@code colour} is on ({@link VerdictColours}). */
    static PrintWriter stdout(java.io.Writer raw, Colour colour) {
        return new PrintWriter(colour.on() ? new VerdictColours(raw, colour) : raw, true);
    }

    /** Runs one command line writing to the given streams (tests capture them); returns the exit code. */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        Logging.Levels level = Logging.current();
        Main main = new Main();
        Errors errors = new Errors(main::verbose);
        String[] hoisted = ShowCommands.hoist(args); // bpftool's options before the object: -j link show
        CommandLine cl = Examples.apply(commandLine(main, named(hoisted)))
                .setOut(out)
                .setErr(err)
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExitCodeExceptionMapper(errors)
                .setParameterExceptionHandler(errors)
                .setExecutionExceptionHandler(errors);
        try {
            return cl.execute(hoisted);
        } finally {
            out.flush();
            err.flush();
            Logging.restore(level);
        }
    }
}
