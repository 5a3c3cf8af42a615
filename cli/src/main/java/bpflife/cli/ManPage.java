package bpflife.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * The man page ({@code bpflife.1}, roff) and the bash/zsh completion script, both generated from
 * the commands' picocli annotations, so they cannot drift from {@code --help}. The build writes them
 * (cli/pom.xml runs {@link #main} after compiling) into {@code cli/target/man/man1/bpflife.1} and
 * {@code cli/target/completion/bpflife}; {@code man -l cli/target/man/man1/bpflife.1} reads it,
 * {@code source cli/target/completion/bpflife} (or {@code source <(bpflife generate-completion)})
 * completes commands and options.
 */
public final class ManPage {
    private ManPage() {}

    /** {@code main(DIR)}: writes DIR/man/man1/bpflife.1 and DIR/completion/bpflife. */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "target");
        CommandLine cl = Examples.apply(Main.commandLine());
        Path man = dir.resolve("man").resolve("man1").resolve("bpflife.1");
        Files.createDirectories(man.getParent());
        Files.writeString(man, render(cl), StandardCharsets.UTF_8);
        Path completion = dir.resolve("completion").resolve("bpflife");
        Files.createDirectories(completion.getParent());
        Files.writeString(completion, AutoComplete.bash("bpflife", cl), StandardCharsets.UTF_8);
    }

    /** The whole man page: the top command, then each command (and subcommand) in its own section. */
    static String render(CommandLine top) {
        CommandSpec spec = top.getCommandSpec();
        StringBuilder b = new StringBuilder();
        String version = bpflife.protocol.BuildInfo.current().version();
        b.append(".TH BPFLIFE 1 \"\" \"bpflife ").append(roff(version)).append("\" \"bpflife manual\"\n");
        b.append(".SH NAME\nbpflife \\- model and check the lifecycles of Linux BPF iterator objects\n");
        b.append(".SH SYNOPSIS\n.B bpflife\n.RI [ OPTIONS ] \" COMMAND \" [ ARGS ]\n");
        b.append(".SH DESCRIPTION\n");
        paragraphs(b, spec.usageMessage().description());
        b.append(".SH OPTIONS\n");
        options(b, spec);
        b.append(".SH COMMANDS\n");
        for (Map.Entry<String, CommandLine> e : spec.subcommands().entrySet()) {
            if (!e.getValue().getCommandSpec().usageMessage().hidden()) {
                command(b, "bpflife " + e.getKey(), e.getValue().getCommandSpec());
            }
        }
        b.append(".SH EXIT STATUS\n");
        exitCodes(b, spec);
        b.append(".SH ENVIRONMENT\n")
                .append(".TP\n.B NO_COLOR\nWhen set (and not empty), no colour in any output.\n")
                .append(".TP\n.B BPFLIFE_STORE, BPFLIFE_DATA_DIR, BPFLIFE_PG_URL\n")
                .append("Which journal database live runs and worlds use (see README).\n");
        b.append(".SH SEE ALSO\n.BR bpftool (8),\n.BR bpf (2)\n");
        return b.toString();
    }

    private static void command(StringBuilder b, String name, CommandSpec spec) {
        b.append(".SS \"").append(roff(name)).append("\"\n");
        b.append(".nf\n").append(roff(synopsis(name, spec))).append("\n.fi\n");
        paragraphs(b, spec.usageMessage().description());
        options(b, spec);
        if (spec.usageMessage().footer().length > 0) {
            b.append(".PP\n").append(roff(spec.usageMessage().footerHeading().replace("%n", "").strip())).append("\n");
            b.append(".nf\n");
            for (String line : spec.usageMessage().footer()) {
                b.append(roff(line.replace("%n", ""))).append('\n');
            }
            b.append(".fi\n");
        }
        for (Map.Entry<String, CommandLine> e : spec.subcommands().entrySet()) {
            if (!e.getValue().getCommandSpec().usageMessage().hidden()) {
                command(b, name + " " + e.getKey(), e.getValue().getCommandSpec());
            }
        }
    }

    private static String synopsis(String name, CommandSpec spec) {
        StringBuilder s = new StringBuilder(name);
        for (PositionalParamSpec p : spec.positionalParameters()) {
            s.append(' ').append(p.paramLabel());
        }
        if (!spec.options().isEmpty()) {
            s.append(" [OPTIONS]");
        }
        return s.toString();
    }

    private static void options(StringBuilder b, CommandSpec spec) {
        for (PositionalParamSpec p : spec.positionalParameters()) {
            b.append(".TP\n.I ").append(roff(p.paramLabel())).append('\n');
            b.append(roff(text(p.description()))).append('\n');
        }
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) {
                continue;
            }
            b.append(".TP\n.B ").append(roff(String.join(", ", o.names())));
            if (!o.typeInfo().isBoolean() && o.arity().max() > 0) {
                b.append(o.arity().min() == 0 ? "[=" + roff(o.paramLabel()) + "]" : " " + roff(o.paramLabel()));
            }
            b.append('\n').append(roff(text(o.description()).replace("${DEFAULT-VALUE}",
                    String.valueOf(o.defaultValue())))).append('\n');
        }
    }

    private static void exitCodes(StringBuilder b, CommandSpec spec) {
        for (Map.Entry<String, String> e : spec.usageMessage().exitCodeList().entrySet()) {
            b.append(".TP\n.B ").append(roff(e.getKey().strip())).append('\n').append(roff(e.getValue())).append('\n');
        }
    }

    private static void paragraphs(StringBuilder b, String[] lines) {
        for (String para : String.join(" ", lines).split("%n")) {
            if (!para.isBlank()) {
                b.append(".PP\n").append(roff(para.strip())).append('\n');
            }
        }
    }

    private static String text(String[] lines) {
        return String.join(" ", List.of(lines)).replace("%n", " ").strip();
    }

    /** Text safe for roff: backslashes doubled, hyphens as \-, no line starting with a dot or quote. */
    static String roff(String s) {
        String t = s.replace("\\", "\\e").replace("-", "\\-");
        StringBuilder out = new StringBuilder();
        for (String line : t.split("\n", -1)) {
            if (!out.isEmpty()) {
                out.append('\n');
            }
            if (line.startsWith(".") || line.startsWith("'")) {
                out.append("\\&");
            }
            out.append(line);
        }
        return out.toString();
    }
}
