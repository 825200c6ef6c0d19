package backprop.data;

import java.io.IOException;

/**
 * An input file that cannot be used. The message is one line for the user and names the file, and for text data
 * also the line and column, like a compiler's: {@code digits.csv:17: column p12: 'abc' is not a number}.
 */
public final class DataException extends IOException {
    private static final long serialVersionUID = 1L;

    /** A problem described in one line that names the file, and where known the line and column. */
    public DataException(String message) {
        super(message);
    }

    /** A problem with one value: {@code file:line: column name: problem}. */
    static DataException at(String file, int line, String column, String problem) {
        return new DataException(file + ":" + line + ": column " + column + ": " + problem);
    }
}
