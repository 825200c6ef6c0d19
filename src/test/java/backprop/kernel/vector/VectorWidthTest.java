package backprop.kernel.vector;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Says which vector width this run of the equivalence tests covers. The pom runs them at the JVM's own width and
 * again at 256 bits with 16 registers ({@code -XX:UseAVX=2}) and at 128 bits; the 512-bit paths run only where the
 * CPU has AVX-512, and on any other CPU this test is a skip that says so.
 */
@Tag("vector-equivalence")
class VectorWidthTest {

    @Test
    void reportsTheWidthUnderTest() throws IOException {
        System.out.println("vector equivalence at " + Vectors.SPECIES.vectorBitSize() + " bits, "
                + Blocking.vectorRegisters() + " registers");
        assertTrue(Vectors.LANES >= 2, "a species of at least two floats");
        assumeTrue(Vectors.SPECIES.vectorBitSize() >= 512 || !cpuHasAvx512(),
                "this run is at " + Vectors.SPECIES.vectorBitSize() + " bits; the 512-bit run is the default one");
        assumeTrue(cpuHasAvx512(), "512-bit paths not tested: this CPU has no AVX-512");
    }

    private static boolean cpuHasAvx512() throws IOException {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        return Files.exists(cpuinfo) && Files.readString(cpuinfo).contains(" avx512f");
    }
}
