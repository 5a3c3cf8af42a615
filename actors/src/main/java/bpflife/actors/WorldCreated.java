package bpflife.actors;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The first entry of a world: what a replay needs besides the steps. The scenario is stored as
 * its text, so a world stays replayable when the file changes or is gone.
 *
 * @param world     the world's name
 * @param scenario  the scenario's name
 * @param file      the file it was read from, as given
 * @param text      the scenario's text
 * @param semantics the semantics' name
 * @param hash      the SHA-256 of the scenario's text (hex); null in worlds recorded before issue 15
 */
public record WorldCreated(String world, String scenario, String file, String text, String semantics, String hash) implements WorldEntry {

    /** A new world's creation, with the hash of its scenario's text. */
    public static WorldCreated of(String world, String scenario, String file, String text, String semantics) {
        return new WorldCreated(world, scenario, file, text, semantics, sha256(text));
    }

    /** The SHA-256 of {@code text} (UTF-8), in hex. */
    public static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
