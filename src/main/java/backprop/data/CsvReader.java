package backprop.data;

import backprop.HeapLimit;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Delimited text: numbers in the input columns, any text in the label and kept columns, with or without a header
 * line. The delimiter is given or taken from the first line: the most frequent of comma, semicolon and tab outside
 * quotes, comma on a tie. The first line is a header when one of its fields is not a number while the same field of
 * the next line is (so a file without a header may have a text label), or, with no next line to compare, when any
 * field is not a number. Blank lines are skipped; fields may be padded with spaces; a field in double quotes may
 * hold the delimiter, with {@code ""} standing for a quote.
 */
final class CsvReader {

    private static final char[] DETECTED = {',', ';', '\t'};

    private CsvReader() {
    }

    /**
     * Reads the columns {@code planner} chooses once it has seen the header (or, without one, the column count).
     *
     * @param delimiter the field separator, or {@code null} to detect it
     */
    static Table read(Path path, Character delimiter, ColumnPlan.Planner planner) throws IOException {
        String source = path.toString();
        try (Reader reader = new InputStreamReader(DataFiles.open(path), StandardCharsets.UTF_8)) {
            Lines lines = new Lines(reader, source);
            String firstLine = lines.next();
            if (firstLine == null) throw new DataException(source + ": the file is empty");
            char separator = delimiter != null ? delimiter : detectDelimiter(firstLine);
            int firstNumber = lines.number;
            String[] first = split(firstLine, separator, source, firstNumber);
            String secondLine = lines.next();
            String[] second = secondLine == null ? null : split(secondLine, separator, source, lines.number);
            int columns = first.length;
            String[] names = isHeader(first, second) ? first : null;
            ColumnPlan plan = planner.plan(source, names, columns);
            Rows rows = new Rows(source, plan, names);
            if (names == null) rows.add(first, firstNumber);
            for (String[] fields = second; fields != null; ) {
                rows.add(fields, lines.number);
                String line = lines.next();
                fields = line == null ? null : split(line, separator, source, lines.number);
            }
            if (rows.count == 0) throw new DataException(source + ": the header has no data rows under it");
            return rows.table();
        }
    }

    /**
     * The non-blank lines of a file with their 1-based numbers; a leading byte-order mark is dropped. A line ends at
     * {@code \n}, {@code \r\n} or {@code \r}. A line too long for the heap (a file with no line breaks, say) is
     * refused while it grows, before it runs the JVM out of memory: each time it doubles past {@link #FIRST_CHECK}
     * characters, the heap must still hold its next doubling and the copy made of it.
     */
    static final class Lines {
        /** Characters a line may grow to before the heap is asked about it. */
        static final int FIRST_CHECK = 1 << 20;

        private final Reader reader;
        private final String source;
        /** Why the heap cannot give this many more bytes, or empty when it can ({@link HeapLimit#shortfall}). */
        private final LongFunction<Optional<String>> heapCheck;
        private final char[] buffer = new char[8192];
        private final StringBuilder line = new StringBuilder();
        private int position;
        private int end;
        /** The last line ended at a {@code \r}, so a {@code \n} right after it ends nothing. */
        private boolean afterCarriageReturn;
        int number;

        Lines(Reader reader, String source) {
            this(reader, source, HeapLimit::shortfall);
        }

        Lines(Reader reader, String source, LongFunction<Optional<String>> heapCheck) {
            this.reader = reader;
            this.source = source;
            this.heapCheck = heapCheck;
        }

