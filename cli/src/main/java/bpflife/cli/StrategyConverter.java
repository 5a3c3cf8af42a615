package bpflife.cli;

import bpflife.explore.Explorer;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --strategy random|pct|exhaustive|portfolio|swarm}. */
final class StrategyConverter implements ITypeConverter<Explorer.Strategy> {
    @Override
    public Explorer.Strategy convert(String value) {
        try {
            return Explorer.Strategy.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("unknown strategy '" + value
                    + "'; known: random, pct, exhaustive, portfolio, swarm");
        }
    }
}
