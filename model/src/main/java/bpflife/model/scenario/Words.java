package bpflife.model.scenario;

import java.util.Collection;
import java.util.List;
import java.util.Locale;

/** Small checks on the words of a scenario: names, numbers, suggestions for misspellings. */
final class Words {

    private Words() {}

    /** {@code [A-Za-z_][A-Za-z0-9_]*}: variables, task names, signal names. */
    static boolean isIdentifier(String s) {
        if (s.isEmpty() || !(isLetter(s.charAt(0)) || s.charAt(0) == '_')) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(isLetter(c) || isDigit(c) || c == '_')) {
                return false;
            }
        }
        return true;
    }

    static boolean isNumber(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The value of a decimal number that fits an int, or -1 if it does not. */
    static int intValue(String digits) {
        long v = 0;
        for (int i = 0; i < digits.length(); i++) {
            v = v * 10 + (digits.charAt(i) - '0');
            if (v > Integer.MAX_VALUE) {
                return -1;
            }
        }
        return (int) v;
    }

    /**
     * The one candidate that is a trivial misspelling of {@code word} (same letters in another case,
     * or one letter added, dropped, changed, or two neighbours swapped), or null when there is none
     * or more than one: a guess that might be wrong is worse than none.
     */
    static String didYouMean(String word, Collection<String> candidates) {
        String match = null;
        for (String c : candidates) {
            if (c.equals(word)) {
                return null;
            }
            boolean close = c.equalsIgnoreCase(word)
                    || (word.length() >= 3 && c.length() >= 3 && oneEditApart(word.toLowerCase(Locale.ROOT), c.toLowerCase(Locale.ROOT)));
            if (close) {
                if (match != null) {
                    return null;
                }
                match = c;
            }
        }
        return match;
    }

    /** " (did you mean 'x'?)" or nothing. */
    static String suggestion(String word, Collection<String> candidates) {
        String m = didYouMean(word, candidates);
        return m == null ? "" : " (did you mean '" + m + "'?)";
    }

    /** Restricted Damerau-Levenshtein distance of at most one. */
    private static boolean oneEditApart(String a, String b) {
        if (a.equals(b)) {
            return true;
        }
        int la = a.length();
        int lb = b.length();
        if (Math.abs(la - lb) > 1) {
            return false;
        }
        int i = 0;
        while (i < Math.min(la, lb) && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        if (la == lb) {
            if (a.substring(i + 1).equals(b.substring(i + 1))) {
                return true;
            }
            return i + 1 < la && a.charAt(i) == b.charAt(i + 1) && a.charAt(i + 1) == b.charAt(i)
                    && a.substring(i + 2).equals(b.substring(i + 2));
        }
        return la > lb ? a.substring(i + 1).equals(b.substring(i)) : a.substring(i).equals(b.substring(i + 1));
    }

    /** "a, b or c". */
    static String orList(List<String> items) {
        if (items.size() == 1) {
            return items.get(0);
        }
        return String.join(", ", items.subList(0, items.size() - 1)) + " or " + items.get(items.size() - 1);
    }

    /** Names for a message, cut short when there are many (templates make fifty readers). */
    static String shortList(List<String> names) {
        int max = 8;
        if (names.size() <= max) {
            return String.join(", ", names);
        }
        return String.join(", ", names.subList(0, max)) + ", ... (" + names.size() + " in all)";
    }

    /**
     * Whether {@code name} matches a pattern where {@code *} stands for any run of characters. On a
     * mismatch only the last star is retried one character further, so the time is at most
     * pattern length times name length, however many stars the pattern has.
     */
    static boolean globMatches(String p, String s) {
        int pi = 0;
        int si = 0;
        int star = -1; // index in p of the last '*' seen
        int resume = 0; // where in s that star's run ends now
        while (si < s.length()) {
            if (pi < p.length() && p.charAt(pi) == '*') {
                star = pi++;
                resume = si;
            } else if (pi < p.length() && p.charAt(pi) == s.charAt(si)) {
                pi++;
                si++;
            } else if (star >= 0) {
                pi = star + 1;
                si = ++resume;
            } else {
                return false;
            }
        }
        while (pi < p.length() && p.charAt(pi) == '*') {
            pi++;
        }
        return pi == p.length();
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
