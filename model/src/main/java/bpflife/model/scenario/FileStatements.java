package bpflife.model.scenario;

import bpflife.protocol.FileMode;
import bpflife.protocol.Syscall;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
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

    /** {@code V = obj get PATH [rdonly|wronly]}: BPF_OBJ_GET with BPF_F_RDONLY or BPF_F_WRONLY. */
    static Syscall objGet(OperandReader r, String result) {
        r.cursor().keyword("get", "after 'obj'");
        String path = r.path("after 'obj get'");
        int flags = 0;
        if (!r.atStatementEnd()) {
            flags = r.oneOf(List.of("rdonly", "wronly"), "after 'obj get " + path + "'").equals("rdonly")
                    ? Syscall.ObjGet.RDONLY : Syscall.ObjGet.WRONLY;
        }
        return new Syscall.ObjGet(result, path, flags);
    }

    /** {@code V = open PATH [rdonly|wronly|rdwr]}: open(2)'s access mode, O_RDONLY by default. */
    static Syscall open(OperandReader r, String result) {
        String path = r.path("after 'open'");
        FileMode mode = FileMode.RDONLY;
        if (!r.atStatementEnd()) {
            mode = FileMode.valueOf(r.oneOf(List.of("rdonly", "wronly", "rdwr"), "after 'open " + path + "'")
                    .toUpperCase(Locale.ROOT));
        }
        return new Syscall.Open(result, path, mode);
    }

    /** {@code write V N}: write(2) of N bytes. */
    static Syscall write(OperandReader r) {
        String fd = r.use(OperandReader.ANY_FD, "after 'write'");
        return new Syscall.Write(fd, r.number("a number of bytes after 'write " + fd + "'", 4096, "one page"));
    }

    /** {@code lseek V N}: lseek(2) to offset N, SEEK_SET. */
    static Syscall lseek(OperandReader r) {
        String fd = r.use(OperandReader.ANY_FD, "after 'lseek'");
        return new Syscall.Lseek(fd, r.number("an offset after 'lseek " + fd + "'"));
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
