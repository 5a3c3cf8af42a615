package bpflife.cli;

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
 * Files a command reads: one sentence for each way reading one can fail, the same words in every
 * command ({@code can't read schedule 'x': No such file or directory}), strerror-like, never a Java
 * class name or the bare path that some I/O exceptions carry as their message.
 */
final class Inputs {
    private Inputs() {}

    /** Refuses what is not a regular file before it is read ({@code what}: scenario, schedule, journal). */
    static void checkFile(Path file, String what) {
        if (Files.isDirectory(file)) {
            throw new BadInputException("can't read " + what + " '" + file + "': Is a directory");
        }
    }

    static BadInputException cantRead(String what, Path file, Exception e) {
        return new BadInputException("can't read " + what + " '" + file + "': " + reason(e), e);
    }

    /** An I/O failure no command caught: the file when known, and the cause. */
    static String ioFailure(IOException e) {
        String file = e instanceof FileSystemException f && f.getFile() != null ? " '" + f.getFile() + "'" : "";
        return "can't read or write" + file + ": " + reason(e);
    }

    /** strerror-like text for an I/O failure. */
    static String reason(Throwable e) {
        Throwable t = e instanceof UncheckedIOException u ? u.getCause() : e;
        return switch (t) {
            case NoSuchFileException n -> "No such file or directory";
            case AccessDeniedException a -> "Permission denied";
            case NotDirectoryException n -> "Not a directory";
            case java.nio.file.FileAlreadyExistsException x -> "a file is in the way (" + x.getFile() + " exists)";
            case CharacterCodingException c -> "not UTF-8 text";
            case FileSystemException f when f.getReason() != null -> f.getReason();
            case FileSystemException f -> "can't access " + f.getFile();
            case IOException i when i.getMessage() != null && !i.getMessage().isBlank() -> i.getMessage();
            default -> "an I/O error (" + (t.getMessage() == null ? "no detail" : t.getMessage()) + ")";
        };
    }
}
