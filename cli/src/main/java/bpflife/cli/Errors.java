package bpflife.cli;

import bpflife.protocol.UserError;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.BooleanSupplier;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IExitCodeExceptionMapper;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The one place where failures become exit codes and a single {@code Error: ...} line on stderr
 * (as bpftool's p_err does); the stack trace follows only with {@code --verbose}.
 *
 * <p>Exit codes: {@link #OK} 0; {@link #FAILED} 1, the run broke an invariant or an expectation;
 * {@link #BAD_INPUT} 2, bad command line, missing or unreadable file, scenario that does not parse;
 * {@link #INTERNAL} 3, a bug in bpflife; {@link #INCOMPLETE} 4, a bound was reached (steps, states,
 * time) before there was an answer, or a check could not run; {@link #INTERRUPTED} 130, Ctrl-C. Every failure a user can act on is a {@link UserError}; anything else is exit 3.
 */
final class Errors implements IExitCodeExceptionMapper, IParameterExceptionHandler, IExecutionExceptionHandler {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int BAD_INPUT = 2;
    static final int INTERNAL = 3;
    static final int INCOMPLETE = UserError.Exit.INCOMPLETE.code();
    static final int INTERRUPTED = UserError.Exit.INTERRUPTED.code();

    private final BooleanSupplier verbose;

    Errors(BooleanSupplier verbose) {
        this.verbose = verbose;
    }

    @Override
    public int getExitCode(Throwable t) {
        return switch (t) {
            case ParameterException p -> BAD_INPUT;
            case UserError u -> u.exit().code();
            // a file or directory the environment refused (full disk, permissions): not a bug
            case java.io.IOException io -> BAD_INPUT;
            case java.io.UncheckedIOException io -> BAD_INPUT;
            default -> INTERNAL;
        };
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        String line = ex.getMessage();
        CommandLine cmd = ex.getCommandLine();
        if (ex instanceof UnmatchedArgumentException u && !cmd.getSubcommands().isEmpty()
                && !u.getUnmatched().isEmpty() && !u.getUnmatched().get(0).startsWith("-")) {
            line = "unknown command '" + u.getUnmatched().get(0) + "'; known: "
                    + String.join(", ", cmd.getSubcommands().keySet());
        } else if (ex instanceof UnmatchedArgumentException u) {
            List<String> suggestions = u.getSuggestions();
            if (!suggestions.isEmpty()) {
                line += "; did you mean " + String.join(" or ", suggestions) + "?";
            }
        }
        ShowCommands.parseError(cmd, args, line); // link/prog -j: bpftool's {"error":...} on stdout too
        if (!(cmd.getCommand() instanceof ShowCommands.Listing) && List.of(args).contains("--json")) {
            jsonError(cmd.getOut(), line);
        }
        line += " (see '" + cmd.getCommandSpec().qualifiedName() + " --help')";
        boolean v = verbose.getAsBoolean() || List.of(args).stream().anyMatch(a -> a.equals("--verbose") || a.startsWith("--verbose="));
        return report(cmd.getErr(), line, ex, v);
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        String line = switch (ex) {
            // one sentence: the thing, where, why (a scenario's file:line:col: expected, found)
            case UserError u -> u.getMessage();
            case java.io.IOException io -> Inputs.ioFailure(io);
            case java.io.UncheckedIOException io -> Inputs.ioFailure(io.getCause());
            default -> "internal error, a bug in bpflife: " + ex
                    + (verbose.getAsBoolean() ? "" : " (--verbose shows the stack trace)");
        };
        if (!(cmd.getCommand() instanceof ShowCommands.Listing) && wantsJson(parseResult)) {
            jsonError(cmd.getOut(), line);
        }
        return report(cmd.getErr(), line, ex, verbose.getAsBoolean());
    }

    /** Whether the command that ran was asked for JSON ({@code --json}); the listings speak bpftool's own. */
    private static boolean wantsJson(ParseResult r) {
        ParseResult last = r;
        while (last != null && last.hasSubcommand()) {
            last = last.subcommand();
        }
        return last != null && last.hasMatchedOption("--json");
    }

    /**
     * The contract's error in JSON mode (docs/JSON.md): {@code {"error":"..."}} on stdout as well as
     * the line on stderr, so a script reading stdout as JSON reads the failure too.
     */
    private static void jsonError(PrintWriter out, String line) {
        String text = line;
        while (text.startsWith("Error: ")) {
            text = text.substring("Error: ".length());
        }
        out.println(JsonNodeFactory.instance.objectNode().put("error", text).toString());
        out.flush();
    }

    private int report(PrintWriter err, String line, Throwable ex, boolean withStack) {
        String text = line;
        while (text.startsWith("Error: ")) { // a message that already says it is one
            text = text.substring("Error: ".length());
        }
        err.println("Error: " + text);
        if (withStack) {
            ex.printStackTrace(err);
        }
        err.flush();
        return getExitCode(ex);
    }
}
