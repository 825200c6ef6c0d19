package backprop.data;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CSV reader's lines: every line ending, blank lines, the byte-order mark, and a line too long for the heap. */
class CsvLinesTest {

    @Test
    void linesEndAtNewlineCarriageReturnOrBothAndBlankLinesAreSkippedButCounted() throws IOException {
        assertEquals(List.of("1:a", "2:b", "3:c", "5:d", "7:e"), lines("a\nb\r\nc\r\r\nd\n \ne"));
        assertEquals(List.of("1:a"), lines("a\r\n"));
        assertEquals(List.of("1:a", "2:b"), lines("a\rb\r"));
        assertEquals(List.of(), lines(""));
        assertEquals(List.of(), lines("\n\r\n\r"));
    }

    @Test
    void lineEndingsSplitAcrossBufferRefillsEndOneLine() throws IOException {
        // a reader that hands out one character a call puts every \r\n across a refill
        Reader trickle = new StringReader("x,1\r\ny,2\r\n\r\nz,3") {
            @Override
            public int read(char[] buffer, int offset, int length) throws IOException {
                return super.read(buffer, offset, Math.min(1, length));
            }
        };
        List<String> read = new ArrayList<>();
        CsvReader.Lines lines = new CsvReader.Lines(trickle, "t.csv");
        for (String line = lines.next(); line != null; line = lines.next()) read.add(lines.number + ":" + line);
        assertEquals(List.of("1:x,1", "2:y,2", "4:z,3"), read);
    }

    @Test
    void aLeadingByteOrderMarkIsDropped() throws IOException {
        assertEquals(List.of("1:y,x", "2:1,5"), lines("\uFEFFy,x\n1,5\n"));
    }

    @Test
    void longLinesAreReadWhole() throws IOException {
        String longLine = "7,".repeat(CsvReader.Lines.FIRST_CHECK) + "7";
        List<String> read = lines("a\n" + longLine + "\nb");
        assertEquals(3, read.size());
        assertEquals("2:" + longLine, read.get(1));
    }

    @Test
    void aLineTheHeapCannotHoldIsRefusedWhileItGrowsNamingTheFileAndLine() {
        long[] asked = {0};
        CsvReader.Lines lines = new CsvReader.Lines(new StringReader("a,b\n" + "9".repeat(3 * CsvReader.Lines.FIRST_CHECK)),
                "huge.csv", bytes -> {
                    asked[0] = bytes;
                    return Optional.of("needs " + bytes + " bytes of memory; give java more with -Xmx");
                });
        DataException refused = assertThrows(DataException.class, () -> {
            while (lines.next() != null) {
                // read on
            }
        });
        assertTrue(refused.getMessage().matches("huge\\.csv: line 2 is over \\d{7} characters long and still growing;"
                + " the next step needs \\d+ bytes of memory; give java more with -Xmx"), refused.getMessage());
        assertTrue(asked[0] >= 6L * CsvReader.Lines.FIRST_CHECK, "asked for " + asked[0] + " bytes");
    }

    private static List<String> lines(String text) throws IOException {
        CsvReader.Lines lines = new CsvReader.Lines(new StringReader(text), "t.csv");
        List<String> read = new ArrayList<>();
        for (String line = lines.next(); line != null; line = lines.next()) read.add(lines.number + ":" + line);
        return read;
    }
}
