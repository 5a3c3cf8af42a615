package bpflife.protocol;

/** A struct file's access mode (f_mode's FMODE_READ / FMODE_WRITE), as open(2)'s O_ACCMODE. */
public enum FileMode {
    RDONLY, WRONLY, RDWR;

    /**
     * The f_mode each kind of file is made with (measured on 6.18: write(2) gives EBADF on a link
     * fd, EINVAL on a prog or map fd): bpf_prog_new_fd and bpf_map_new_fd open O_RDWR,
     * bpf_link_new_fd and ITER_CREATE's anon file O_RDONLY, a directory is opened read-only.
     */
    public static FileMode of(FileKind kind) {
        return switch (kind) {
            case PROG, MAP -> RDWR;
            case LINK, CGROUP, SESSION, DIR -> RDONLY;
        };
    }

    public boolean readable() {
        return this != WRONLY;
    }

    public boolean writable() {
        return this != RDONLY;
    }
}