        String next() throws IOException {
            String line;
            while ((line = readLine()) != null) {
                number++;
                // spreadsheet exports often start with a byte-order mark, which would become part of a column name
                if (number == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
                if (!line.isBlank()) return line;
            }
            return null;
        }

        private String readLine() throws IOException {
            line.setLength(0);
            long nextCheck = FIRST_CHECK;
            boolean any = false;
            while (true) {
                if (position == end) {
                    end = Math.max(0, reader.read(buffer, 0, buffer.length));
                    position = 0;
                    if (end == 0) return any ? line.toString() : null;
                }
                if (afterCarriageReturn) {
                    afterCarriageReturn = false;
                    if (buffer[position] == '\n') {
                        position++;
                        continue;
                    }
                }
                any = true;
                int start = position;
                while (position < end && buffer[position] != '\n' && buffer[position] != '\r') position++;
                line.append(buffer, start, position - start);
                if (line.length() >= nextCheck) {
                    // the builder's next doubling (two bytes a character at worst) and the line's copy as a String
                    Optional<String> shortfall = heapCheck.apply(6L * line.length());
                    if (shortfall.isPresent()) {
                        throw new DataException(source + ": line " + (number + 1) + " is over " + line.length()
                                + " characters long and still growing; the next step " + shortfall.get());
                    }
                    nextCheck = 2L * line.length();
                }
                if (position < end) {
                    afterCarriageReturn = buffer[position] == '\r';
                    position++;
                    return line.toString();
                }
            }
        }
    }

    /** The rows read so far: numbers of the input columns, text of the text columns, each row's line. */
    private static final class Rows {
        private final String source;
        private final ColumnPlan plan;
        private final String[] names;
        private final int columns;
        private float[] values;
        private int[] lines;
        private final String[][] text;
        /** One copy of each distinct label, which a million rows share among a few classes. */
        private final Map<String, String> labels = new HashMap<>();
        /** Text columns, whose rows hold a reference each. */
        private final int textColumns;
        /** An estimate of the heap the text kept so far takes ({@link #textBytes(String)} each). */
        private long textBytes;
        int count;

        Rows(String source, ColumnPlan plan, String[] names) {
            this.source = source;
            this.plan = plan;
            this.names = names;
            this.columns = plan.columns;
            // a first guess that stays small for a line of a million columns
            int capacity = (int) Math.max(1, Math.min(1024, (1 << 20) / columns));
            values = new float[capacity * columns];
            lines = new int[capacity];
            text = new String[columns][];
            int textColumns = 0;
            for (int c = 0; c < columns; c++) {
                if (plan.isText(c)) {
                    text[c] = new String[capacity];
                    textColumns++;
                }
            }
            this.textColumns = textColumns;
        }

        /** A String's heap at worst: its object, its array's header, two bytes a character. */
        private static long textBytes(String field) {
            return 48 + 2L * field.length();
        }

        void add(String[] fields, int lineNumber) throws DataException {
            if (fields.length != columns) {
                throw new DataException(source + ":" + lineNumber + ": expected " + columns + " columns, found "
                        + fields.length);
            }
            if (count == lines.length) grow(lineNumber);
            int offset = count * columns;
            for (int c = 0; c < columns; c++) {
                if (plan.isNumeric(c)) values[offset + c] = parseValue(fields[c], lineNumber, c);
                if (plan.isText(c)) text[c][count] = plan.isLabel(c) ? label(fields[c]) : kept(fields[c]);
            }
            lines[count++] = lineNumber;
        }

        /** One copy of each distinct label, counted once. */
        private String label(String field) {
            String known = labels.putIfAbsent(field, field);
            if (known != null) return known;
            textBytes += textBytes(field);
            return field;
        }

        private String kept(String field) {
            textBytes += textBytes(field);
            return field;
        }

        private void grow(int lineNumber) throws DataException {
            // the new rows' text, at the rows so far's average, is part of what the grown arrays will hold
            long textPerRow = count == 0 ? 0 : (textBytes + count - 1) / count;
            int grown = grownCapacity(count, columns, textColumns, textPerRow, source, lineNumber);
            lines = Arrays.copyOf(lines, grown);
            values = Arrays.copyOf(values, grown * columns);
            for (int c = 0; c < columns; c++) if (text[c] != null) text[c] = Arrays.copyOf(text[c], grown);
        }

