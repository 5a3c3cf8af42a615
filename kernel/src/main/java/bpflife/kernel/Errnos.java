package bpflife.kernel;

import bpflife.protocol.Errno;
import java.util.Map;

/** Names of the Linux (x86-64) errno values the kernel can return, for errnos the model does not know too. */
final class Errnos {
    private Errnos() {}

    private static final Map<Integer, String> MORE = Map.ofEntries(
            Map.entry(3, "ESRCH"), Map.entry(4, "EINTR"), Map.entry(6, "ENXIO"), Map.entry(10, "ECHILD"),
            Map.entry(14, "EFAULT"), Map.entry(18, "EXDEV"), Map.entry(19, "ENODEV"), Map.entry(23, "ENFILE"),
            Map.entry(25, "ENOTTY"), Map.entry(26, "ETXTBSY"), Map.entry(27, "EFBIG"), Map.entry(30, "EROFS"),
            Map.entry(31, "EMLINK"), Map.entry(32, "EPIPE"), Map.entry(34, "ERANGE"), Map.entry(36, "ENAMETOOLONG"),
            Map.entry(38, "ENOSYS"), Map.entry(40, "ELOOP"), Map.entry(75, "EOVERFLOW"), Map.entry(524, "ENOTSUPP"));

    /** {@code ENOENT}, or {@code errno 4242} for a number no table knows. */
    static String name(int errno) {
        for (Errno e : Errno.values()) {
            if (e.number() == errno) {
                return e.name();
            }
        }
        String n = MORE.get(errno);
        return n != null ? n : "errno " + errno;
    }

    /** {@code ENOENT (No such file or directory)} where the text is known. */
    static String describe(int errno) {
        for (Errno e : Errno.values()) {
            if (e.number() == errno) {
                return e.name() + " (" + e.text() + ")";
            }
        }
        return name(errno);
    }
}
