package dev.runledger.db.time;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The three stored forms of CONTRACT.md read back as the same instant; what we write reads back. */
class TimestampsTest {

    static final Instant INSTANT = Instant.parse("2026-01-05T10:00:00.123456789Z");

    @Test
    void goTimeStringWithMonotonicSuffix() {
        assertEquals(INSTANT, Timestamps.parse("2026-01-05 11:00:00.123456789 +0100 CET m=+0.001234567"));
        assertEquals(INSTANT, Timestamps.parse("2026-01-05 11:00:00.123456789 +0100 CET"));
        assertEquals(INSTANT, Timestamps.parse("2026-01-05 05:00:00.123456789 -0500 EST m=+12.5"));
        assertEquals(INSTANT, Timestamps.parse("2026-01-05 15:30:00.123456789 +0530 +0530"));
        assertEquals(INSTANT, Timestamps.parse("2026-01-05 10:00:00.123456789 +0000 UTC"));
    }

    @Test
    void sqliteTimeFormat() {
        assertEquals(INSTANT, Timestamps.parse("2026-01-05 10:00:00.123456789+00:00"));
        assertEquals(INSTANT, Timestamps.parse("2026-01-05 12:00:00.123456789+02:00"));
    }

    @Test
    void currentTimestampIsUtc() {
        assertEquals(Instant.parse("2026-01-05T10:00:00Z"), Timestamps.parse("2026-01-05 10:00:00"));
    }

    @Test
    void isoAndPostgres() {
        assertEquals(Instant.parse("2026-01-05T10:00:00.123Z"), Timestamps.parse("2026-01-05T10:00:00.123Z"));
        assertEquals(Instant.parse("2026-01-05T10:00:00.123456Z"), Timestamps.parse("2026-01-05 10:00:00.123456+00"));
    }

    @Test
    void writtenFormIsTheDaemonsAndRoundTrips() {
        assertEquals("2026-01-05 10:00:00.123456789+00:00", Timestamps.format(INSTANT));
        assertEquals("2026-01-05 10:00:00.000000000+00:00", Timestamps.format(Instant.parse("2026-01-05T10:00:00Z")));
        Instant now = Instant.now();
        assertEquals(now, Timestamps.parse(Timestamps.format(now)));
    }

    @Test
    void wholeSecondsSinceTheEpoch() {
        assertEquals(Instant.parse("2026-01-05T10:00:00Z"), Timestamps.parse("1767607200"));
        assertEquals(Instant.parse("2026-01-05T10:00:00Z"), Timestamps.parse(" 1767607200 "));
    }

    @Test
    void garbageIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Timestamps.parse("yesterday"));
        assertThrows(IllegalArgumentException.class, () -> Timestamps.parse(""));
        assertThrows(IllegalArgumentException.class, () -> Timestamps.parse("17676O7200"));
    }
}
