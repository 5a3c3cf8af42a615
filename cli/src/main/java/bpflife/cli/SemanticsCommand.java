package bpflife.cli;

import bpflife.model.Semantics;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bpflife semantics}: the kernel variants a run can use, one line each. */
@Command(name = "semantics", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {
            "List the semantics (variants of the kernel's rules) that 'run --semantics' accepts.",
            "%nlinux is the kernel as merged; each bug-* variant changes one rule, the minimal change "
                    + "that brings back a known bug.%n"
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:listed",
            "2:bad input: command line",
            "3:internal error (a bug in bpflife)"
        })
final class SemanticsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Option(names = "--json", description = "Print the list as one JSON document.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            com.fasterxml.jackson.databind.node.ObjectNode doc =
                    com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
            doc.put("version", 1);
            com.fasterxml.jackson.databind.node.ArrayNode all = doc.putArray("semantics");
            for (Semantics s : Semantics.all()) {
                all.addObject().put("name", s.name()).put("summary", s.summary());
            }
            out.println(doc.toPrettyString());
            out.flush();
            return Errors.OK;
        }
        int width = Semantics.all().stream().mapToInt(s -> s.name().length()).max().orElse(0);
        for (Semantics s : Semantics.all()) {
            out.println(Text.pad(s.name(), width) + "  " + s.summary());
        }
        out.flush();
        return Errors.OK;
    }
}
