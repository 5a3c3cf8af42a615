package bpflife.model;

import bpflife.protocol.Event;
import bpflife.protocol.Result;
import bpflife.protocol.StepRecord.Envelope;
import bpflife.protocol.StepRecord.Spawn;
import java.util.List;

/**
 * What one step decided: the receiver's events (to be applied in order), the objects it made,
 * the messages it sent, the system call result it returned to user space, and a fault the
 * kernel code would have committed (a put below zero, a second free).
 */
public record Decision(List<Event> events, List<Spawn> spawned, List<Envelope> sent, Result reply, Fault fault) {}
