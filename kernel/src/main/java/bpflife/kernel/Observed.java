package bpflife.kernel;

import java.util.List;

/**
 * What one statement returned on one side (model or kernel), reduced to what is compared and
 * what is shown.
 *
 * @param word    {@code ok}, {@code eof} (a read that returned 0) or the errno's name; for
 *                {@code read ... until eof} the last read's; null when the statement did not run
 * @param shown   for the report: {@code 3}, {@code 0}, {@code ENOENT}, {@code 11 reads, 137 bytes, eof}
 * @param listing for {@code link show} / {@code prog show}: the listed objects of the run, by the
 *                scenario variable that made them, in id order; else null
 * @param idName  for {@code next id}: the object whose id came back, by its variable; else null
 * @param note    why the statement did not run, or null
 */
record Observed(String word, String shown, List<String> listing, String idName, String note) {

    static Observed of(String word, String shown) {
        return new Observed(word, shown, null, null, null);
    }

    static Observed notRun(String note) {
        return new Observed(null, "(not run)", null, null, note);
    }

    boolean ran() {
        return word != null;
    }
}
