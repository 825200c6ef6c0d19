package backprop.kernel.vector;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** The vector shape every class of the vector backend computes with: the JVM's preferred float species. */
final class Vectors {

    /**
     * The widest species C2 compiles to on this machine: 16 floats with AVX-512, 8 with AVX2, 4 with SSE or NEON,
     * narrower when {@code -XX:MaxVectorSize} says so. A {@code static final}, because a species C2 cannot see as a
     * constant makes every vector operation a call that allocates.
     */
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int LANES = SPECIES.length();
    /**
     * The concrete class of {@link #SPECIES}' vectors. C2 knows some vectors only as {@code FloatVector}s: a loop's or
     * a branch's result, and one fresh from a load or an operation, which C2 inlines late. A method called on such a
     * vector is bound through its type profile behind a class check, and C2 stops emitting those checks in a
     * compilation once the traps counted over everything it inlines pass {@code -XX:PerMethodTrapLimit} (100). The
     * JDK's own Vector API code traps in some runs (JDK 17: in {@code VectorOperators.opCode}, counted again for
     * every vector operation inlined), and a register tile, a hundred operations, then runs with every vector boxed.
     * So a loop's or a branch's result is cast to this class before a method is called on it, and so is every
     * vector the tiles or the fused steps store, every panel vector the tiles' fmas are called on and every vector
     * the fused steps' inner loops call a method on; the cast folds away once C2 has inlined the rest. A profile
     * can also hold two classes, in a JVM that runs vector code of another species as well (an application's own):
     * the call is then a two-way branch, and its vector is boxed. So every vector fresh from {@code fromArray},
     * {@code zero} or {@code broadcast} is cast before a method is called on it; the results of a chain started
     * from a cast vector keep their exact class, since the species' classes override each operation's return type.
     * An operand needs its exact class as much as a receiver: C2 inlines an operation's intrinsic only if it can
     * unbox every vector it takes, and where it cannot (an uncast load, a vector from before a loop, which C2 parses
     * the loop's body with as a plain {@code FloatVector}) the operation becomes a call with every vector boxed. So
     * the fused steps cast each operand where it is used.
     * {@code VectorKernelsTrapPollutionTest} makes the JDK trap, runs a second species and checks that nothing then
     * allocates.
     */
    @SuppressWarnings("unchecked")
    static final Class<FloatVector> VECTOR_CLASS = (Class<FloatVector>) SPECIES.vectorType();

    private Vectors() {
    }
}
