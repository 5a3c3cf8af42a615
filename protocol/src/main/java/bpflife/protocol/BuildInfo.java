package bpflife.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * Which bpflife this is: the version and the git commit it was built from, written into
 * {@code bpflife/protocol/build.properties} at build time (protocol/pom.xml runs {@code git
 * rev-parse}); {@code --version} and the reports show them. A build outside a git checkout says
 * commit "unknown".
 */
public record BuildInfo(String version, String commit) {

    private static final BuildInfo CURRENT = load();

    public static BuildInfo current() {
        return CURRENT;
    }

    /** {@code 0.1.0-SNAPSHOT (commit 1a2b3c4d5e6f)}. */
    public String describe() {
        return version + " (commit " + commit + ")";
    }

    private static BuildInfo load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            // a jar without the file is a development build: say so below
        }
        return new BuildInfo(value(p, "version", "development build"), value(p, "commit", "unknown"));
    }

    private static String value(Properties p, String key, String otherwise) {
        String v = p.getProperty(key, "").strip();
        return v.isEmpty() || v.startsWith("${") ? otherwise : v;
    }
}
