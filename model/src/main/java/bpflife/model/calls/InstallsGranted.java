package bpflife.model.calls;

import bpflife.protocol.Msg;

/**
 * One lookup whose reference becomes a new fd (GET_FD_BY_ID, BPF_OBJ_GET): the fd, or the
 * lookup's errno.
 */
sealed interface InstallsGranted extends Call, OneReply permits GetFdById.LookingUp, ObjGet.LookingUp {
    @Override
    default void granted(Step c, Msg.Granted m) {
        c.installGranted(m);
    }

    @Override
    default void failed(Step c, Msg.Failed m) {
        c.fail(m.errno());
    }
}
