package bpflife.actors;

/**
 * The first entry of a world: what a replay needs besides the steps. The scenario is stored as
 * its text, so a world stays replayable when the file changes or is gone.
 *
 * @param world     the world's name
 * @param scenario  the scenario's name
 * @param file      the file it was read from, as given
 * @param text      the scenario's text
 * @param semantics the semantics' name
 */
public record WorldCreated(String world, String scenario, String file, String text, String semantics) {}
