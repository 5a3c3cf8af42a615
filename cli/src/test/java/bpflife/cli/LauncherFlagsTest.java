package bpflife.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The JVM flags the launcher adds per command and for its class-data archive (bin/jvm-flags, run
 * alone as the launcher sources it): C1 and the serial GC for the short read commands only, the
 * archive only when it is there, newer than the jar and made for this JDK, with the JVM's
 * complaints about it silenced (an archive it cannot use must not print on stdout).
 */
class LauncherFlagsTest {
    @TempDir
    Path tmp;
    private Path jar;

    @BeforeEach
    void jar() throws IOException {
        jar = Files.writeString(tmp.resolve("bpflife.jar"), "jar");
        Files.setLastModifiedTime(jar, FileTime.fromMillis(1_000_000_000L));
    }

    /** A JDK home with only its release file, of {@code version}. */
    private Path jdk(String version) throws IOException {
        Path home = Files.createDirectories(tmp.resolve("jdk-" + version));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version + "\"\n");
        return home;
    }

    private List<String> flags(Path home, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("bash", Path.of("..", "bin", "jvm-flags").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("BPFLIFE_JAVA_OPTS");
        pb.environment().put("JAVA_HOME", home.toString());
        pb.environment().put("BPFLIFE_JAR", jar.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), out);
        return out.isEmpty() ? List.of() : List.of(out.split("\n"));
    }

    private List<String> flags(Path home, String... args) throws Exception {
        return flags(home, Map.of(), args);
    }

    /** The archive bin/jvm-flags names for {@code home}, written newer ({@code newer}) or older than the jar. */
    private Path archive(Path home, boolean newer) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", ". ../bin/jvm-flags && archive_file \"$1\" \"$2\"", "x",
                home.toString(), jar.toString());
        Process p = pb.start();
        String name = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, p.waitFor());
        Path f = Path.of(name);
        assertEquals(jar.getParent(), f.getParent(), "beside the jar: " + f);
        Files.writeString(f, "archive");
        Files.setLastModifiedTime(f, FileTime.fromMillis(1_000_000_000L + (newer ? 60_000 : -60_000)));
        return f;
    }

    @Test
    @DisplayName("short read commands get C1 only and the serial GC; replay, audit, run, explore and load keep the defaults")
    void perCommand() throws Exception {
        Path home = jdk("25.0.3");
        List<String> c1 = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");
        assertEquals(c1, flags(home, "link", "show", "--world", "w", "--at", "5"));
        assertEquals(c1, flags(home, "-j", "prog", "show", "--world", "w"), "bpftool's options come first");
        assertEquals(c1, flags(home, "--verbose", "worlds"));
        assertEquals(c1, flags(home, "--version"));
        for (String cmd : List.of("replay", "audit", "run", "explore", "load", "node", "shrink")) {
            assertEquals(List.of(), flags(home, cmd, "--world", "w"), cmd);
        }
        assertEquals(List.of("-XX:TieredStopAtLevel=1"), flags(home, Map.of("BPFLIFE_JAVA_OPTS", "-Xmx1g -XX:+UseG1GC"),
                "link", "show"), "a GC the user chose is left alone");
    }

    @Test
    @DisplayName("JDK 25: the AOT cache only when it is newer than the jar, its log tags off; none without one")
    void aotCache() throws Exception {
        Path home = jdk("25.0.3");
        assertEquals(List.of(), flags(home, "replay"), "no archive yet");
        Path old = archive(home, false);
        assertEquals(List.of(), flags(home, "replay"), "older than the jar: made for another build");
        Path f = archive(home, true);
        assertEquals(old, f);
        assertEquals(List.of("-XX:AOTCache=" + f, "-Xlog:aot*=off", "-Xlog:cds*=off"), flags(home, "replay"));
        assertTrue(f.getFileName().toString().endsWith(".aot"), f.toString());
        Path other = jdk("25.0.4");
        assertEquals(List.of(), flags(other, "replay"), "another JDK's archive is not used");
    }

    @Test
    @DisplayName("JDK 21-24: a dynamic CDS archive, with the cds log off (they have no aot tag); no archive flag before 21")
    void cdsArchive() throws Exception {
        Path home = jdk("21.0.9");
        Path f = archive(home, true);
        assertTrue(f.getFileName().toString().endsWith(".jsa"), f.toString());
        assertEquals(List.of("-XX:SharedArchiveFile=" + f, "-Xlog:cds*=off"), flags(home, "replay"));
        assertEquals(List.of(), flags(jdk("17.0.2"), "replay"));
    }

    /**
     * bin/jvm-flags' launch with a stand-in java that writes each command line it is given to
     * {@code calls} and exits {@code code}, or 75 (FOLD_HANDOVER) when told the hand-over property.
     * Returns launch's exit code.
     */
    private int launch(Path calls, int code, boolean handOver, String... args) throws Exception {
        Path java = tmp.resolve("java");
        Files.writeString(java, "#!/usr/bin/env bash\necho \"$*\" >> '" + calls + "'\n"
                + (handOver ? "[[ \" $* \" == *\" -Dbpflife.fold.handover=75 \"* ]] && exit 75\n" : "")
                + "exit " + code + "\n");
        assertTrue(java.toFile().setExecutable(true));
        List<String> cmd = new ArrayList<>(List.of("bash", "-c", ". ../bin/jvm-flags && base_flags=(-Dbase) && "
                + "launch \"$@\"", "x", java.toString(), jar.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().remove("BPFLIFE_JAVA_OPTS");
        Process p = pb.start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }

    @Test
    @DisplayName("a short command whose JVM hands a long fold over (exit 75) runs again once, under the long commands' flags")
    void longFoldHandedOver() throws Exception {
        Path calls = tmp.resolve("calls");
        assertEquals(0, launch(calls, 0, true, "link", "show", "--world", "w"));
        assertEquals(List.of(
                "-Dbase -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Dbpflife.fold.handover=75 -jar " + jar
                        + " link show --world w",
                "-Dbase -jar " + jar + " link show --world w"), Files.readAllLines(calls));
        Files.delete(calls);
        assertEquals(3, launch(calls, 3, false, "prog", "show", "--world", "w"), "any other exit is the command's");
        assertEquals(1, Files.readAllLines(calls).size());
        Files.delete(calls);
        assertEquals(4, launch(calls, 4, false, "replay", "--world", "w"));
        assertEquals(List.of("-Dbase -jar " + jar + " replay --world w"), Files.readAllLines(calls),
                "a long command runs once, with no hand-over");
    }
}
