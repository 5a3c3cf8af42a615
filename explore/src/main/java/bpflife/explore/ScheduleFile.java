package bpflife.explore;

import bpflife.protocol.ActorId;
import bpflife.protocol.Choice;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A schedule on disk: plain text, a first line naming the format and its version
 * ({@code # bpflife schedule, format 2}), a header of {@code # key: value} lines (scenario file
 * and its SHA-256, semantics, bpflife version, how it was found, what it breaks), then one
 * delivery per line, {@code receiver <- sender #n}, named stably so that the file means the same
 * run on any machine. The one writer and the one reader of the format; the header's keys are
 * named here only.
 *
 * <p>On disk the scenario's path is relative to the schedule file, so that the two can move
 * together; in memory ({@link #scenario()}) it is a path as the caller gave it (relative to the
 * working directory, or absolute).
 *
 * <p>Versions: format 1 (until issue 12; a first line without a format is format 1) stored the
 * scenario's path relative to the working directory it was written from, and is read as such.
 * Another format is refused by name.
 */
public record ScheduleFile(Map<String, String> header, List<Choice> choices) {

    /** The format's version: bump it with any change to the lines, and read or refuse the older one in {@link #read}. */
    public static final int FORMAT = 2;

    /** The bpflife that writes schedules, in the {@code version} key. */
    public static final String VERSION = "bpflife 0.1";

    private static final String MAGIC = "bpflife schedule";
    private static final String SCENARIO = "scenario";
    private static final String SCENARIO_SHA256 = "scenario-sha256";
    private static final String SEMANTICS = "semantics";
    private static final String WRITTEN_BY = "version";
    private static final String FOUND_BY = "found-by";
    private static final String SHRUNK_FROM = "shrunk-from";
    private static final String VIOLATION = "violation";

    public ScheduleFile {
        header = Collections.unmodifiableMap(new LinkedHashMap<>(header));
        choices = List.copyOf(choices);
    }

    /** A schedule {@code explore} found: {@code foundBy} says which strategy and which of its schedules. */
    public static ScheduleFile found(Path scenario, String semantics, String foundBy, String violation,
                                     List<Choice> choices) throws IOException {
        Map<String, String> h = about(scenario, semantics);
        h.put(FOUND_BY, foundBy);
        h.put(VIOLATION, violation);
        return new ScheduleFile(h, choices);
    }

    /** A schedule {@code shrink} made smaller from the schedule {@code from}. */
    public static ScheduleFile shrunk(Path scenario, String semantics, Path from, String violation,
                                      List<Choice> choices) throws IOException {
        Map<String, String> h = about(scenario, semantics);
        h.put(SHRUNK_FROM, from.toString());
        h.put(VIOLATION, violation);
        return new ScheduleFile(h, choices);
    }

    private static Map<String, String> about(Path scenario, String semantics) throws IOException {
        Map<String, String> h = new LinkedHashMap<>();
        h.put(SCENARIO, scenario.toString());
        h.put(SCENARIO_SHA256, sha256(scenario));
        h.put(SEMANTICS, semantics);
        h.put(WRITTEN_BY, VERSION);
        return h;
    }

    public static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** The scenario file the schedule runs, or null. */
    public String scenario() {
        return header.get(SCENARIO);
    }

    /** The scenario file's SHA-256 when the schedule was written, or null. */
    public String scenarioSha256() {
        return header.get(SCENARIO_SHA256);
    }

    /** The semantics' name, or null (linux). */
    public String semantics() {
        return header.get(SEMANTICS);
    }

    /** The bpflife that wrote the file ({@link #VERSION}), or null. */
    public String writtenBy() {
        return header.get(WRITTEN_BY);
    }

    /** The headline of the violation the schedule makes, or null. */
    public String violation() {
        return header.get(VIOLATION);
    }

    /** The file's text when written to {@code file}. */
    public String render(Path file) {
        StringBuilder b = new StringBuilder("# " + MAGIC + ", format " + FORMAT + "\n");
        header.forEach((k, v) -> b.append("# ").append(k).append(": ")
                .append(k.equals(SCENARIO) ? fromFile(file, v) : v).append('\n'));
        for (Choice c : choices) {
            b.append(c).append('\n');
        }
        return b.toString();
    }

    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, render(file), StandardCharsets.UTF_8);
    }

    /** {@code path} (relative to the working directory, or absolute) as seen from {@code file}'s directory. */
    private static String fromFile(Path file, String path) {
        Path dir = file.toAbsolutePath().normalize().getParent();
        return dir.relativize(Path.of(path).toAbsolutePath().normalize()).toString();
    }

    /** {@code stored} (relative to {@code file}'s directory) as a path relative to the working directory. */
    private static String fromWorkingDirectory(Path file, String stored) {
        Path abs = file.toAbsolutePath().normalize().getParent().resolve(stored).normalize();
        return Path.of("").toAbsolutePath().relativize(abs).toString();
    }

    /** Reads a schedule; a malformed line is reported with its line number. */
    public static ScheduleFile read(Path file) throws IOException {
        Map<String, String> header = new LinkedHashMap<>();
        List<Choice> choices = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        int format = 1;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("#") && line.substring(1).strip().startsWith(MAGIC)) {
                format = format(file, i + 1, line.substring(1).strip().substring(MAGIC.length()));
                continue;
            }
            if (line.startsWith("#")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    header.put(line.substring(1, colon).strip(), line.substring(colon + 1).strip());
                }
                continue;
            }
            choices.add(parseChoice(file, i + 1, line));
        }
        if (format == FORMAT && header.containsKey(SCENARIO)) {
            header.put(SCENARIO, fromWorkingDirectory(file, header.get(SCENARIO)));
        } // format 1: already relative to the working directory
        return new ScheduleFile(header, choices);
    }

    /** {@code ", format N"} after the magic words; nothing is format 1 (written before the format had a version). */
    private static int format(Path file, int lineNo, String rest) {
        String r = rest.strip();
        int format = 1;
        if (!r.isEmpty()) {
            String n = r.startsWith(",") ? r.substring(1).strip() : r;
            if (!n.startsWith("format ")) {
                throw new IllegalArgumentException(file + ":" + lineNo + ":1: expected '# " + MAGIC + ", format N'");
            }
            try {
                format = Integer.parseInt(n.substring("format ".length()).strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + ":" + lineNo + ":1: expected '# " + MAGIC + ", format N'", e);
            }
        }
        if (format != FORMAT && format != 1) {
            throw new IllegalArgumentException(file + ": schedule format " + format + ", but this bpflife reads formats "
                    + "1 to " + FORMAT + (format > FORMAT ? " (written by a newer bpflife)" : ""));
        }
        return format;
    }

    private static Choice parseChoice(Path file, int lineNo, String line) {
        int arrow = line.indexOf(" <- ");
        int hash = line.lastIndexOf(" #");
        if (arrow < 0 || hash < arrow) {
            throw new IllegalArgumentException(file + ":" + lineNo + ":1: expected 'receiver <- sender #n', found '"
                    + line + "'");
        }
        try {
            return new Choice(ActorId.parse(line.substring(0, arrow)), ActorId.parse(line.substring(arrow + 4, hash)),
                    Long.parseLong(line.substring(hash + 2)));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ":" + lineNo + ":1: " + e.getMessage(), e);
        }
    }
}
