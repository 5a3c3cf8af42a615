package bpflife.actors;

/** An entry of a world's own journal ({@code W|world}): its creation, then how it ended. */
public sealed interface WorldEntry permits WorldCreated, WorldEnded {}
