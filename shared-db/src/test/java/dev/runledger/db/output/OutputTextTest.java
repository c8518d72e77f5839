package dev.runledger.db.output;

import dev.runledger.db.StoreException;
import dev.runledger.db.StoreException.Failure;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A chunk's UTF-8 length is counted without encoding it, and what has no stored form is refused. */
class OutputTextTest {

    @Test
    void theCountedLengthIsTheEncodedLengthForEveryKindOfCodePoint() {
        Random random = new Random(27);
        int[] starts = {0x01, 0x80, 0x800, 0xE000, 0x10000};
        int[] ends = {0x7F, 0x7FF, 0xD7FF, 0xFFFF, 0x10FFFF};
        for (int round = 0; round < 2_000; round++) {
            StringBuilder text = new StringBuilder();
            for (int i = random.nextInt(40); i >= 0; i--) {
                int kind = random.nextInt(starts.length);
                text.appendCodePoint(starts[kind] + random.nextInt(ends[kind] - starts[kind] + 1));
            }
            String chunk = text.toString();
            assertEquals(chunk.getBytes(StandardCharsets.UTF_8).length, AttemptOutputs.utf8Length(chunk), chunk);
        }
    }

    @Test
    void nulAndLoneSurrogatesAreRefusedWhereverTheyStand() {
        for (String text : new String[]{"\u0000", "a\u0000", "\uD83D", "a\uD83D", "\uDE00a", "\uDE00\uD83D", "\uD83D\uD83D\uDE00x\uD83D"}) {
            StoreException refused = assertThrows(StoreException.class, () -> AttemptOutputs.utf8Length(text), text);
            assertEquals(Failure.INVALID_FIELD, refused.failure());
        }
        assertEquals(4, AttemptOutputs.utf8Length("\uD83D\uDE00"));
    }
}
