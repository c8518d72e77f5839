package dev.runledger.db;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A URL names a PostgreSQL database; none, an empty or a blank one leaves the store on its SQLite file. */
class DatabaseSettingsTest {

    @Test
    void onlyAUrlChoosesPostgresql() {
        assertFalse(new DatabaseSettings(null, null, null, 8).postgres());
        assertFalse(new DatabaseSettings("", null, null, 8).postgres());
        assertFalse(new DatabaseSettings("  ", null, null, 8).postgres());
        assertTrue(new DatabaseSettings("jdbc:postgresql://db/runledger", null, null, 8).postgres());
    }
}
