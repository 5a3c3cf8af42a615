package bpflife.cli.history;

import bpflife.explore.ScheduleFile;
import bpflife.model.Semantics;
import bpflife.model.scenario.Scenario;
import bpflife.model.scenario.ScenarioParser;
import bpflife.protocol.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * Reading the files a history comes from, with the CLI's words for each failure
 * ({@code can't read schedule 'x': No such file or directory}); every failure is a
 * {@link UserError} (exit 2).
 */
public final class Reading {
    private Reading() {}

    /** A schedule file with the scenario and semantics it names. */
    public record LoadedSchedule(ScheduleFile file, Scenario scenario, Semantics semantics) {}

    /** The scenario; a file that cannot be read is bad input, a text that does not parse a ScenarioException. */
    public static Scenario scenario(Path file) {
        checkFile(file, "scenario");
        try {
            return ScenarioParser.parseFile(file);
        } catch (IOException | UncheckedIOException e) {
            throw cantRead("scenario", file, e);
        }
    }

    /**
     * Reads a schedule and its scenario; refuses a scenario that is not the one the schedule was
     * made for (its SHA-256 differs) and names the path it looked for when it is missing.
     */
    public static LoadedSchedule schedule(Path scheduleFile) {
        checkFile(scheduleFile, "schedule");
        ScheduleFile f;
        try {
            f = ScheduleFile.read(scheduleFile);
        } catch (IOException | UncheckedIOException e) {
            throw cantRead("schedule", scheduleFile, e);
        } catch (IllegalArgumentException e) {
            throw new UserError(e.getMessage(), e);
        }
        String scn = f.scenario();
        if (scn == null) {
            throw new UserError("the schedule '" + scheduleFile + "' names no scenario (a '# scenario: FILE' line)");
        }
        Semantics sem = Semantics.byName(f.semantics() == null ? "linux" : f.semantics());
        if (sem == null) {
            throw new UserError("the schedule '" + scheduleFile + "' names an unknown semantics '"
                    + f.semantics() + "' ('bpflife semantics' lists them)");
        }
        Path scnPath = Path.of(scn);
        if (!Files.exists(scnPath)) {
            throw new UserError("can't find the scenario of schedule '" + scheduleFile + "': looked for '"
                    + scnPath + "' (the schedule stores its path relative to itself: move them together)");
        }
        String recorded = f.scenarioSha256();
        if (recorded != null) {
            String now;
            try {
                checkFile(scnPath, "scenario");
                now = ScheduleFile.sha256(scnPath);
            } catch (IOException e) {
                throw cantRead("scenario", scnPath, e);
            }
            if (!recorded.equals(now)) {
                throw new UserError("the schedule '" + scheduleFile + "' was made for a different scenario: '"
                        + scnPath + "' has changed since (its SHA-256 differs); run 'bpflife explore " + scnPath
                        + "' for a new schedule, or restore the scenario it was made for");
            }
        }
        return new LoadedSchedule(f, scenario(scnPath), sem);
    }

    static void checkFile(Path file, String what) {
        if (Files.isDirectory(file)) {
            throw new UserError("can't read " + what + " '" + file + "': Is a directory");
        }
    }

    static UserError cantRead(String what, Path file, Exception e) {
        return new UserError("can't read " + what + " '" + file + "': " + reason(e), e);
    }

    /** strerror-like text for an I/O failure (the same words as the CLI's other commands). */
    static String reason(Throwable e) {
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        return switch (t) {
            case NoSuchFileException n -> "No such file or directory";
            case AccessDeniedException a -> "Permission denied";
            case NotDirectoryException n -> "Not a directory";
            case CharacterCodingException c -> "not UTF-8 text";
            case FileSystemException f when f.getReason() != null -> f.getReason();
            case FileSystemException f -> "can't access " + f.getFile();
            case IOException i when i.getMessage() != null && !i.getMessage().isBlank() -> i.getMessage();
            default -> "an I/O error (" + (t.getMessage() == null ? "no detail" : t.getMessage()) + ")";
        };
    }
}
