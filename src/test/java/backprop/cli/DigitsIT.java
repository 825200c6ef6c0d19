package backprop.cli;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The README's digits command reaches 95% test accuracy. */
class DigitsIT {

    @Test
    void digitsReachNinetyFivePercentOnTheTestSplit() {
        Path project = Paths.get("").toAbsolutePath();
        assertTrue(Files.isRegularFile(project.resolve("data/digits.csv")), "run from the project folder");
        Jar.Result result = Jar.run(project, "train", "--data", "data/digits.csv", "--test-split", "0.2",
                "--hidden", "32", "--normalize", "minmax", "--lr", "0.2", "--momentum", "0.9", "--quiet");
        assertEquals(0, result.exitCode, result.toString());
        String test = Jar.lineStarting(result, "test ");
        assertTrue(test.startsWith("test     359 rows"), test);
        assertTrue(Jar.number(test, "accuracy") >= 0.95, result.out);
    }
}
