package dev.runledger.contract.property;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.generators.SourceDSL.integers;

/** The corpus mechanism itself: a failure is saved with its shrunk example, and replayed first next time. */
class RegressionCorpusTest {

    @TempDir
    Path dir;

    @Test
    void aFailureIsSavedAndReplayedBeforeExploring() throws Exception {
        Regressions corpus = new Regressions(dir);
        PropertyCheck check = new PropertyCheck(corpus);
        AssertionError failure = assertThrows(AssertionError.class, () -> check.check("below-100", 1000,
                integers().between(0, 10_000), n -> assertTrue(n < 100, "n=" + n)));
        assertTrue(failure.getMessage().matches("(?s).*Smallest counterexample: \\d{3,}\n.*"), failure.getMessage());

        List<Long> seeds = corpus.seeds("below-100");
        assertEquals(1, seeds.size());
        String saved = Files.readString(corpus.file("below-100"));
        assertTrue(saved.matches("(?s)# .* falsified by: \\d{3,}\n" + seeds.get(0) + "\n"), saved);

        // Replayed first: with the property now fixed, the first value tried comes from the saved seed.
        List<Integer> seen = new ArrayList<>();
        System.setProperty("runledger.examples", "3");
        try {
            check.check("below-100", 3, integers().between(0, 10_000), seen::add);
        } finally {
            System.clearProperty("runledger.examples");
        }
        List<Integer> replayed = new ArrayList<>();
        new PropertyCheck(new Regressions(dir.resolve("empty"))).checkWithSeed(seeds.get(0), 3,
                integers().between(0, 10_000), replayed::add);
        assertEquals(replayed, seen.subList(0, replayed.size()), "the saved seed's examples ran first");
    }
}
