package bpflife.model.scenario;

import bpflife.protocol.Syscall;
import java.util.EnumSet;
import java.util.Set;

/**
 * The file and file-system calls of a statement line, read after their first word: pinning and
 * getting pinned objects in bpffs, open/read/close/dup of fds, and the path operations (unlink,
 * rename, link, mkdir, rmdir).
 */
final class FileStatements {

    private static final Set<VarKind> PINNABLE = EnumSet.of(VarKind.PROG, VarKind.MAP, VarKind.LINK);

    private FileStatements() {
    }

    static Syscall pin(OperandReader r) {
        String fd = r.use(PINNABLE, "after 'pin'");
        return new Syscall.ObjPin(fd, r.path("after 'pin " + fd + "'"));
    }

    static Syscall objGet(OperandReader r, String result) {
        r.cursor().keyword("get", "after 'obj'");
        return new Syscall.ObjGet(result, r.path("after 'obj get'"));
    }

    static Syscall open(OperandReader r, String result) {
        return new Syscall.Open(result, r.path("after 'open'"));
    }

    static Syscall read(OperandReader r) {
        TokenCursor c = r.cursor();
        String fd = r.use(EnumSet.of(VarKind.SESSION), "after 'read'");
        int count = r.number("a number of bytes after 'read " + fd + "'");
        boolean untilEof = false;
        if (c.peekWord("until")) {
            c.take();
            c.keyword("eof", "after 'until'");
            untilEof = true;
        }
        return new Syscall.Read(fd, count, untilEof);
    }

    static Syscall close(OperandReader r) {
        return new Syscall.Close(r.use(OperandReader.ANY_FD, "after 'close'"));
    }

    /** {@code V = dup FD}: V holds whatever FD holds, so the binding names FD rather than a kind. */
    static Syscall dup(OperandReader r, String result, Pos at) {
        String fd = r.use(OperandReader.ANY_FD, "after 'dup'");
        r.add(new Operand.Bind(result, at, VarKind.ANY, fd));
        return new Syscall.Dup(result, fd);
    }

    /** {@code rm} or its alias {@code unlink}, given as {@code word}. */
    static Syscall unlink(OperandReader r, String word) {
        return new Syscall.Unlink(r.path("after '" + word + "'"));
    }

    /** {@code mv} or its alias {@code rename}, given as {@code word}. */
    static Syscall rename(OperandReader r, String word) {
        String from = r.path("after '" + word + "'");
        return new Syscall.Rename(from, r.path("as the new name after '" + word + " " + from + "'"));
    }

    static Syscall hardLink(OperandReader r) {
        String from = r.path("after 'ln'");
        return new Syscall.HardLink(from, r.path("as the new name after 'ln " + from + "'"));
    }

    static Syscall mkdir(OperandReader r) {
        return new Syscall.Mkdir(r.path("after 'mkdir'"));
    }

    static Syscall rmdir(OperandReader r) {
        return new Syscall.Rmdir(r.path("after 'rmdir'"));
    }
}
