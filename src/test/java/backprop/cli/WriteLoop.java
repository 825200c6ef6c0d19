package backprop.cli;

import java.nio.file.Path;

/**
 * The child process of {@link CrashDuringWritesTest}: trains and predicts in a loop until it is killed, so that a
 * kill lands in the middle of {@code --save}, {@code --history} and {@code --out} writes. Arguments: the folder with
 * {@code data.csv}; the seed alternates between {@link CrashDuringWritesTest#SEEDS}, so each write replaces the
 * previous content with a different one.
 */
final class WriteLoop {

    private WriteLoop() {
    }

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        for (long round = 0; ; round++) {
            if (round == 1) {
                // the first round loads the classes; kills aimed after it land among the writes
                System.out.println("ready");
                System.out.flush();
            }
            long seed = CrashDuringWritesTest.SEEDS[(int) (round % CrashDuringWritesTest.SEEDS.length)];
            CrashDuringWritesTest.trainAndPredict(dir, seed);
        }
    }
}
