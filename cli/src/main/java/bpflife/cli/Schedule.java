package bpflife.cli;

import bpflife.explore.FirstEnabledStrategy;
import bpflife.explore.RandomStrategy;
import bpflife.explore.Scheduler;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --schedule}: how the scheduler picks the next message to deliver. */
enum Schedule {
    /** A seeded random choice among the enabled channels at every step. */
    RANDOM("random"),
    /** Always the oldest enabled channel: one fixed interleaving. */
    FIRST("first");

    private final String word;

    Schedule(String word) {
        this.word = word;
    }

    String word() {
        return word;
    }

    Scheduler scheduler(long seed) {
        return switch (this) {
            case RANDOM -> new RandomStrategy(seed);
            case FIRST -> new FirstEnabledStrategy();
        };
    }

    /** Accepts the lowercase words. */
    static final class Converter implements ITypeConverter<Schedule> {
        @Override
        public Schedule convert(String value) {
            for (Schedule s : values()) {
                if (s.word.equals(value)) {
                    return s;
                }
            }
            throw new TypeConversionException("expected random or first, found '" + value + "'");
        }
    }
}
