package bpflife.loadtest.report;

/**
 * Escaping for the HTML page and its inline SVG. The page is also well-formed XML (every element
 * closed, attributes quoted, only XML's five named entities), so one escape serves text and
 * attribute values alike.
 */
final class Html {
    private Html() {}

    /** s with {@code & < > " '} replaced by entities, and control characters XML forbids dropped. */
    static String escape(String s) {
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
}
