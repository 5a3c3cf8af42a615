package bpflife.cli;

import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/**
 * The EXAMPLES section of every command's {@code --help} (and of the man page), in one place: the
 * commands are annotated by different hands, and a list here is checked whole by a test
 * ({@code TerminalTest}: every command has examples, each parses as the command line it shows, and
 * fits 80 columns). A command whose annotation already has a footer (draw, trace, graph) keeps it.
 */
final class Examples {
    private Examples() {}

    /** By command path (the words after {@code bpflife}; "" is bpflife itself). */
    static final Map<String, List<String>> BY_COMMAND = Map.ofEntries(
            Map.entry("", List.of(
                    "bpflife run scenarios/rm-during-cats.scn",
                    "bpflife explore scenarios/rm-during-cats.scn --strategy exhaustive",
                    "bpflife replay --world w1",
                    "bpflife run --help")),
            Map.entry("run", List.of(
                    "bpflife run scenarios/rm-during-cats.scn --seed 3",
                    "bpflife run scenarios/rm-during-cats.scn --json | jq .verdict",
                    "bpflife run scenarios/rm-during-cats.scn --journal run.jsonl",
                    "bpflife run scenarios/rm-during-cats.scn --live --world w1")),
            Map.entry("explore", List.of(
                    "bpflife explore scenarios/rm-during-cats.scn --time 60",
                    "bpflife explore scenarios/prog-ref-outside-lock.scn \\",
                    "    --semantics bug-prog-ref-outside-lock --out found",
                    "bpflife explore scenarios/rm-during-cats.scn --strategy exhaustive",
                    "bpflife explore scenarios/rm-during-cats.scn --json > explore.json")),
            Map.entry("shrink", List.of(
                    "bpflife shrink --schedule found/prog-ref-outside-lock.schedule --time 30")),
            Map.entry("diff", List.of(
                    "bpflife diff --schedule found/prog-ref-outside-lock.schedule \\",
                    "    --against bug-prog-ref-outside-lock")),
            Map.entry("semantics", List.of(
                    "bpflife semantics")),
            Map.entry("replay", List.of(
                    "bpflife replay --world w1",
                    "bpflife replay --world w1 --semantics bug-inc-not-zero --json",
                    "bpflife replay --schedule found/prog-ref-outside-lock.schedule --report",
                    "bpflife replay --journal run.jsonl --scenario scenarios/rm-during-cats.scn")),
            Map.entry("audit", List.of(
                    "bpflife audit link 1 --world w1",
                    "bpflife audit prog 1 --scenario scenarios/rm-during-cats.scn --at 120",
                    "bpflife audit path /sys/fs/bpf/tasks/foo --world w1 --json")),
            Map.entry("audit link", List.of(
                    "bpflife audit link 1 --world w1",
                    "bpflife audit link 1 --schedule found/prog-ref-outside-lock.schedule --at 200")),
            Map.entry("audit prog", List.of(
                    "bpflife audit prog 1 --world w1 --json",
                    "bpflife audit prog 1 --scenario scenarios/rm-during-cats.scn --seed 3")),
            Map.entry("audit path", List.of(
                    "bpflife audit path /sys/fs/bpf/tasks/foo --world w1",
                    "bpflife audit path /sys/fs/bpf/tasks/foo --journal run.jsonl \\",
                    "    --scenario scenarios/rm-during-cats.scn")),
            Map.entry("link", List.of(
                    "bpflife link show --world w1 --at 120",
                    "bpflife link show -j -f --scenario scenarios/rm-during-cats.scn --at 40")),
            Map.entry("link show", List.of(
                    "bpflife link show --world w1 --at 120",
                    "bpflife link show -j -f --scenario scenarios/rm-during-cats.scn --at 40")),
            Map.entry("prog", List.of(
                    "bpflife prog show --world w1",
                    "bpflife prog show -p --schedule found/prog-ref-outside-lock.schedule --at 200")),
            Map.entry("prog show", List.of(
                    "bpflife prog show --world w1",
                    "bpflife prog show -p --schedule found/prog-ref-outside-lock.schedule --at 200")),
            Map.entry("kernel", List.of(
                    "bpflife kernel scenarios/rm-during-cats.scn",
                    "bpflife kernel scenarios/rm-during-cats.scn --runs 50",
                    "bpflife kernel scenarios/update-under-reader.scn --json > kernel.json")),
            Map.entry("load", List.of(
                    "bpflife load --sessions 3000 --concurrency 50 --report out",
                    "bpflife load --rate 200/s --duration 60 --store postgres",
                    "bpflife load --find-max --bound 50 --json")),
            Map.entry("worlds", List.of(
                    "bpflife worlds",
                    "bpflife worlds --store postgres -j",
                    "bpflife worlds rm w1")),
            Map.entry("worlds rm", List.of(
                    "bpflife worlds rm w1",
                    "bpflife worlds rm load-2026-01-02-10-00 --store postgres")),
            Map.entry("import", List.of(
                    "bpflife import --links links.json --progs progs.json -o host.scn",
                    "bpflife import --live --name host -o host.scn")),
            // node: h16c's cluster node (docs/CLUSTER.md); listed here before it merges
            Map.entry("node", List.of(
                    "bpflife node --seed 127.0.0.1:25520 --port 25520 --store postgres",
                    "bpflife node --seed 10.0.0.1:25520 --host 10.0.0.2 --tls --store postgres")),
            Map.entry("generate-completion", List.of(
                    "source <(bpflife generate-completion)",
                    "bpflife generate-completion > /etc/bash_completion.d/bpflife")));

    /** Sets the examples of every command of {@code cl} that has no footer of its own. */
    static CommandLine apply(CommandLine cl) {
        apply(cl, "");
        return cl;
    }

    private static void apply(CommandLine cl, String path) {
        CommandLine.Model.UsageMessageSpec usage = cl.getCommandSpec().usageMessage();
        List<String> lines = BY_COMMAND.get(path);
        if (usage.footer().length == 0 && lines != null) {
            usage.footerHeading("%nExamples:%n");
            usage.footer(lines.stream().map(l -> "  " + l.replace("%", "%%")).toArray(String[]::new));
        }
        cl.getSubcommands().forEach((name, sub) -> {
            if (sub.getCommandName().equals(name)) { // not again under an alias
                apply(sub, path.isEmpty() ? name : path + " " + name);
            }
        });
    }
}
