package bpflife.protocol;

/**
 * How a reference is dropped. The kernel has two link puts: bpf_link_put_direct (syscall paths,
 * frees synchronously) and bpf_link_put (bpffs and other kernel users, frees in a work item).
 */
public enum PutMode { DIRECT, DEFERRED }
