package backprop.data;

import backprop.FuzzFiles;
import backprop.ModelColumns;
import backprop.OneLineErrors;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Any bytes as a CSV file end in rows and classes or in a {@link DataException} naming the file, read for training
 * and for a model with column names. Seeds and found inputs:
 * {@code src/test/resources/backprop/data/CsvReaderFuzzTestInputs/}; {@code ./mvnw verify} replays them.
 */
class CsvReaderFuzzTest {

    private static final Path DIR = FuzzFiles.folder("csv");
    private static final ModelColumns NAMED = new ModelColumns(List.of("a", "b"), "y", List.of("cat", "dog"));

    @FuzzTest(maxDuration = "10m")
    void readsRowsOrNamesTheProblem(byte[] content) throws IOException {
        Path file = Files.write(DIR.resolve("fuzz.csv"), content);
        try {
            Samples samples = Samples.read(file);
            samples.classes();
        } catch (DataException e) {
            OneLineErrors.assertNamesFile(e, file.toString());
        }
        try {
            Samples samples = Samples.readForModel(file, null, new CsvOptions(null, null, List.of(), List.of("a")),
                    NAMED, 2, false, "m.json");
            if (samples.hasLabels()) samples.classLabels(NAMED.classNames(), null, "the model's");
        } catch (DataException e) {
            OneLineErrors.assertNamesFile(e, file.toString());
        }
    }
}
