package bpflife.cli;

import java.math.BigDecimal;
import java.math.BigInteger;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The one place where numeric options are read: every command says the same words for the same
 * mistake ({@code expected a whole number from 1 to N, found 'x'}), with the range, and never
 * passes a number it would silently change (a {@code --time} of 0 or infinity, a count too large
 * for a long).
 */
final class Numbers {
    private Numbers() {}

    /** The longest time budget an option accepts: about 11.5 days. */
    static final double MAX_SECONDS = 1_000_000;
    /** The shortest: one millisecond. */
    static final double MIN_SECONDS = 0.001;

    /** A whole number in {@code [min, max]}, or the sentence saying why not. */
    static long whole(String value, long min, long max) {
        String v = value.strip().replace("_", "");
        BigInteger n;
        try {
            n = new BigInteger(v);
        } catch (NumberFormatException e) {
            throw new TypeConversionException(range(min, max) + ", found '" + value + "'");
        }
        if (n.compareTo(BigInteger.valueOf(min)) < 0 || n.compareTo(BigInteger.valueOf(max)) > 0) {
            throw new TypeConversionException(range(min, max) + ", found " + value
                    + (n.compareTo(BigInteger.valueOf(max)) > 0 ? " (too large)" : " (too small)"));
        }
        return n.longValueExact();
    }

    private static String range(long min, long max) {
        return "expected a whole number from " + min + " to " + max;
    }

    /** {@code --schedules}, {@code --max-steps}, {@code --states}: a count from 1. */
    static final class Count implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return whole(value, 1, Long.MAX_VALUE);
        }
    }

    /** A count from 1 that fits an int ({@code load --sessions}, {@code --pins}, ...). */
    static final class Int implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String value) {
            return (int) whole(value, 1, Integer.MAX_VALUE);
        }
    }

    /** A period in milliseconds where 0 means never ({@code load --update-every}). */
    static final class NonNegative implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return whole(value, 0, Long.MAX_VALUE);
        }
    }

    /** {@code --seed}: any 64-bit number. */
    static final class Seed implements ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            return whole(value, Long.MIN_VALUE, Long.MAX_VALUE);
        }
    }

    /** A time budget in seconds, {@link #MIN_SECONDS} to {@link #MAX_SECONDS} (0 is not "no limit": leave the option out). */
    static final class Seconds implements ITypeConverter<Double> {
        @Override
        public Double convert(String value) {
            String what = "expected seconds from " + MIN_SECONDS + " to " + (long) MAX_SECONDS;
            BigDecimal d;
            try {
                d = new BigDecimal(value.strip());
            } catch (NumberFormatException e) {
                throw new TypeConversionException(what + ", found '" + value + "'");
            }
            if (d.compareTo(BigDecimal.valueOf(MIN_SECONDS)) < 0 || d.compareTo(BigDecimal.valueOf(MAX_SECONDS)) > 0) {
                throw new TypeConversionException(what + ", found " + value
                        + (d.signum() == 0 ? " (to run without a time limit, leave --time out)" : ""));
            }
            return d.doubleValue();
        }
    }
}
