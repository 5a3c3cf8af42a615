package bpflife.loadtest.report;

import java.util.List;

/**
 * A plain-text table: a header row and rows of cells, columns two blanks apart, numbers
 * right-aligned and text left-aligned, trailing blanks trimmed.
 */
final class Table {
    private Table() {}

    /** right[i]: whether column i is right-aligned (it holds numbers). */
    static String render(String[] header, boolean[] right, List<String[]> rows) {
        int[] width = new int[header.length];
        for (int i = 0; i < header.length; i++) {
            width[i] = header[i].length();
        }
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                width[i] = Math.max(width[i], row[i].length());
            }
        }
        StringBuilder b = new StringBuilder();
        line(b, header, right, width);
        for (String[] row : rows) {
            line(b, row, right, width);
        }
        return b.toString();
    }

    private static void line(StringBuilder b, String[] cells, boolean[] right, int[] width) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            if (i > 0) {
                l.append("  ");
            }
            String pad = " ".repeat(width[i] - cells[i].length());
            l.append(right[i] ? pad + cells[i] : cells[i] + pad);
        }
        b.append(l.toString().stripTrailing()).append('\n');
    }
}
