package bpflife.loadtest;

import bpflife.protocol.Syscall;
import java.util.List;
import java.util.Locale;

/** The operations a load run times, by name, in the order reports list them. */
final class Ops {
    private Ops() {}

    /** From the open (or ITER_CREATE) of a session to the read that returned 0 after its END line. */
    static final String DUMP = "dump";

    /** Reports list these first, in this order; any other call follows, by name. */
    static final List<String> ORDER = List.of("open", "iter-create", "read", "close", DUMP, "update", "unlink", "pin",
            "rename", "obj-get", "dup", "fork", "link-show", "prog-load");

    static String of(Syscall c) {
        return switch (c) {
            case Syscall.Open o -> "open";
            case Syscall.IterCreate i -> "iter-create";
            case Syscall.Read r -> "read";
            case Syscall.Close cl -> "close";
            case Syscall.LinkUpdate u -> "update";
            case Syscall.Unlink u -> "unlink";
            case Syscall.ObjPin p -> "pin";
            case Syscall.Rename r -> "rename";
            case Syscall.ObjGet g -> "obj-get";
            case Syscall.Dup d -> "dup";
            case Syscall.Fork f -> "fork";
            case Syscall.Show s -> s.kind().word() + "-show";
            case Syscall.ProgLoad p -> "prog-load";
            default -> OTHER.get(c.getClass());
        };
    }

    /** Whether the call opens a dump session. */
    static boolean opensSession(Syscall c) {
        return c instanceof Syscall.Open || c instanceof Syscall.IterCreate;
    }

    /**
     * Any other call by its type's name in kebab case ({@code exit}); made once a type, since a load
     * names a call at each of its steps (a regular expression each time was in its profile).
     */
    private static final ClassValue<String> OTHER = new ClassValue<>() {
        @Override
        protected String computeValue(Class<?> type) {
            return type.getSimpleName().replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
        }
    };
}
