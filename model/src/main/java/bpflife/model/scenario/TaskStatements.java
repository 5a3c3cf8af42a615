package bpflife.model.scenario;

import bpflife.protocol.Syscall;

/** The statements about the task itself: fork, exit, and the signal/wait pair that orders tasks. */
final class TaskStatements {

    private TaskStatements() {
    }

    static Syscall fork(OperandReader r) {
        Token child = r.name("a forked task's name after 'fork'");
        r.add(new Operand.ForkOf(child.text(), r.cursor().pos(child)));
        return new Syscall.Fork(child.text());
    }

    static Syscall exit() {
        return new Syscall.Exit();
    }

    static Syscall signal(OperandReader r) {
        Token name = r.name("a signal name after 'signal'");
        r.add(new Operand.SignalOf(name.text(), r.cursor().pos(name)));
        return new Syscall.Signal(name.text());
    }

    static Syscall waitFor(OperandReader r) {
        Token name = r.name("a signal name after 'wait'");
        r.add(new Operand.WaitFor(name.text(), r.cursor().pos(name)));
        return new Syscall.Wait(name.text());
    }
}
