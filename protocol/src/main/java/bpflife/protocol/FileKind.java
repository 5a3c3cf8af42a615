package bpflife.protocol;

/** What a struct file is: the private_data behind an fd. */
public enum FileKind {
    PROG, LINK, MAP, CGROUP,
    /** An iterator session (seq_file), named (opened from a pin) or anonymous (ITER_CREATE). */
    SESSION,
    /** A bpffs directory opened with open(2): reads give EISDIR. */
    DIR
}
