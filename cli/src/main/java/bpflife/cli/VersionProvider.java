package bpflife.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code bpflife --version}: the version the fat jar's manifest carries. */
final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {
            "bpflife " + (v == null ? "(development build)" : v),
            "Java " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ")"
        };
    }
}
