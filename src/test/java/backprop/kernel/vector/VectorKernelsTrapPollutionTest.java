package backprop.kernel.vector;

import backprop.kernel.KernelProvider;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The register tiles and the fused XOR step stay intrinsified, and allocate nothing, in a JVM where the JDK's Vector API code has trapped
 * often enough that C2 no longer binds calls through their type profile (see {@link TrapPollutionProbe}). Before
 * the tiles cast their panel vectors and their results to the species' vector class, such a JVM boxed every
 * vector of a tile: 10 to 15 MB an epoch here, 11 GB an mnist epoch.
 */
class VectorKernelsTrapPollutionTest {

    @Test
    void tilesDoNotDependOnTypeProfiles() throws Exception {
        assumeTrue(KernelProvider.c2Enabled(), "skipped: this JVM runs without C2, where vector code allocates");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path javaLauncher = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(javaLauncher.toString(), "--add-modules", "jdk.incubator.vector",
                "-cp", classPath, TrapPollutionProbe.class.getName())).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), out);
        assertEquals(0, process.exitValue(), out);
        Map<String, Double> bytes = out.lines().filter(l -> l.matches("[a-z-]+ [0-9.]+(E-?[0-9]+)?"))
                .collect(Collectors.toMap(l -> l.split(" ")[0], l -> Double.parseDouble(l.split(" ")[1])));
        assertTrue(bytes.get("tiles") < 1, out);
        assertTrue(bytes.get("tiles-on-two-threads") < 1, out);
        assertTrue(bytes.get("halves-on-two-threads") < 1, out);
        assertTrue(bytes.get("xor") < 1, out);
    }
}
