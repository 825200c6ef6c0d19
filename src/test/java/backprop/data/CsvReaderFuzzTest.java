package backprop.data;

import backprop.FuzzFiles;
import backprop.OneLineErrors;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Any bytes as a CSV file end in rows and classes or in a {@link DataException} naming the file. Seeds and found
 * inputs: {@code src/test/resources/backprop/data/CsvReaderFuzzTestInputs/}; {@code ./mvnw verify} replays them.
 */
class CsvReaderFuzzTest {

    private static final Path DIR = FuzzFiles.folder("csv");

    @FuzzTest(maxDuration = "10m")
    void readsRowsOrNamesTheProblem(byte[] content) throws IOException {
        Path file = Files.write(DIR.resolve("fuzz.csv"), content);
        try {
            Samples samples = Samples.readLabelled(file, null, null);
            samples.classes();
        } catch (DataException e) {
            OneLineErrors.assertNamesFile(e, file.toString());
        }
    }
}
