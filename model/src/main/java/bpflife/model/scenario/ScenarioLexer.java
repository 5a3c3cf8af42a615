package bpflife.model.scenario;

import java.util.ArrayList;
import java.util.List;

/** Splits a scenario text into lines of tokens; blank and comment-only lines are dropped. */
final class ScenarioLexer {

    private ScenarioLexer() {}

    static List<SourceLine> lex(String text) {
        List<SourceLine> lines = new ArrayList<>();
        String[] raw = text.split("\n", -1);
        for (int i = 0; i < raw.length; i++) {
            String content = withoutComment(stripCarriageReturn(raw[i]));
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
        while (i < s.length()) {
            char c = s.charAt(i);
            if (isBlank(c)) {
                i++;
                continue;
            }
            int column = i + 1;
            if (c == '=' && i + 1 < s.length() && s.charAt(i + 1) == '>') {
                out.add(new Token(Token.Kind.ARROW, "=>", line, column));
                i += 2;
                continue;
            }
            Token.Kind punct = punctuation(c);
            if (punct != null) {
                out.add(new Token(punct, String.valueOf(c), line, column));
                i++;
                continue;
            }
            int end = i;
            while (end < s.length() && !isBlank(s.charAt(end)) && punctuation(s.charAt(end)) == null) {
                end++;
            }
            out.add(new Token(Token.Kind.WORD, s.substring(i, end), line, column));
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
