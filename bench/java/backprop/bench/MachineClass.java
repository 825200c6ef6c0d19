package backprop.bench;

import backprop.kernel.HotSpotOptions;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What makes speeds of two runs comparable at all: the CPU model, the vector species the JVM picks and the AVX
 * level HotSpot uses. Runs of different classes differ by tens of percent in unchanged code, so only numbers from
 * within one run (allocation, vector/scalar ratios) carry from one class to another.
 *
 * <p>Run as a program it prints the class of the JVM it runs in as one JSON object (also its name, lanes, vector
 * registers and JDK). {@code bench/run} runs it with the benchmarks' own flags (none, {@code -XX:UseAVX=2},
 * {@code -XX:MaxVectorSize=16}), so that every stored result says which class it measured: an AVX-512 host measured
 * as the AVX2 class says so.
 */
record MachineClass(String cpu, String species, String useAvx) {

    static final String UNKNOWN = "unknown";

    public static void main(String[] args) throws IOException {
        System.out.println(RunRecord.JSON.writeValueAsString(describe()));
    }

    /** This JVM's class; the species is only known with {@code --add-modules jdk.incubator.vector}. */
    static MachineClass current() throws IOException {
        return new MachineClass(cpuModel(), preferredSpecies(), hotSpotOption("UseAVX"));
    }

    /** The class a run recorded under {@code machine}; fields the run predates read as {@link #UNKNOWN}. */
    static MachineClass fromJson(JsonNode machine) {
        return new MachineClass(machine.path("cpu").asText(UNKNOWN), machine.path("species").asText(UNKNOWN),
                machine.path("useAVX").asText(UNKNOWN));
    }

    /** The class that {@link #describe()} printed for the benchmarks' JVMs. */
    static MachineClass fromDescription(JsonNode description) {
        return new MachineClass(description.path("cpu").asText(UNKNOWN), description.path("species").asText(UNKNOWN),
                description.path("useAvx").asText(UNKNOWN));
    }

    /**
     * A file name for this class, for example {@code amd-epyc-family-26-model-2-useavx-3-512-bit}: the CPU model,
     * {@code UseAVX} and the species' width, lower case, anything else a hyphen.
     */
    String fileName() {
        String bits = species.replaceAll(".*S_(\\d+)_BIT.*", "$1");
        String name = cpu + " useavx " + useAvx + " " + (bits.equals(species) ? species : bits + "-bit");
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-|-$", "");
    }

    @Override
    public String toString() {
        return cpu + ", " + species + ", UseAVX " + useAvx;
    }

    void writeTo(ObjectNode machine) {
        machine.put("cpu", cpu);
        machine.put("species", species);
        machine.put("useAVX", useAvx);
    }

    /** Why speeds of runs of these classes cannot be compared, or an empty list when they can. */
    List<String> differencesFrom(MachineClass other) {
        List<String> differences = new ArrayList<>();
        describe(differences, "CPU", cpu, other.cpu);
        describe(differences, "vector species", species, other.species);
        describe(differences, "UseAVX", useAvx, other.useAvx);
        return differences;
    }

    private static void describe(List<String> differences, String what, String mine, String theirs) {
        if (mine.equals(UNKNOWN) || theirs.equals(UNKNOWN)) {
            differences.add(what + " not recorded in both runs (" + mine + " vs " + theirs + ")");
        } else if (!mine.equals(theirs)) {
            differences.add(what + " differs: " + mine + " vs " + theirs);
        }
    }

    /** The vector registers C2 allocates from in this JVM: 32 with AVX-512 on ({@code UseAVX=3}) or on AArch64, else 16. */
    static int vectorRegisters() {
        String useAvx = hotSpotOption("UseAVX");
        int useAvxLevel = useAvx.matches("\\d+") ? Integer.parseInt(useAvx) : 0;
        return System.getProperty("os.arch", "").equals("aarch64") || useAvxLevel >= 3 ? 32 : 16;
    }

    /** This JVM's class in full, for {@code bench/run}: needs {@code --add-modules jdk.incubator.vector}. */
    static ObjectNode describe() throws IOException {
        ObjectNode node = RunRecord.JSON.createObjectNode();
        boolean cpuAvx512 = cpuFlags().contains(" avx512f ");
        String useAvx = hotSpotOption("UseAVX");
        int bits = VectorSpecies.bits();
        int registers = vectorRegisters();
        node.put("name", name(bits, registers, cpuAvx512));
        node.put("cpu", cpuModel());
        node.put("cpuHasAvx512", cpuAvx512);
        node.put("useAvx", useAvx);
        node.put("maxVectorSize", hotSpotOption("MaxVectorSize"));
        node.put("species", preferredSpecies());
        node.put("speciesBits", bits);
        node.put("lanes", bits / Float.SIZE);
        node.put("registers", registers);
        node.put("jdk", System.getProperty("java.vm.version"));
        return node;
    }

    /** For example {@code AVX2 class (256-bit, 16 registers) on an AVX-512 CPU}. */
    static String name(int bits, int registers, boolean cpuAvx512) {
        String isa = bits >= 512 ? "AVX-512" : bits == 256 && registers == 16 ? "AVX2" : bits + "-bit";
        String on = cpuAvx512 && !isa.equals("AVX-512") ? " on an AVX-512 CPU" : "";
        return String.format(Locale.ROOT, "%s class (%d-bit, %d registers)%s", isa, bits, registers, on);
    }

    /** The model name with its family and model numbers, which tell CPUs of one name apart (AMD EPYC Zen 3 and 5). */
    static String cpuModel() throws IOException {
        String name = cpuinfoLine("model name").orElse(System.getProperty("os.arch"));
        Optional<String> family = cpuinfoLine("cpu family");
        Optional<String> model = cpuinfoLine("model\t");
        if (family.isEmpty() || model.isEmpty()) return name;
        return name + " (family " + family.get() + ", model " + model.get() + ")";
    }

    private static String cpuFlags() throws IOException {
        return " " + cpuinfoLine("flags").orElse("") + " ";
    }

    private static Optional<String> cpuinfoLine(String key) throws IOException {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.exists(cpuinfo)) return Optional.empty();
        try (Stream<String> lines = Files.lines(cpuinfo)) {
            return lines.filter(l -> l.startsWith(key)).findFirst().map(l -> l.substring(l.indexOf(':') + 1).trim());
        }
    }

    private static String preferredSpecies() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return UNKNOWN;
        return VectorSpecies.preferred();
    }

    private static String hotSpotOption(String name) {
        return HotSpotOptions.value(name).orElse("none");
    }

    /** Apart so that the incubator class loads only when its module is there. */
    private static final class VectorSpecies {
        static String preferred() {
            return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.toString();
        }

        static int bits() {
            return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.vectorBitSize();
        }
    }
}
