package backprop.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One run of {@code bench/run} as stored under {@code bench/results/}: where it ran, the JMH results and the peers'.
 * A bare JMH JSON array (from {@code -rf json}) reads as a run without machine or peers, so {@code bench/compare}
 * takes either.
 */
record RunRecord(JsonNode machine, List<BenchResult> jmh, List<PeerResult> peers, List<HostProbe> hostProbes,
                 List<CoreProbe> coreProbes) {

    static final ObjectMapper JSON = new ObjectMapper();

    RunRecord(JsonNode machine, List<BenchResult> jmh, List<PeerResult> peers) {
        this(machine, jmh, peers, List.of());
    }

    RunRecord(JsonNode machine, List<BenchResult> jmh, List<PeerResult> peers, List<HostProbe> hostProbes) {
        this(machine, jmh, peers, hostProbes, List.of());
    }

    /**
     * The FMA loop's speed for a second just before the workload {@code before} ran (or {@code end}, after the
     * last): on a shared host it falls for minutes at a time, and the figures measured then fall with it.
     */
    record HostProbe(String before, double gflops) {
        static HostProbe fromJson(JsonNode node) {
            return new HostProbe(node.path("before").asText(), node.path("gflops").asDouble(Double.NaN));
        }
    }

    /**
     * The round trip between two cores ({@link CoreRoundTrip}) just before and just after the multi-thread benchmark
     * of {@code workload}, in nanoseconds (NaN where it was not taken): a shared host moves its virtual cores apart
     * and together, and a multi-thread figure measured with them far apart reads low.
     */
    record CoreProbe(String workload, double beforeNanos, double afterNanos) {
        /** The round trip above which two cores are far apart: on another die or socket, not sharing a cache. */
        static final double FAR_APART_NANOS = 200;

        static CoreProbe fromJson(JsonNode node) {
            return new CoreProbe(node.path("workload").asText(), node.path("beforeNanos").asDouble(Double.NaN),
                    node.path("afterNanos").asDouble(Double.NaN));
        }

        /** Whether the cores were far apart before or after the benchmark. */
        boolean farApart() {
            return beforeNanos > FAR_APART_NANOS || afterNanos > FAR_APART_NANOS;
        }
    }

    /** One peer's speed on one workload: {@code series} names the library and variant, such as {@code numpy-f32}. */
    record PeerResult(String workload, String series, int threads, double epochsPerSecond) {
        static PeerResult fromJson(JsonNode node) {
            return new PeerResult(node.path("workload").asText(), node.path("series").asText(),
                    node.path("threads").asInt(1), node.path("epochs_per_second").asDouble());
        }

        /** The series name with its thread count, as the CSV and the table show it. */
        String label() {
            return threads == 1 ? series : series + "-" + threads + "t";
        }
    }

    static RunRecord read(Path file) throws IOException {
        JsonNode root = JSON.readTree(file.toFile());
        if (root.isArray()) return new RunRecord(MissingNode.getInstance(), BenchResult.fromJmh(root), List.of());
        List<PeerResult> peers = new ArrayList<>();
        for (JsonNode peer : root.path("peers")) peers.add(PeerResult.fromJson(peer));
        List<HostProbe> probes = new ArrayList<>();
        for (JsonNode probe : root.path("hostProbes")) probes.add(HostProbe.fromJson(probe));
        List<CoreProbe> cores = new ArrayList<>();
        for (JsonNode probe : root.path("coreProbes")) cores.add(CoreProbe.fromJson(probe));
        return new RunRecord(root.path("machine"), BenchResult.fromJmh(root.path("jmh")), peers, probes, cores);
    }

    /** The FMA ceiling this run measured, in GFLOP/s, or NaN when the kernel benchmarks did not run. */
    double fmaPeakGflops() {
        return fmaPeakGflops(jmh);
    }

    /**
     * The fastest FMA loop this run measured, the kernel benchmarks' {@code fmaPeak} or a host probe, in GFLOP/s:
     * a shared host only ever slows a loop down, so the fastest reading is the nearest to the real ceiling. NaN when
     * neither ran.
     */
    double ceilingGflops() {
        double fastest = fmaPeakGflops();
        for (HostProbe probe : hostProbes) {
            if (Double.isNaN(fastest) || probe.gflops() > fastest) fastest = probe.gflops();
        }
        return fastest;
    }

    /** The FMA ceiling among {@code results}, in GFLOP/s, or NaN when {@code fmaPeak} is not among them. */
    static double fmaPeakGflops(List<BenchResult> results) {
        return results.stream().filter(r -> r.benchmark().equals(BenchResult.FMA_PEAK))
                .mapToDouble(r -> r.perSecond("flops") / 1e9).findFirst().orElse(Double.NaN);
    }
}
