package bpflife.actors;

import bpflife.protocol.Event;

/**
 * The first journal entry of an object made at run time (or of a task made at boot): its birth
 * event, as the creating step's {@code spawned} carries it. It is not a step (no message was
 * delivered): readers of a world keep it apart from the step records.
 */
public record Birth(Event born) {}
