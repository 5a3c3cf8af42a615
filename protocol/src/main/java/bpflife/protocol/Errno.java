package bpflife.protocol;

/**
 * The Linux errno values that the modelled system calls can return, with their x86-64 numbers
 * and the strerror(3) texts that bpftool and the shell print.
 */
public enum Errno {
    EPERM(1, "Operation not permitted"),
    ENOENT(2, "No such file or directory"),
    EIO(5, "Input/output error"),
    E2BIG(7, "Argument list too long"),
    EBADF(9, "Bad file descriptor"),
    EAGAIN(11, "Resource temporarily unavailable"),
    ENOMEM(12, "Cannot allocate memory"),
    EACCES(13, "Permission denied"),
    EBUSY(16, "Device or resource busy"),
    EEXIST(17, "File exists"),
    ENOTDIR(20, "Not a directory"),
    EISDIR(21, "Is a directory"),
    EINVAL(22, "Invalid argument"),
    EMFILE(24, "Too many open files"),
    ENOSPC(28, "No space left on device"),
    ESPIPE(29, "Illegal seek"),
    ENOTEMPTY(39, "Directory not empty"),
    EOPNOTSUPP(95, "Operation not supported");

    private final int number;
    private final String text;

    Errno(int number, String text) {
        this.number = number;
        this.text = text;
    }

    public int number() {
        return number;
    }

    /** strerror(3) of this errno. */
    public String text() {
        return text;
    }

    /** The value a failing system call returns: minus the errno. */
    public int asReturn() {
        return -number;
    }
}
