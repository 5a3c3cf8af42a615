package bpflife.model.scenario;

/** A place in a scenario file, 1-based, for error messages: {@code file:line:column}. */
public record Pos(String file, int line, int column) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
