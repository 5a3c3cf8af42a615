package bpflife.loadtest.report;

/**
 * Escaping for bpflife's HTML pages (the load report, the pictures of cli): text and attribute
 * values, and JSON data blocks inside a script element. The load report is also well-formed XML
 * (every element closed, attributes quoted, only XML's five named entities), so one escape serves
 * text and attribute values alike.
 */
public final class Html {
    private Html() {}

    /** s with {@code & < > " '} replaced by entities, and control characters XML forbids dropped. */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> {
                    // XML 1.0 allows no C0 control characters but tab, newline and carriage return
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') {
                        b.append(c);
                    } else {
                        b.append('\ufffd');
                    }
                }
            }
        }
        return b.toString();
    }

    /** JSON's escapes plus {@code < > &}: no {@code </script>} or {@code ]]>} can appear in a data block. */
    public static com.fasterxml.jackson.core.io.CharacterEscapes scriptSafe() {
        return new ScriptSafe();
    }

    private static final class ScriptSafe extends com.fasterxml.jackson.core.io.CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] table;

        ScriptSafe() {
            table = standardAsciiEscapesForJSON();
            table['<'] = ESCAPE_STANDARD;
            table['>'] = ESCAPE_STANDARD;
            table['&'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return table;
        }

        @Override
        public com.fasterxml.jackson.core.SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }
}
