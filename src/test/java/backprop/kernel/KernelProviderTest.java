package backprop.kernel;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class KernelProviderTest {

    @Test
    void withTheModuleAutoChoosesVector() {
        assertTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent(),
                "surefire runs with the vector module");
        assumeTrue(KernelProvider.whyVectorUnavailable().isEmpty(),
                "the vector backend cannot run on this machine: " + KernelProvider.whyVectorUnavailable().orElse(""));
        assertTrue(KernelProvider.create(Backend.AUTO).description().startsWith("vector"));
        assertEquals("scalar", KernelProvider.create(Backend.SCALAR).description());
    }

    @Test
    void autoTakesScalarForARunTooShortToRepayCompilingTheVectorKernels() {
        int[] digits = {64, 32, 10};
        // the README's digits run: 20 epochs of 1,437 rows
        double digitsRun = 20.0 * 1437 * KernelProvider.trainingMultiplyAddsPerRow(digits);
        assertEquals(20.0 * 1437 * (2 * 64 * 32 + 3 * 32 * 10), digitsRun);
        assertEquals("scalar", KernelProvider.createForRun(Backend.AUTO, 1, digitsRun).description());
        assertTrue(KernelProvider.createForRun(Backend.VECTOR, 1, digitsRun).description().startsWith("vector"),
                "asked for by name, the vector backend runs whatever the size");
        double fashionRun = 20.0 * 60000 * KernelProvider.trainingMultiplyAddsPerRow(new int[] {784, 128, 10});
        assertTrue(KernelProvider.createForRun(Backend.AUTO, 1, fashionRun).description().startsWith("vector"));
        assertEquals(64 * 32 + 32 * 10, KernelProvider.inferenceMultiplyAddsPerRow(digits));
    }

    @Test
    void withoutTheModuleTrainsOnScalarAndSaysSoOnce() throws Exception {
        trainsOnScalarAndSaysSoOnce(List.of(), "--add-modules jdk.incubator.vector");
    }

    @Test
    void withoutFusedMultiplyAddsTrainsOnScalarAndSaysSoOnce() throws Exception {
        // what a CPU without FMA (or a virtual machine that hides it) gives: every vector fma as Java code
        trainsOnScalarAndSaysSoOnce(List.of("--add-modules", "jdk.incubator.vector", "-XX:-UseFMA"),
                "no fused multiply-add");
    }

    @Test
    void withVectorsNarrowerThanFourFloatsTrainsOnScalarAndSaysSoOnce() throws Exception {
        trainsOnScalarAndSaysSoOnce(List.of("--add-modules", "jdk.incubator.vector", "-XX:MaxVectorSize=8"),
                "64 bits wide");
    }

    /** Runs {@link NoVectorBackendProbe} in a JVM with {@code jvmArgs}; {@code reason} names why vector is out. */
    private static void trainsOnScalarAndSaysSoOnce(List<String> jvmArgs, String reason) throws Exception {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path javaLauncher = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new ArrayList<>(List.of(javaLauncher.toString()));
        command.addAll(jvmArgs);
        command.addAll(List.of("-cp", classPath, NoVectorBackendProbe.class.getName()));
        Process process = new ProcessBuilder(command).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), err);

        assertEquals(2, out.lines().filter(l -> l.equals("trained on scalar")).count(), out);
        // the JVM's own note on the incubator module is not ours
        List<String> warnings = err.lines().filter(l -> !l.isBlank() && !l.contains("Using incubator modules"))
                .collect(Collectors.toList());
        assertEquals(1, warnings.size(), "one line on stderr: " + err);
        assertTrue(warnings.get(0).contains("scalar") && warnings.get(0).contains(reason), warnings.get(0));
        assertTrue(out.contains("refused: the vector backend is not available") && out.contains(reason), out);
    }
}
