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
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A schedule on disk: plain text, a header of {@code # key: value} lines (scenario file and its
 * SHA-256, semantics, bpflife version, how it was found, what it breaks), then one delivery per
 * line, {@code receiver <- sender #n}, named stably so that the file means the same run on any
 * machine.
 */
public record ScheduleFile(Map<String, String> header, List<Choice> choices) {

    public static final String VERSION = "bpflife 0.1";

    public static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public String get(String key) {
        return header.get(key);
    }

    public String render() {
        StringBuilder b = new StringBuilder("# bpflife schedule\n");
        header.forEach((k, v) -> b.append("# ").append(k).append(": ").append(v).append('\n'));
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
        Files.writeString(file, render(), StandardCharsets.UTF_8);
    }

    /** Reads a schedule; a malformed line is reported with its line number. */
    public static ScheduleFile read(Path file) throws IOException {
        Map<String, String> header = new LinkedHashMap<>();
        List<Choice> choices = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty()) {
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
        return new ScheduleFile(header, choices);
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
