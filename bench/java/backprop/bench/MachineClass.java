package backprop.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.HotSpotDiagnosticMXBean;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What makes speeds of two runs comparable at all: the CPU model, the vector species the JVM picks and the AVX
 * level HotSpot uses. Runs of different classes differ by tens of percent in unchanged code, so only numbers from
 * within one run (allocation, vector/scalar ratios) carry from one class to another.
 */
record MachineClass(String cpu, String species, String useAvx) {

    static final String UNKNOWN = "unknown";

    /** This JVM's class; the species is only known with {@code --add-modules jdk.incubator.vector}. */
    static MachineClass current() throws IOException {
        return new MachineClass(cpuModel(), preferredSpecies(), hotSpotUseAvx());
    }

    /** The class a run recorded under {@code machine}; fields the run predates read as {@link #UNKNOWN}. */
    static MachineClass fromJson(JsonNode machine) {
        return new MachineClass(machine.path("cpu").asText(UNKNOWN), machine.path("species").asText(UNKNOWN),
                machine.path("useAVX").asText(UNKNOWN));
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

    private static String cpuModel() throws IOException {
        Path cpuinfo = Path.of("/proc/cpuinfo");
        if (!Files.exists(cpuinfo)) return System.getProperty("os.arch");
        try (Stream<String> lines = Files.lines(cpuinfo)) {
            return lines.filter(l -> l.startsWith("model name")).findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).orElse(System.getProperty("os.arch"));
        }
    }

    private static String preferredSpecies() {
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) return UNKNOWN;
        return VectorSpecies.preferred();
    }

    private static String hotSpotUseAvx() {
        try {
            return ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class).getVMOption("UseAVX").getValue();
        } catch (IllegalArgumentException notX86) {
            return "none";
        }
    }

    /** Apart so that the incubator class loads only when its module is there. */
    private static final class VectorSpecies {
        static String preferred() {
            return jdk.incubator.vector.FloatVector.SPECIES_PREFERRED.toString();
        }
    }
}
