package backprop.bench;

import backprop.Metrics;
import backprop.Optimizer;
import backprop.Trainer;
import backprop.TrainingConfig;
import backprop.Workload;
import backprop.kernel.Backend;
import backprop.kernel.KernelProvider;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.util.HashMap;
import java.util.Map;

/**
 * One operation is one training epoch of a {@link Workload}, so the score is epochs per second. The trainer is
 * built once per fork and keeps training across iterations, as a long training run would.
 *
 * <p>Allocation is measured here too, because {@code -prof gc} cannot show zero for a slow epoch: its
 * {@code gc.alloc.rate.norm} counts every thread of the fork, JMH's own bookkeeping included (3-6 KB per
 * iteration on JDK 17), and a wide epoch on the scalar backend is one operation per iteration. The
 * {@link Allocation} counters count only the benchmark thread and the library's threads, between the iteration's
 * set-up and tear-down, where JMH's loop itself allocates nothing: {@code allocatedBytes / epochs} is the
 * allocation of the training alone.
 */
@State(Scope.Thread)
public class EpochBenchmark extends FullRunSettings {

    private static final float ADAM_LEARNING_RATE = 0.001f;

    @Param({"xor", "digits", "mnist", "wide"})
    public String workload;

    @Param({"scalar", "vector"})
    public String backend;

    /**
     * Threads of the kernels; the suite measures one, {@code -p threads=2} the multi-core speed-up, and
     * {@code -p threads=0} the CLI's {@code --threads auto}: every core's threads, or one, as timed steps choose.
     */
    @Param({"1"})
    public int threads;

    /**
     * The update rule: the suite measures sgd (the workloads' own); {@code -p optimizer=adam} measures Adam's
     * gradient buffers and fused update on the same epochs, at Adam's usual rate.
     */
    @Param({"sgd"})
    public String optimizer;

    private Trainer trainer;

    @Setup
    public void createTrainer() {
        Workload chosen = Workload.parse(workload);
        Optimizer rule = Optimizer.parse(optimizer);
        TrainingConfig config = rule == Optimizer.SGD ? chosen.config()
                : chosen.config().withOptimizer(rule).withLearningRate(ADAM_LEARNING_RATE);
        trainer = new Trainer(chosen.network(), chosen.dataset(),
                threads == 0 ? KernelProvider.create(Backend.parse(backend), Runtime.getRuntime().availableProcessors(), true)
                        : KernelProvider.create(Backend.parse(backend), threads), config);
    }

    @Benchmark
    public Metrics epoch(Allocation allocation) {
        allocation.epochs++;
        return trainer.epoch();
    }

    /**
     * Bytes allocated in each iteration by the benchmark thread and by the library's own threads (named
     * {@code backprop-*}, such as the kernels' workers), and the epochs run; the scripts divide them per iteration
     * (JMH's raw data) and judge the fewest, see {@code BenchResult.steadyBytesPerEpoch}. The counters read here
     * allocate, so the benchmark thread is read last at the start and first at the end.
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class Allocation {
        private static final com.sun.management.ThreadMXBean THREADS =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        private static final String LIBRARY_THREAD_PREFIX = "backprop-";

        public long allocatedBytes;
        public long epochs;
        private long atStart;
        private final Map<Long, Long> libraryAtStart = new HashMap<>();

        @Setup(Level.Iteration)
        public void start() {
            epochs = 0;
            allocatedBytes = 0;
            libraryAtStart.clear();
            libraryAtStart.putAll(libraryThreadBytes());
            atStart = THREADS.getCurrentThreadAllocatedBytes();
        }

        @TearDown(Level.Iteration)
        public void stop() {
            long mine = THREADS.getCurrentThreadAllocatedBytes() - atStart;
            long library = 0;
            for (Map.Entry<Long, Long> now : libraryThreadBytes().entrySet()) {
                library += now.getValue() - libraryAtStart.getOrDefault(now.getKey(), 0L);
            }
            allocatedBytes = mine + library;
        }

        private static Map<Long, Long> libraryThreadBytes() {
            Map<Long, Long> bytes = new HashMap<>();
            for (ThreadInfo thread : THREADS.getThreadInfo(THREADS.getAllThreadIds())) {
                if (thread != null && thread.getThreadName().startsWith(LIBRARY_THREAD_PREFIX)) {
                    bytes.put(thread.getThreadId(), THREADS.getThreadAllocatedBytes(thread.getThreadId()));
                }
            }
            return bytes;
        }
    }
}
