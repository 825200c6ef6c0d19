package backprop.cli;

import backprop.FuzzFiles;
import backprop.OneLineErrors;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Command lines made of the commands' own options with fuzzed values end in exit 0, or in exit 1 or 2 with one line
 * on standard error (a stack trace under it with --verbose) and no "internal error". Files are named only from a fixed list inside a temporary folder, so a
 * fuzzed value never writes into the working directory; numbers above {@link #LARGEST_FUZZED_NUMBER} are left out,
 * except the huge values in {@link #VALUES} for the {@link #SIZE_OPTIONS}, so that no input trains for long. Found inputs:
 * {@code src/test/resources/backprop/cli/CommandLineFuzzTestInputs/}.
 */
class CommandLineFuzzTest {

    private static final int LARGEST_FUZZED_NUMBER = 256;
    private static final Pattern DIGITS = Pattern.compile("\\d+");
    private static final Path DIR = FuzzFiles.folder("cli");
    private static final String[] COMMANDS = {"train", "evaluate", "predict", "export", "xor", "gradcheck", "explain",
        "help"};
    private static final String[] VALUE_OPTIONS = {"--activation", "--backend", "--batch", "--epochs", "--hidden",
        "--image-size", "--init", "--label", "--layers", "--lr", "--momentum", "--normalize", "--output", "--rows",
        "--seed", "--test-split", "--threads", "--tolerance", "--frame-every", "--delimiter", "--ignore", "--keep",
        "--optimizer", "--weight-decay", "--beta1", "--beta2", "--eps", "--lr-schedule", "--lr-step", "--lr-gamma",
        "--task", "--patience", "--min-delta", "--validation-split"};
    /** Options whose huge values must be refused before any work, so they may take the huge values in VALUES. */
    private static final List<String> SIZE_OPTIONS = List.of("--hidden", "--layers", "--rows", "--batch", "--seed");
    private static final String[] FILE_OPTIONS = {"--data", "--test", "--labels", "--test-labels", "--model",
        "--init-model", "--save", "--history", "--out", "--plot", "--boundary", "--frames", "--onnx"};
    private static final String[] FLAGS = {"--quiet", "--verbose", "--shuffle", "--no-shuffle", "--listing-settings",
        "--help", "--version", "--early-stopping", "--normalize-targets"};
    private static final String[] VALUES = {"0", "-1", "1", "2", "3", "2000000000", "2147483647", "1,0", "3,3",
        "1e9", "NaN", "Infinity", "-0", "0.5", "sigmoid", "softmax", "relu", "tanh", "xavier", "he", "seed-listing",
        "none", "minmax", "standard", "auto", "vector", "scalar", "label", "x1", "100x100", "0x0", "", "sgd", "adam",
        "adamw", "constant", "step", "cosine", "classification", "regression", "x1,x2", "1e-3", "0.9"};
    private static final String[] FILES = files();

    @FuzzTest(maxDuration = "10m")
    void everyCommandLineEndsInAResultOrOneLine(FuzzedDataProvider data) {
        List<String> args = new ArrayList<>();
        if (data.consumeBoolean()) args.add(data.pickValue(COMMANDS));
        int options = data.consumeInt(0, 10);
        for (int i = 0; i < options; i++) {
            switch (data.consumeInt(0, 3)) {
                case 0 -> args.add(data.pickValue(FLAGS));
                case 1 -> {
                    args.add(data.pickValue(FILE_OPTIONS));
                    args.add(data.pickValue(FILES));
                }
                default -> {
                    args.add(data.pickValue(VALUE_OPTIONS));
                    args.add(data.consumeBoolean() ? data.pickValue(VALUES) : data.consumeString(12));
                }
            }
        }
        for (int i = 0; i < args.size(); i++) {
            boolean listedSize = i > 0 && SIZE_OPTIONS.contains(args.get(i - 1)) && isListed(args.get(i));
            if (hasLargeNumber(args.get(i)) && !listedSize) return;
        }
        CommandRun run = CommandRun.of(args.toArray(new String[0]));
        assertTrue(run.exit() == 0 || run.exit() == 1 || run.exit() == 2, args + " -> exit " + run.exit());
        // --verbose adds the stack trace under the line
        String err = args.contains("--verbose") ? run.err().lines().findFirst().orElse("") : run.err();
        if (run.exit() != 0) OneLineErrors.assertOneLine(err);
    }

    private static boolean isListed(String arg) {
        for (String value : VALUES) if (value.equals(arg)) return true;
        return false;
    }

    private static boolean hasLargeNumber(String arg) {
        Matcher digits = DIGITS.matcher(arg);
        while (digits.find()) {
            String number = digits.group();
            if (number.length() > 3 || Integer.parseInt(number) > LARGEST_FUZZED_NUMBER) return true;
        }
        return false;
    }

    /** A small training file, a model, a file that is not there, a folder, a file in a missing folder, /proc. */
    private static String[] files() {
        try {
            Path csv = TestFiles.clusters(DIR.resolve("clusters.csv"), 12, 3, 1);
            Path model = DIR.resolve("model.json");
            CommandRun.of("train", "--data", csv.toString(), "--hidden", "3", "--epochs", "1", "--quiet", "--save",
                    model.toString());
            Path notAModel = Files.writeString(DIR.resolve("not-a-model.json"), "[[[");
            return new String[] {csv.toString(), model.toString(), notAModel.toString(),
                DIR.resolve("missing.csv").toString(), DIR.toString(), DIR.resolve("no/such/folder.png").toString(),
                DIR.resolve("out.csv").toString(), DIR.resolve("out.png").toString(), DIR.resolve("out.svg").toString(),
                DIR.resolve("frames").toString(), DIR.resolve("out.onnx").toString(), "/proc/out.json", ""};
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
