package backprop.kernel;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelProviderTest {

    @Test
    void withTheModuleAutoChoosesVector() {
        assertTrue(KernelProvider.whyVectorUnavailable().isEmpty(), "surefire runs with the vector module");
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
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path javaLauncher = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(javaLauncher.toString(), "-cp", classPath,
                NoVectorModuleProbe.class.getName())).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, process.exitValue(), err);

        assertEquals(2, out.lines().filter(l -> l.equals("trained on scalar")).count(), out);
        List<String> warnings = err.lines().filter(l -> !l.isBlank()).collect(Collectors.toList());
        assertEquals(1, warnings.size(), "one line on stderr: " + err);
        assertTrue(warnings.get(0).contains("scalar") && warnings.get(0).contains("--add-modules jdk.incubator.vector"),
                warnings.get(0));
        assertTrue(out.contains("refused: the vector backend is not available")
                && out.contains("--add-modules jdk.incubator.vector"), out);
    }
}
