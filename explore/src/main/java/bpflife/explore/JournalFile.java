package bpflife.explore;

import bpflife.protocol.StepRecord;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A journal file ({@code run --journal FILE.jsonl}, explore's {@code NAME.jsonl}): JSON Lines, a
 * first line naming the format and its version ({@link #VERSION}, e.g.
 * {@code {"format":"bpflife-journal","version":3}}),
 * then one {@link StepRecord} per line in {@link JournalJson}'s file form (docs/JOURNAL-JSON.md).
 * The one writer and the one reader of the format.
 *
 * <p>Versions: 3 (written) has snake_case keys and {@code "type"} only for a record's kind (a map's
 * type is {@code map_type}); 2 (still read) had the components' Java names and wrote a map's type
 * under {@code "type"} too, so {@code {"type":"MapCreate",...,"type":"HASH"}} lost its kind in jq.
 * A file without the first line was written before the format carried its version: its records
 * are version 1 (numbered syscall stages, which this model no longer has) and are refused, as is a
 * newer version, by name, with both versions.
 */
public final class JournalFile {
    private JournalFile() {}

    /**
     * The format's version (3: snake_case keys, one {@code "type"} per object; 2: Java names, a
     * map's type repeating {@code "type"}; 1: numbered syscall stages). Bump it with every change to
     * a record's JSON, and add the reading of the older version (or its refusal) to {@link #check}.
     */
    public static final int VERSION = 3;

    /** The earlier version still read: the rows' form of {@link JournalJson} ({@link JournalJson#FORMAT}). */
    static final int ROWS_FORM = 2;

    /** The {@code format} of the first line. */
    public static final String FORMAT = "bpflife-journal";

    /** The version of a file that has no first line: written before the format was versioned. */
    static final int UNVERSIONED = 1;

    /** The first line of a file of this version. */
    public static String header() {
        return "{\"format\":\"" + FORMAT + "\",\"version\":" + VERSION + "}";
    }

    /** Writes records one at a time, the header first. */
    public static final class Writer implements Closeable {
        private final BufferedWriter out;

        private Writer(BufferedWriter out) throws IOException {
            this.out = out;
            out.write(header());
            out.write('\n');
        }

        public void write(StepRecord r) throws IOException {
            out.write(JournalJson.fileLine(r));
            out.write('\n');
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** Opens {@code file} for writing (replacing it); a directory is an error. */
    public static Writer create(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException("Is a directory");
        }
        return new Writer(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
    }

    /** Writes the whole journal. */
    public static void write(Path file, Iterable<StepRecord> records) throws IOException {
        try (Writer w = create(file)) {
            for (StepRecord r : records) {
                w.write(r);
            }
        }
    }

    /** Whether the lines of a file are a journal file (the first non-blank line is JSON), not a schedule. */
    public static boolean looksLikeJournal(List<String> lines) {
        return lines.stream().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("").startsWith("{");
    }

    /**
     * Reads records one at a time. A line that is not a record of this version throws
     * {@link UncheckedIOException} naming the file and the line.
     */
    public static final class Reader implements Iterator<StepRecord>, Closeable {
        private final BufferedReader in;
        private final Path file;
        private StepRecord next;
        private long line;
        private boolean started;
        private int version = VERSION;

        private Reader(BufferedReader in, Path file) {
            this.in = in;
            this.file = file;
        }

        @Override
        public boolean hasNext() {
            if (next != null) {
                return true;
            }
            try {
                String l;
                do {
                    l = in.readLine();
                    line++;
                } while (l != null && l.isBlank());
                if (l == null) {
                    return false;
                }
                if (!started) {
                    started = true;
                    JsonNode n = JournalJson.mapper().readTree(l);
                    if (n.has("format")) {
                        version = check(file, n);
                        return hasNext();
                    }
                    check(file, UNVERSIONED);
                }
                next = version == ROWS_FORM ? JournalJson.parse(l) : JournalJson.parseFile(l);
                return true;
            } catch (JsonProcessingException e) {
                String why = file + ":" + line + ": not a journal record: " + e.getOriginalMessage();
                throw new UncheckedIOException(why, new IOException(why, e));
            } catch (IOException e) {
                throw new UncheckedIOException(e.getMessage(), e);
            }
        }

        @Override
        public StepRecord next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            StepRecord s = next;
            next = null;
            return s;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /** Opens {@code file} for reading. */
    public static Reader open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new IOException("Is a directory");
        }
        return new Reader(Files.newBufferedReader(file, StandardCharsets.UTF_8), file);
    }

    /** Every record of {@code file}. */
    public static List<StepRecord> readAll(Path file) throws IOException {
        List<StepRecord> all = new ArrayList<>();
        try (Reader r = open(file)) {
            r.forEachRemaining(all::add);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return all;
    }

    private static int check(Path file, JsonNode header) throws IOException {
        if (!FORMAT.equals(header.path("format").asText()) || !header.path("version").canConvertToInt()) {
            throw new IOException(file + ":1: not a bpflife journal: the first line is " + header);
        }
        return check(file, header.path("version").asInt());
    }

    /** The version if this bpflife reads it (this one, or 2: the same records under Java names). */
    private static int check(Path file, int version) throws IOException {
        if (version != VERSION && version != ROWS_FORM) {
            throw new IOException(file + ": journal format version " + version + ", but this bpflife reads version "
                    + VERSION + " (and " + ROWS_FORM + ") (" + (version == 1
                    ? "numbered syscall stages, written by an older bpflife: record it again"
                    : version < VERSION ? "written by an older bpflife: record it again"
                    : "written by a newer bpflife") + ")");
        }
        return version;
    }
}
