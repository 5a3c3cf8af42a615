package bpflife.cli;

import bpflife.protocol.BuildInfo;
import picocli.CommandLine.IVersionProvider;

/** {@code bpflife --version}: the version and the git commit it was built from (BuildInfo), and the JVM. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {
            "bpflife " + BuildInfo.current().describe(),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"
        };
    }
}
