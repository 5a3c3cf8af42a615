package bpflife.protocol;

/** A struct file's access mode (f_mode's FMODE_READ / FMODE_WRITE), as open(2)'s O_ACCMODE. */
public enum FileMode {
    RDONLY, WRONLY, RDWR;

    public boolean readable() {
        return this != WRONLY;
    }

    public boolean writable() {
        return this != RDONLY;
    }
}
