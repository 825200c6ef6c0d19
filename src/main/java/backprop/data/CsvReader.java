package backprop.data;

import backprop.HeapLimit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Comma-separated numbers, with or without a header line. The first line is a header when any of its fields is not
 * a number. Blank lines are skipped; fields may be padded with spaces or wrapped in double quotes (but may not
 * contain commas).
 */
final class CsvReader {

    private CsvReader() {
    }

    static Table read(Path path) throws IOException {
        String source = path.toString();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(DataFiles.open(path),
                StandardCharsets.UTF_8))) {
            String line;
            int lineNumber = 0;
            String[] first = null;
            while (first == null && (line = reader.readLine()) != null) {
                lineNumber++;
                // spreadsheet exports often start with a byte-order mark, which would become part of a column name
                if (lineNumber == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
                if (!line.isBlank()) first = split(line);
            }
            if (first == null) throw new DataException(source + ": the file is empty");
            int columns = first.length;
            String[] names = isHeader(first) ? first : null;
            // a first guess that stays small for a line of a million columns
            int capacity = (int) Math.max(1, Math.min(1024, (1 << 20) / columns));
            float[] values = new float[capacity * columns];
            int[] lines = new int[capacity];
            int rows = 0;
            if (names == null) {
                parseRow(first, source, lineNumber, null, values, 0);
                lines[rows++] = lineNumber;
            }
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) continue;
                String[] fields = split(line);
                if (fields.length != columns) {
                    throw new DataException(source + ":" + lineNumber + ": expected " + columns + " columns, found "
                            + fields.length);
                }
                if (rows == lines.length) {
                    int grown = grownCapacity(rows, columns, source, lineNumber);
                    lines = Arrays.copyOf(lines, grown);
                    values = Arrays.copyOf(values, grown * columns);
                }
                parseRow(fields, source, lineNumber, names, values, rows * columns);
                lines[rows++] = lineNumber;
            }
            if (rows == 0) throw new DataException(source + ": the header has no data rows under it");
            return new Table(source, Arrays.copyOf(values, rows * columns), rows, columns, names,
                    Arrays.copyOf(lines, rows));
        }
    }

    /** Room for twice the rows read so far, refused when no array or not the heap can hold it. */
    private static int grownCapacity(int rows, int columns, String source, int lineNumber) throws DataException {
        long grown = Math.min(2L * rows, HeapLimit.MAX_ARRAY_LENGTH / columns);
        if (grown <= rows) {
            throw new DataException(source + ":" + lineNumber + ": more than " + (long) rows * columns
                    + " numbers, more than this reader can hold");
        }
        Optional<String> shortfall = HeapLimit.shortfall(grown * (columns + 1L) * Float.BYTES);
        if (shortfall.isPresent()) {
            throw new DataException(source + ":" + lineNumber + ": " + rows + " rows of " + columns
                    + " columns so far; room for more " + shortfall.get());
        }
        return (int) grown;
    }

    private static boolean isHeader(String[] fields) {
        for (String field : fields) {
            try {
                parseNumber(field);
            } catch (NumberFormatException e) {
                return true;
            }
        }
        return false;
    }

    private static void parseRow(String[] fields, String source, int line, String[] names, float[] into, int offset)
            throws DataException {
        for (int c = 0; c < fields.length; c++) {
            String column = names != null ? names[c] : Integer.toString(c);
            float value;
            try {
                value = parseNumber(fields[c]);
            } catch (NumberFormatException e) {
                throw DataException.at(source, line, column, fields[c].isEmpty() ? "the value is missing"
                        : "'" + fields[c] + "' is not a number");
            }
            if (!Float.isFinite(value)) {
                throw DataException.at(source, line, column, "'" + fields[c] + "' is not a finite number");
            }
            into[offset + c] = value;
        }
    }

    /** Decimal numbers only: Java's own syntax would also take {@code 1f}, {@code 0x1p3} and {@code 2d}. */
    static float parseNumber(String field) {
        String lower = field.toLowerCase(Locale.ROOT);
        switch (lower) {
            case "nan": case "+nan": case "-nan":
                return Float.NaN;
            case "inf": case "+inf": case "infinity": case "+infinity":
                return Float.POSITIVE_INFINITY;
            case "-inf": case "-infinity":
                return Float.NEGATIVE_INFINITY;
            default:
                break;
        }
        for (int i = 0; i < lower.length(); i++) {
            char ch = lower.charAt(i);
            if (!(ch >= '0' && ch <= '9' || ch == '.' || ch == '-' || ch == '+' || ch == 'e')) {
                throw new NumberFormatException(field);
            }
        }
        return Float.parseFloat(lower);
    }

    private static String[] split(String line) {
        List<String> fields = new ArrayList<>();
        int start = 0;
        while (true) {
            int comma = line.indexOf(',', start);
            String field = (comma < 0 ? line.substring(start) : line.substring(start, comma)).trim();
            if (field.length() >= 2 && field.startsWith("\"") && field.endsWith("\"")) {
                field = field.substring(1, field.length() - 1).trim();
            }
            fields.add(field);
            if (comma < 0) return fields.toArray(new String[0]);
            start = comma + 1;
        }
    }
}
