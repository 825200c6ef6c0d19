package backprop.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class XorDemoIT {

    private static final Pattern PREDICTION =
            Pattern.compile("Input: \\[([01]) ([01])\\] -> Predicted: (\\d\\.\\d{4}), Actual: ([01])");

    @TempDir
    Path dir;

    /** The listing's lines, then the backend line; returns the four predictions in table order. */
    private static double[] checkFormat(Jar.Result result) {
        assertEquals(0, result.exitCode, result.toString());
        List<String> lines = result.outLines();
        for (int i = 0; i < 10; i++) {
            assertTrue(lines.get(i).matches("Epoch " + i * 100 + ", Loss: \\d\\.\\d{4}"), lines.get(i));
        }
        assertEquals("", lines.get(10));
        assertEquals("Predictions:", lines.get(11));
        int[][] table = {{0, 0, 0}, {0, 1, 1}, {1, 0, 1}, {1, 1, 0}};
        double[] predictions = new double[4];
        for (int r = 0; r < 4; r++) {
            Matcher m = PREDICTION.matcher(lines.get(12 + r));
            assertTrue(m.matches(), lines.get(12 + r));
            assertEquals(table[r][0], Integer.parseInt(m.group(1)));
            assertEquals(table[r][1], Integer.parseInt(m.group(2)));
            assertEquals(table[r][2], Integer.parseInt(m.group(4)));
            predictions[r] = Double.parseDouble(m.group(3));
        }
        assertTrue(lines.get(16).matches(
                "backend: (scalar|vector, \\d+ x float \\(\\d+-bit\\), \\d+ registers, \\d+ x \\d+ (and \\d+ x \\d+ )?tiles"
                        + "(, \\d+ threads( timed, (all|1 thread) chosen)?)?), \\d+ epochs/s"),
                lines.get(16));
        return predictions;
    }

    @Test
    void withoutArgumentsTheDemoLearnsXor() {
        Jar.Result result = Jar.run(dir);
        double[] predictions = checkFormat(result);
        assertEquals(17, result.outLines().size(), result.out);
        int[] xor = {0, 1, 1, 0};
        for (int r = 0; r < 4; r++) {
            assertTrue(Math.abs(predictions[r] - xor[r]) < 0.1, "row " + r + " predicted " + predictions[r]);
        }
        assertTrue(Jar.number(result.outLines().get(9).replace(",", ""), "Loss:") < 0.01, result.out);
        assertEquals(withoutSpeed(result.out), withoutSpeed(Jar.run(dir, "xor").out), "xor is the default command");
    }

    private static String withoutSpeed(String out) {
        return out.replaceAll("\\d+ epochs/s", "");
    }

    @Test
    void listingSettingsStayAtAQuarterAndSaySo() {
        Jar.Result result = Jar.run(dir, "xor", "--listing-settings");
        double[] predictions = checkFormat(result);
        for (double p : predictions) assertEquals(0.5, p, 0.01);
        assertTrue(result.outLines().get(9).endsWith("Loss: 0.2500"), result.out);
        String note = result.outLines().get(result.outLines().size() - 1);
        assertTrue(note.startsWith("Note: the numpy example's own settings (weights randn x 0.01, lr 0.1) leave"
                + " the loss at 0.2500 after 1000 epochs"), note);
    }

    @Test
    void helpAndVersionExitZero() {
        Jar.Result version = Jar.run(dir, "--version");
        assertEquals(0, version.exitCode, version.toString());
        assertTrue(version.out.startsWith("backprop 0."), version.out);
        for (String command : new String[] {"xor", "train", "evaluate", "predict", "gradcheck"}) {
            Jar.Result help = Jar.run(dir, command, "--help");
            assertEquals(0, help.exitCode, help.toString());
            assertTrue(help.out.startsWith("Usage: backprop " + command), help.out);
        }
    }
}