        private float parseValue(String field, int lineNumber, int c) throws DataException {
            String column = names == null ? Integer.toString(c) : names[c];
            float value;
            try {
                value = parseNumber(field);
            } catch (NumberFormatException e) {
                throw DataException.at(source, lineNumber, column, field.isEmpty() ? "the value is missing"
                        : "'" + field + "' is not a number");
            }
            if (!Float.isFinite(value)) {
                throw DataException.at(source, lineNumber, column, "'" + field + "' is not a finite number");
            }
            return value;
        }

        Table table() {
            for (int c = 0; c < columns; c++) if (text[c] != null) text[c] = Arrays.copyOf(text[c], count);
            return new Table(source, Arrays.copyOf(values, count * columns), count, columns, names,
                    Arrays.copyOf(lines, count), plan, text);
        }
    }

    /** Room for twice the rows read so far, refused when no array or not the heap can hold it. */
    /**
     * The capacity that doubles {@code rows}, refused when no array can be that long or the heap cannot take the
     * grown arrays (numbers, line numbers, a reference per text column) plus {@code textBytesPerRow} for each row
     * added.
     */
    private static int grownCapacity(int rows, int columns, int textColumns, long textBytesPerRow, String source,
                                     int lineNumber) throws DataException {
        long grown = Math.min(2L * rows, HeapLimit.MAX_ARRAY_LENGTH / columns);
        if (grown <= rows) {
            throw new DataException(source + ":" + lineNumber + ": more than " + (long) rows * columns
                    + " numbers, more than this reader can hold");
        }
        Optional<String> shortfall = HeapLimit.shortfall(grown * (columns + 1L + textColumns) * Float.BYTES
                + (grown - rows) * textBytesPerRow);
        if (shortfall.isPresent()) {
            throw new DataException(source + ":" + lineNumber + ": " + rows + " rows of " + columns
                    + " columns so far; room for more " + shortfall.get());
        }
        return (int) grown;
    }

    private static boolean isHeader(String[] first, String[] second) {
        boolean comparable = second != null && second.length == first.length;
        for (int c = 0; c < first.length; c++) {
            if (!isNumber(first[c]) && (!comparable || isNumber(second[c]))) return true;
        }
        return false;
    }

    private static boolean isNumber(String field) {
        try {
            parseNumber(field);
            return true;
        } catch (NumberFormatException e) {
            return false;
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

    /** The most frequent of comma, semicolon and tab outside quotes; the earlier one on a tie. */
    static char detectDelimiter(String line) {
        int[] counts = new int[DETECTED.length];
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') quoted = !quoted;
            for (int d = 0; d < DETECTED.length && !quoted; d++) if (ch == DETECTED[d]) counts[d]++;
        }
        int best = 0;
        for (int d = 1; d < DETECTED.length; d++) if (counts[d] > counts[best]) best = d;
        return DETECTED[best];
    }

    /** The fields of a line, trimmed of spaces; a quoted field may hold the delimiter and {@code ""} for a quote. */
    static String[] split(String line, char delimiter, String source, int lineNumber) throws DataException {
        List<String> fields = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (true) {
            while (i < n && line.charAt(i) == ' ') i++;
            if (i < n && line.charAt(i) == '"') {
                StringBuilder field = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) throw new DataException(source + ":" + lineNumber + ": a quote is never closed");
                    char ch = line.charAt(i++);
                    if (ch != '"') {
                        field.append(ch);
                    } else if (i < n && line.charAt(i) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        break;
                    }
                }
                while (i < n && line.charAt(i) == ' ') i++;
                if (i < n && line.charAt(i) != delimiter) {
                    throw new DataException(source + ":" + lineNumber + ": text after a closing quote (a quote inside"
                            + " a quoted field is written \"\")");
                }
                fields.add(field.toString().trim());
            } else {
                int end = line.indexOf(delimiter, i);
                if (end < 0) end = n;
                fields.add(line.substring(i, end).trim());
                i = end;
            }
            if (i >= n) return fields.toArray(new String[0]);
            i++;
        }
    }
}
