package backprop.cli;

import backprop.data.CsvOptions;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.util.List;

/** {@code --delimiter} and {@code --ignore}: how a CSV file's columns are read, shared by every command that reads one. */
final class ColumnOptions {

    @Option(names = "--delimiter", paramLabel = "CHAR", converter = DelimiterConverter.class,
            description = "The CSV field separator: one character, or 'tab' (default: the most frequent of comma,"
                    + " semicolon and tab on the first line).")
    Character delimiter;

    @Option(names = "--ignore", split = ",", paramLabel = "COLUMN",
            description = "CSV columns that are neither inputs nor the label, such as ids: header names or 0-based"
                    + " indices, as --label takes them.")
    List<String> ignore = List.of();

    /** The CSV options for these settings with {@code label} ({@code null}: the default) and {@code keep}. */
    CsvOptions csv(String label, List<String> keep) {
        return new CsvOptions(delimiter, label, ignore, keep);
    }

    static final class DelimiterConverter implements ITypeConverter<Character> {
        @Override
        public Character convert(String value) {
            if (value.equals("tab") || value.equals("\\t") || value.equals("\t")) return '\t';
            // characters that are part of numbers or quoting, or that the reader trims, cannot separate fields
            if (value.length() != 1 || "\"0123456789.+-eE \r\n".indexOf(value.charAt(0)) >= 0) {
                throw new TypeConversionException("expected one character that is not part of a number, a quote or a"
                        + " space, or 'tab'; got '" + value + "'");
            }
            return value.charAt(0);
        }
    }
}
