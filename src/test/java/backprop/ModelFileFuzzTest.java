package backprop;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Any bytes as a model file end in a network or in an IOException naming the file. Seeds and found inputs:
 * {@code src/test/resources/backprop/ModelFileFuzzTestInputs/}; {@code ./mvnw verify} replays them.
 */
class ModelFileFuzzTest {

    private static final Path FILE = FuzzFiles.folder("model").resolve("model.json");

    @FuzzTest(maxDuration = "10m")
    void readsAModelOrNamesTheProblem(byte[] content) throws IOException {
        Files.write(FILE, content);
        try {
            Network network = ModelFile.read(FILE);
            ModelFile.parse(ModelFile.toJson(network), "again.json");
        } catch (IOException e) {
            OneLineErrors.assertNamesFile(e, FILE.getFileName().toString());
        }
    }
}
