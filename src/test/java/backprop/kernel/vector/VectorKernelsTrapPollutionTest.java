package backprop.kernel.vector;

import backprop.kernel.KernelProvider;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The register tiles and the fused XOR step stay intrinsified, and allocate nothing, in a JVM where the JDK's Vector
 * API code has trapped often enough that C2 no longer binds calls through their type profile (see
 * {@link TrapPollutionProbe}). Before the tiles cast their panel vectors and their results to the species' vector
 * class, such a JVM boxed every vector of a tile. On an AVX-512 machine the probe runs a second time as the AVX2
 * class ({@code -XX:UseAVX=2}: 8 lanes, 16 registers), where XOR's step runs in two chunks and the tiles are the
 * 16-register ones.
 */
class VectorKernelsTrapPollutionTest {

    @Test
    void tilesDoNotDependOnTypeProfiles() throws Exception {
        assumeTrue(KernelProvider.c2Enabled(), "skipped: this JVM runs without C2, where vector code allocates");
        List<List<String>> classes = new ArrayList<>();
        classes.add(List.of());
        if (Blocking.useAvx() >= 3) classes.add(List.of("-XX:UseAVX=2"));
        for (List<String> flags : classes) {
            for (String path : TrapPollutionProbe.PATHS) {
                double bytes = probe(flags, path);
                assertTrue(bytes < 1, path + " with " + flags + ": " + bytes + " bytes an epoch");
            }
        }
    }

    /** Bytes per epoch of {@code path}, from the probe run in a fresh JVM with {@code flags}. */
    private static double probe(List<String> flags, String path) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path javaLauncher = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(javaLauncher.toString(), "--add-modules", "jdk.incubator.vector"));
        command.addAll(flags);
        command.addAll(List.of("-cp", classPath, TrapPollutionProbe.class.getName(), path));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), out);
        assertEquals(0, process.exitValue(), out);
        return out.lines().filter(l -> l.startsWith(path + " ")).mapToDouble(l -> Double.parseDouble(l.split(" ")[1]))
                .findFirst().orElseThrow(() -> new AssertionError("the probe printed no figure for " + path + ":\n" + out));
    }
}
