package bpflife.cli;

import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The training run of the launcher's class-data archive (the {@code bpflife} script; BENCHMARKS.md
 * "Fast history"): a few commands run in one JVM, so that the archive the JVM writes at its exit
 * (JDK 25's AOT cache, or a CDS archive on JDK 21-24) holds the classes, and on JDK 25 the linked
 * call sites and profiles, that the commands a user starts most need: a deterministic run, a live
 * run into an H2 journal (Pekko), the history commands on the world it stored, and a short
 * open-model load (4 s at 200 sessions/s: the live path a load takes, hot enough for C2). A history
 * command starts in about half the time with it (a JVM loads and links some 5,000 classes before
 * it reads its first row). Not a command: the launcher runs it with the archive's flags and throws
 * its output away.
 *
 * <p>Usage: {@code java -cp bpflife.jar bpflife.cli.Training SCENARIO DATA_DIR}; exits 0 when every
 * command exited 0 or 1 (else the launcher keeps no archive: a half-trained one would still be valid,
 * but the failure says the build is broken, and the next build makes it again).
 */
public final class Training {
    private Training() {}

    /** The command lines run, in order, on {@code scenario} (a small .scn) with the journal in {@code data}. */
    static List<String[]> commands(Path scenario, Path data) {
        String scn = scenario.toString();
        String dir = data.toString();
        String w = "training";
        List<String[]> cmds = new ArrayList<>();
        cmds.add(new String[] {"run", scn});
        cmds.add(new String[] {"run", scn, "--live", "--world", w, "--store", "h2", "--data-dir", dir});
        cmds.add(new String[] {"link", "show", "--world", w, "--store", "h2", "--data-dir", dir, "--at", "5"});
        cmds.add(new String[] {"-j", "prog", "show", "--world", w, "--store", "h2", "--data-dir", dir});
        cmds.add(new String[] {"replay", "--world", w, "--store", "h2", "--data-dir", dir});
        cmds.add(new String[] {"audit", "link", "1", "--world", w, "--store", "h2", "--data-dir", dir});
        cmds.add(new String[] {"worlds", "--store", "h2", "--data-dir", dir});
        // the load's hot path: its classes, and on JDK 25 its methods' profiles, so that a load's JIT
        // compiles them from the start (a cold load's p99 was its first seconds: BENCHMARKS.md session 10)
        cmds.add(new String[] {"load", "--rate", "200/s", "--duration", "4", "--read-size", "4096", "--store", "h2",
            "--data-dir", dir, "--world", "training-load"});
        return cmds;
    }

    /** Runs {@link #commands}, their output thrown away; returns the exit codes in order. */
    static List<Integer> run(Path scenario, Path data) {
        PrintWriter none = new PrintWriter(Writer.nullWriter());
        List<Integer> codes = new ArrayList<>();
        for (String[] c : commands(scenario, data)) {
            codes.add(Main.run(none, none, c));
        }
        return codes;
    }

    public static void main(String[] args) {
        if (args.length != 2) {
            System.err.println("usage: bpflife.cli.Training SCENARIO DATA_DIR");
            System.exit(2);
        }
        List<Integer> codes = run(Path.of(args[0]), Path.of(args[1]));
        // a finding (exit 1) is the scenario's business, not the build's: the classes were loaded all the same
        boolean ok = codes.stream().allMatch(c -> c == Errors.OK || c == Errors.FAILED);
        if (!ok) {
            System.err.println("training: exit codes " + codes + " for " + commands(Path.of(args[0]), Path.of(args[1]))
                    .stream().map(c -> String.join(" ", c)).toList());
        }
        System.exit(ok ? 0 : 1);
    }
}
