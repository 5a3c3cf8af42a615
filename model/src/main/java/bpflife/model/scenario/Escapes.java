package bpflife.model.scenario;

import java.util.Locale;

/**
 * Makes text from a scenario safe to print in a one-line message: control characters (ESC would
 * drive the terminal, a newline would split the line), invisible format characters (a byte order
 * mark, a zero-width space, a right-to-left override) and unpaired surrogates are shown as
 * {@code \\uXXXX}; tab, newline and carriage return as {@code \\t}, {@code \\n}, {@code \\r}; a backslash
 * stays as it is. Everything else, emoji and letters of any script, is printed as written.
 */
final class Escapes {

    private Escapes() {}

    static String escape(String s) {
        int i = 0;
        while (i < s.length() && !needsEscape(s.codePointAt(i))) {
            i += Character.charCount(s.codePointAt(i));
        }
        if (i == s.length()) {
            return s;
        }
        StringBuilder b = new StringBuilder(s.length() + 16).append(s, 0, i);
        while (i < s.length()) {
            int cp = s.codePointAt(i);
            if (needsEscape(cp)) {
                b.append(codePoint(cp));
            } else {
                b.appendCodePoint(cp);
            }
            i += Character.charCount(cp);
        }
        return b.toString();
    }

    /** One code point as a message shows it: {@code \\t}, {@code \\u001B}, {@code \\U0001F600}. */
    static String codePoint(int cp) {
        return switch (cp) {
            case '\t' -> "\\t";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            default -> cp <= 0xFFFF ? String.format(Locale.ROOT, "\\u%04X", cp) : String.format(Locale.ROOT, "\\U%08X", cp);
        };
    }

    private static boolean needsEscape(int cp) {
        if (Character.isISOControl(cp)) {
            return true;
        }
        return switch (Character.getType(cp)) {
            case Character.FORMAT, Character.SURROGATE, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR -> true;
            default -> false;
        };
    }
}
