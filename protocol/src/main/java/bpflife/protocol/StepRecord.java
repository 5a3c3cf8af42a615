package bpflife.protocol;

import java.util.List;

/**
 * The journal record of one step: one message delivered to one object, and everything that
 * followed from it. The sequence of (receiver, sender, channelSeq) is the schedule; the rest is
 * the evidence a replay must reproduce.
 *
 * @param position   the step's place in the run's global order, from 1
 * @param receiver   the object that took the message
 * @param sender     who sent it
 * @param channelSeq the message's number on the (sender, receiver) channel, from 1
 * @param message    what was delivered
 * @param events     what the receiver journaled, in order
 * @param spawned    objects the step made, with their first event
 * @param sent       messages the step sent, in order
 * @param reply      what a system call returned to user space, when this step completed one
 */
public record StepRecord(long position, ActorId receiver, ActorId sender, long channelSeq, Msg message,
                         List<Event> events, List<Spawn> spawned, List<Envelope> sent, Result reply) {

    /** A message on its way: to whom. */
    public record Envelope(ActorId to, Msg msg) {}

    /** An object made by a step, with its birth event. */
    public record Spawn(ActorId id, Event born) {}
}
