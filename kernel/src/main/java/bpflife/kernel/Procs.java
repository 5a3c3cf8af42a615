package bpflife.kernel;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Small facts about processes, from /proc. */
final class Procs {
    private Procs() {}

    /** Whether the process no longer exists or is a zombie (its fds are closed either way). */
    static boolean deadOrZombie(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int paren = stat.lastIndexOf(')');
            char state = paren > 0 && paren + 2 < stat.length() ? stat.charAt(paren + 2) : '?';
            return state == 'Z' || state == 'X';
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            return true;
        }
    }

    static boolean alive(long pid) {
        return !deadOrZombie(pid);
    }

    /** The effective uid of this process (from /proc/self/status), or -1. */
    static int euid() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    String[] f = line.substring(4).trim().split("\\s+");
                    return Integer.parseInt(f[1]);
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux
        }
        return -1;
    }
}
