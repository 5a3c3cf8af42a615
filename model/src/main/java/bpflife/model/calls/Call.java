package bpflife.model.calls;

import bpflife.protocol.CallState;
import bpflife.protocol.Msg;

/**
 * The one system call a task has in the kernel, as the state it waits in: a record per state of
 * each call ({@code LinkUpdate.Updating}), with named fields.
 *
 * <p>Each reply a task can get has a handler here. A state overrides the handlers of the replies it
 * expects; any other reply is a bug of the model, and every default throws through
 * {@link Step#unexpected}, which names the task, the call, the state and the message.
 *
 * <p>A new system call is one file in this package: its states (a sealed {@code State} added to
 * the permits below), an {@code enter} that {@link Calls#enter} dispatches to, and its handlers.
 */
public sealed interface Call extends CallState
        permits ProgLoad.State, MapCreate.State, Lookups, ObjPin.State, ObjGet.State, Open.State,
        IterCreate.State, Read.State, Close.State, FsCall.State, LinkDetach.State, InstallsGranted,
        GetFdById.State, GetNextId.State, Dup.State, Fork.State, Exit.State, Show.State, Wait.State,
        CgroupOpen.State, FileIo.State, CleaningUp {

    /** The typed state behind a journaled one. */
    static Call of(CallState s) {
        if (s instanceof Call c) {
            return c;
        }
        throw new IllegalStateException("not a call state of the model: " + s);
    }

    default void granted(Step c, Msg.Granted m) { throw c.unexpected(this, m); }

    default void failed(Step c, Msg.Failed m) { throw c.unexpected(this, m); }

    default void refused(Step c, Msg.Refused m) { throw c.unexpected(this, m); }

    default void acked(Step c, Msg.Acked m) { throw c.unexpected(this, m); }

    default void ready(Step c, Msg.Ready m) { throw c.unexpected(this, m); }

    default void probed(Step c, Msg.Probed m) { throw c.unexpected(this, m); }

    default void nextIdIs(Step c, Msg.NextIdIs m) { throw c.unexpected(this, m); }

    default void sessionIdIs(Step c, Msg.SessionIdIs m) { throw c.unexpected(this, m); }

    default void readReturned(Step c, Msg.ReadReturned m) { throw c.unexpected(this, m); }

    default void sessionProgGranted(Step c, Msg.SessionProgGranted m) { throw c.unexpected(this, m); }

    default void sessionLinkGranted(Step c, Msg.SessionLinkGranted m) { throw c.unexpected(this, m); }

    default void progSnapshot(Step c, Msg.ProgSnapshot m) { throw c.unexpected(this, m); }

    default void informed(Step c, Msg.Informed m) { throw c.unexpected(this, m); }

    default void dirOpened(Step c, Msg.DirOpened m) { throw c.unexpected(this, m); }

    default void woken(Step c, Msg.Woken m) { throw c.unexpected(this, m); }

    default void idRemoved(Step c, Msg.IdRemoved m) { throw c.unexpected(this, m); }
}
