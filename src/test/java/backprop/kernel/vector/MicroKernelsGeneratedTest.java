package backprop.kernel.vector;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The committed register tiles are exactly what the generator writes, so nobody edits one shape by hand. */
class MicroKernelsGeneratedTest {

    @Test
    void committedTilesAreTheGeneratorsOutput() throws IOException {
        Path committed = Path.of("src/main/java/backprop/kernel/vector/MicroKernels.java");
        assertEquals(MicroKernelsGenerator.source(), Files.readString(committed, StandardCharsets.UTF_8),
                "MicroKernels.java differs from its generator's output; regenerate it with: java "
                        + "src/test/java/backprop/kernel/vector/MicroKernelsGenerator.java " + committed);
    }
}
