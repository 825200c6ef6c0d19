package backprop.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code --threads auto|N}: auto by default, a count of at least one, and a message that names both otherwise. */
class ThreadsOptionTest {

    private final BackendOption.ThreadsConverter converter = new BackendOption.ThreadsConverter();

    @Test
    void autoIsTheDefaultAndCanBeAskedFor() {
        assertEquals(BackendOption.AUTO_THREADS, new BackendOption().threads);
        assertEquals(BackendOption.AUTO_THREADS, converter.convert("auto"));
        assertEquals(BackendOption.AUTO_THREADS, converter.convert(" AUTO "));
    }

    @Test
    void aCountIsTakenAsItIs() {
        assertEquals(1, converter.convert("1"));
        assertEquals(3, converter.convert(" 3"));
    }

    @Test
    void anythingElseIsRefusedNamingWhatIsAccepted() {
        for (String bad : new String[] {"0", "-2", "two", "", "1.5"}) {
            TypeConversionException e = assertThrows(TypeConversionException.class, () -> converter.convert(bad), bad);
            assertTrue(e.getMessage().contains("auto"), e.getMessage());
        }
    }
}
