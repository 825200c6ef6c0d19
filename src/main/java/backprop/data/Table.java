package backprop.data;

/**
 * Numbers read from a file, {@code rows x columns} row-major, with what error messages need to point back into the
 * file: the column names of a CSV header and the line each row came from.
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

    Table(String source, float[] values, int rows, int columns, String[] names, int[] lines) {
        this.source = source;
        this.values = values;
        this.rows = rows;
        this.columns = columns;
        this.names = names;
        this.lines = lines;
    }

    /** The header name of column {@code c}, or its 0-based index, the way {@code --label} counts. */
    String columnName(int c) {
        return names != null ? names[c] : Integer.toString(c);
    }

    /** A header name or a 0-based index; {@code null} means the last column. */
    int columnIndex(String spec) throws DataException {
        if (spec == null) return columns - 1;
        String wanted = spec.trim();
        if (names != null) {
            for (int c = 0; c < columns; c++) if (names[c].equals(wanted)) return c;
        }
        try {
            int index = Integer.parseInt(wanted);
            if (index >= 0 && index < columns) return index;
            throw new DataException(source + ": --label " + spec + " is not a column index (the file has columns 0.."
                    + (columns - 1) + ")");
        } catch (NumberFormatException e) {
            throw new DataException(source + ": --label '" + spec + "' is not a column "
                    + (names != null ? "name in the header" : "index (the file has no header)"));
        }
    }

    /** Where row {@code r}'s value in column {@code c} is, for a message. */
    String locate(int r, int c) {
        return lines != null ? source + ":" + lines[r] + ": column " + columnName(c) : source + ": item " + r;
    }
}
