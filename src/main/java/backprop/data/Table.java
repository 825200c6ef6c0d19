package backprop.data;

/**
 * Values read from a file, {@code rows x columns} row-major, with what error messages need to point back into the
 * file: the column names of a CSV header and the line each row came from. Numeric columns are in {@code values};
 * a column read as text (a label, a kept column) is in {@code text}, and its {@code values} are 0.
 */
final class Table {

    final String source;
    final float[] values;
    final int rows;
    final int columns;
    /** Header names, or {@code null} when the file has no header. */
    final String[] names;
    /** The 1-based line of each row, or {@code null} for binary files. */
    final int[] lines;
    /** The columns the file was read for. */
    final ColumnPlan plan;
    /** {@code text[c][r]}: the text of row {@code r} in a text column {@code c}; {@code null} for other columns. */
    final String[][] text;

    Table(String source, float[] values, int rows, int columns, String[] names, int[] lines, ColumnPlan plan,
          String[][] text) {
        this.source = source;
        this.values = values;
        this.rows = rows;
        this.columns = columns;
        this.names = names;
        this.lines = lines;
        this.plan = plan;
        this.text = text;
    }

    /** Numbers without header or text columns, every column an input: IDX images and labels. */
    Table(String source, float[] values, int rows, int columns) {
        this(source, values, rows, columns, null, null, ColumnPlan.allInputs(columns), new String[columns][]);
    }

    /** The header name of column {@code c}, or its 0-based index, the way {@code --label} counts. */
    String columnName(int c) {
        return names != null ? names[c] : Integer.toString(c);
    }

    /** Where row {@code r}'s value in column {@code c} is, for a message. */
    String locate(int r, int c) {
        return lines != null ? source + ":" + lines[r] + ": column " + columnName(c) : source + ": item " + r;
    }
}
