package backprop;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the fuzz tests require of every refusal: one line that names the file, and no "internal error". */
public final class OneLineErrors {

    private OneLineErrors() {
    }

    public static void assertNamesFile(Exception refusal, String fileName) {
        String message = refusal.getMessage();
        assertTrue(message != null && message.contains(fileName), "names " + fileName + ": " + message);
        assertOneLine(message);
    }

    public static void assertOneLine(String message) {
        assertFalse(message.isBlank(), "says something");
        assertFalse(message.strip().contains("\n") || message.contains("\r"), "one line: " + message);
        // the file's own text may say "internal error"; the command line's label for a bug comes first
        assertFalse(message.matches("(?s)(\\S+: )?internal error: .*"), message);
    }
}
