package bpflife.cli;

import bpflife.model.Semantics;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --semantics NAME}: one of {@link Semantics#all()}, by name. */
final class SemanticsConverter implements ITypeConverter<Semantics> {
    @Override
    public Semantics convert(String value) {
        Semantics s = Semantics.byName(value);
        if (s == null) {
            throw new TypeConversionException("unknown semantics '" + value + "'; known: "
                    + String.join(", ", Semantics.all().stream().map(Semantics::name).toList())
                    + " ('bpflife semantics' describes them)");
        }
        return s;
    }
}
