package bpflife.protocol;

/**
 * What prepare_seq_file copies out of the link while it holds link_mutex: the target and its
 * attach-time parameters, and the prog current at that instant. A session is made from this and
 * never looks at the link again.
 */
public record SessionTemplate(ActorId.LinkId link, IterTarget target, Attach attach, ActorId.ProgId prog,
                              Info.ProgInfo progInfo) {
    public SessionTemplate withProg(ActorId.ProgId p, Info.ProgInfo info) {
        return new SessionTemplate(link, target, attach, p, info);
    }
}
