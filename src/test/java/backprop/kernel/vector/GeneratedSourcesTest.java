package backprop.kernel.vector;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The committed generated classes are exactly what their generators write, so nobody edits one variant by hand. */
class GeneratedSourcesTest {

    @Test
    void committedTilesAreTheGeneratorsOutput() throws IOException {
        assertGenerated("MicroKernels", MicroKernelsGenerator.source());
    }

    @Test
    void committedTransposesAreTheGeneratorsOutput() throws IOException {
        assertGenerated("BlockTransposes", BlockTransposesGenerator.source());
    }

    private static void assertGenerated(String className, String generated) throws IOException {
        Path committed = Path.of("src/main/java/backprop/kernel/vector/" + className + ".java");
        assertEquals(generated, Files.readString(committed, StandardCharsets.UTF_8),
                className + ".java differs from its generator's output; regenerate it with: java "
                        + "src/test/java/backprop/kernel/vector/" + className + "Generator.java " + committed);
    }
}
