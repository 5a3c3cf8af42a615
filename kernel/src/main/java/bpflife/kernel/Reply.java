package bpflife.kernel;

import java.util.Arrays;
import java.util.List;

/**
 * One answer line of the driver: {@code ok [values...]} or {@code err <errno> [detail]}.
 *
 * @param errno  0 for ok
 * @param values the words after {@code ok}
 * @param detail free text after the errno (libbpf's log for a failed load), or ""
 */
record Reply(int errno, List<String> values, String detail) {

    boolean ok() {
        return errno == 0;
    }

    String value(int i) {
        return values.get(i);
    }

    int intValue(int i) {
        return Integer.parseInt(values.get(i));
    }

    static Reply parse(String line) {
        if (line.equals("ok")) {
            return new Reply(0, List.of(), "");
        }
        if (line.startsWith("ok ")) {
            String rest = line.substring(3);
            return new Reply(0, rest.isEmpty() ? List.of() : Arrays.asList(rest.split(" ")), "");
        }
        if (line.startsWith("err ")) {
            String rest = line.substring(4);
            int sp = rest.indexOf(' ');
            int errno = Integer.parseInt(sp < 0 ? rest : rest.substring(0, sp));
            return new Reply(errno, List.of(), sp < 0 ? "" : rest.substring(sp + 1).strip());
        }
        throw new IllegalStateException("the kernel driver answered '" + line + "'");
    }
}
