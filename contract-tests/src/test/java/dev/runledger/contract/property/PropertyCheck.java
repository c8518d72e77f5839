package dev.runledger.contract.property;

import org.quicktheories.api.AsString;
import org.quicktheories.core.Gen;
import org.quicktheories.core.Reporter;

import java.security.SecureRandom;
import java.util.List;
import java.util.function.Consumer;

import static org.quicktheories.QuickTheory.qt;

/**
 * Runs a QuickTheories property the way this suite wants: the saved regression seeds first, then one
 * exploration with a fresh seed (or {@code -Drunledger.seed}); every run prints its seed, and a failure
 * saves its seed and shrunk example to the regression corpus. {@code -Drunledger.examples} overrides the
 * number of examples.
 */
public final class PropertyCheck {

    private final Regressions regressions;

    public PropertyCheck(Regressions regressions) {
        this.regressions = regressions;
    }

    public static PropertyCheck standard() {
        return new PropertyCheck(Regressions.fromBuild());
    }

    public <A> void check(String property, int examples, Gen<A> gen, Consumer<A> body) {
        int count = Integer.getInteger("runledger.examples", examples);
        for (long seed : regressions.seeds(property)) {
            System.out.println("[property " + property + "] replaying saved seed " + seed);
            run(property, seed, count, gen, body);
        }
        String fixed = System.getProperty("runledger.seed");
        long seed = fixed != null ? Long.parseLong(fixed) : new SecureRandom().nextLong();
        System.out.println("[property " + property + "] seed " + seed + ", " + count + " examples");
        run(property, seed, count, gen, body);
    }

    /** One run with a given seed and nothing else (no corpus replay). */
    <A> void checkWithSeed(long seed, int examples, Gen<A> gen, Consumer<A> body) {
        run("seeded", seed, examples, gen, body);
    }

    private <A> void run(String property, long seed, int examples, Gen<A> gen, Consumer<A> body) {
        qt().withFixedSeed(seed)
                .withExamples(examples)
                .withShrinkCycles(Integer.getInteger("runledger.shrink-cycles", 200))
                .withReporter(new Saving(property))
                .forAll(gen)
                .checkAssert(body);
    }

    /** Saves, then fails the test with a message a human can act on. */
    private final class Saving implements Reporter {
        private final String property;

        Saving(String property) {
            this.property = property;
        }

        @Override
        public void falisification(long seed, int examplesUsed, Object smallest, Throwable cause,
                                   List<Object> otherExamples, AsString<Object> asString) {
            String example = asString.asString(smallest);
            regressions.save(property, seed, example);
            throw new AssertionError("Property " + property + " falsified after " + examplesUsed
                    + " examples (seed " + seed + ", saved to the regression corpus).\nSmallest counterexample: "
                    + example + "\nCause: " + cause, cause);
        }

        @Override
        public void falisification(long seed, int examplesUsed, Object smallest, List<Object> otherExamples,
                                   AsString<Object> asString) {
            falisification(seed, examplesUsed, smallest, null, otherExamples, asString);
        }

        @Override
        public void valuesExhausted(int examplesUsed) {
            throw new AssertionError("Property " + property + " ran out of values after " + examplesUsed + " examples");
        }
    }
}
