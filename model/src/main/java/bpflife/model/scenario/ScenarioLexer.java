package bpflife.model.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a scenario text into lines of tokens; blank and comment-only lines are dropped. A UTF-8
 * byte order mark at the very start is skipped (editors on Windows write one). Columns count code
 * points. A control character outside a comment (anything below U+0020 but the tab, DEL, U+0080 to
 * U+009F) is refused where it stands: no statement needs one, and echoed to a terminal it would
 * act rather than show.
 */
final class ScenarioLexer {

    static final char BOM = '\ufeff';

    private ScenarioLexer() {}

    static List<SourceLine> lex(String file, String text) {
        List<SourceLine> lines = new ArrayList<>();
        if (!text.isEmpty() && text.charAt(0) == BOM) {
            text = text.substring(1);
        }
        String[] raw = text.split("\n", -1);
        for (int i = 0; i < raw.length; i++) {
            String content = withoutComment(stripCarriageReturn(raw[i]));
            refuseControls(file, i + 1, content);
            int start = 0;
            while (start < content.length() && isBlank(content.charAt(start))) {
                start++;
            }
            if (start == content.length()) {
                continue;
            }
            lines.add(new SourceLine(i + 1, content.substring(0, start), tokens(content, start, i + 1), content));
        }
        return lines;
    }

    private static void refuseControls(String file, int line, String content) {
        for (int k = 0; k < content.length(); k++) {
            char ch = content.charAt(k);
            if (ch != '\t' && Character.isISOControl(ch)) {
                throw new ScenarioException(new Pos(file, line, content.codePointCount(0, k) + 1),
                        "expected text, found the control character " + Escapes.codePoint(ch)
                                + " (only spaces and tabs may separate words)");
            }
        }
    }

    private static String stripCarriageReturn(String s) {
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private static String withoutComment(String s) {
        int hash = s.indexOf('#');
        return hash < 0 ? s : s.substring(0, hash);
    }

    private static List<Token> tokens(String s, int from, int line) {
        List<Token> out = new ArrayList<>();
        int i = from;
        // the column of index i in code points, kept up as i moves (counting from 0 each time is quadratic)
        int counted = 0;
        int column = 1;
        while (i < s.length()) {
            char c = s.charAt(i);
            if (isBlank(c)) {
                i++;
                continue;
            }
            column += s.codePointCount(counted, i);
            counted = i;
            if (c == '=' && i + 1 < s.length() && s.charAt(i + 1) == '>') {
                out.add(new Token(Token.Kind.ARROW, "=>", line, column, i));
                i += 2;
                continue;
            }
            Token.Kind punct = punctuation(c);
            if (punct != null) {
                out.add(new Token(punct, String.valueOf(c), line, column, i));
                i++;
                continue;
            }
            int end = i;
            while (end < s.length() && !isBlank(s.charAt(end)) && punctuation(s.charAt(end)) == null) {
                end++;
            }
            out.add(new Token(Token.Kind.WORD, s.substring(i, end), line, column, i));
            i = end;
        }
        return out;
    }

    private static Token.Kind punctuation(char c) {
        return switch (c) {
            case '=' -> Token.Kind.EQUALS;
            case '|' -> Token.Kind.BAR;
            case ',' -> Token.Kind.COMMA;
            case ':' -> Token.Kind.COLON;
            case '[' -> Token.Kind.LBRACKET;
            case ']' -> Token.Kind.RBRACKET;
            default -> null;
        };
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }
}
