package bpflife.cli;

import bpflife.protocol.IdKind;
import bpflife.protocol.UserError;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Which objects a {@code link show} / {@code prog show} lists, parsed from its words as bpftool
 * parses them (link.c link_parse_fd, common.c prog_parse_fds, main.h BAD_ARG), keywords by prefix
 * ({@code i 3} is {@code id 3}) and with bpftool's sentences for what it refuses.
 */
sealed interface Selector {
    /** No words: every object, in id order. */
    record All() implements Selector {}

    record ById(long id) implements Selector {}

    record Pinned(String path) implements Selector {}

    /** prog only: every program with this (full) name, as bpftool v7.1 compares it (measured: no 15-character cut). */
    record ByName(String name) implements Selector {}

    /** prog only: every program with this tag (16 hex digits, any case). */
    record ByTag(String tag) implements Selector {}

    Pattern ID = Pattern.compile("0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*|");
    Pattern TAG = Pattern.compile("[0-9a-fA-F]{16}");

    static Selector parse(IdKind kind, List<String> words) {
        if (words.isEmpty()) {
            return new All();
        }
        if (words.size() != 2) {
            throw new UserError("what is '" + words.get(0) + "'?");
        }
        String key = words.get(0);
        String value = words.get(1);
        if (isPrefix(key, "id")) {
            return new ById(id(value));
        }
        if (kind == IdKind.PROG && isPrefix(key, "tag")) {
            if (!TAG.matcher(value).matches()) {
                throw new UserError("can't parse tag");
            }
            return new ByTag(value.toLowerCase(java.util.Locale.ROOT));
        }
        if (kind == IdKind.PROG && isPrefix(key, "name")) {
            return new ByName(value);
        }
        if (isPrefix(key, "pinned")) {
            return new Pinned(value);
        }
        throw new UserError(kind == IdKind.PROG
                ? "expected 'id', 'tag', 'name' or 'pinned', got: '" + key + "'?"
                : "expected 'id' or 'pinned', got: '" + key + "'?");
    }

    /** bpftool's is_prefix: {@code word} is the start of {@code keyword}. */
    static boolean isPrefix(String word, String keyword) {
        return keyword.startsWith(word);
    }

    /** strtoul(s, &end, 0) with nothing left over: decimal, 0x hex or 0 octal; the empty word is 0. */
    private static long id(String s) {
        if (!ID.matcher(s).matches()) {
            throw new UserError("can't parse " + s + " as ID");
        }
        if (s.isEmpty()) {
            return 0;
        }
        try {
            long v = s.startsWith("0x") || s.startsWith("0X") ? Long.parseLong(s.substring(2), 16)
                    : s.startsWith("0") && s.length() > 1 ? Long.parseLong(s.substring(1), 8) : Long.parseLong(s);
            return v & 0xffffffffL; // bpftool keeps it in an unsigned int
        } catch (NumberFormatException e) {
            throw new UserError("can't parse " + s + " as ID", e);
        }
    }
}
