package dev.runledger.db.sqlite;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The copy the build leaves beside the jar is the one a start finds; without one, nothing changes. */
class NativeLibraryTest {

    private static final String PATH = "org.sqlite.lib.path";
    private static final String NAME = "org.sqlite.lib.name";

    @TempDir
    Path dir;

    private String pathBefore;
    private String nameBefore;

    @BeforeEach
    void saveProperties() {
        pathBefore = System.clearProperty(PATH);
        nameBefore = System.clearProperty(NAME);
    }

    @AfterEach
    void restoreProperties() {
        restore(PATH, pathBefore);
        restore(NAME, nameBefore);
    }

    @Test
    void aStartFindsTheCopyTheBuildLeftBesideTheJar() throws Exception {
        Path jar = Files.createFile(dir.resolve("runledger.jar"));
        NativeLibrary.main(new String[] {"--beside", jar.toString()});

        NativeLibrary.useCopyBeside(jar);

        Path library = Path.of(System.getProperty(PATH)).resolve(System.getProperty(NAME));
        assertTrue(Files.size(library) > 0, "the copied library: " + library);
        assertTrue(library.startsWith(dir.resolve("native")), library + " lies under native/ beside the jar");
    }

    @Test
    void withoutACopyTheJarExtractsAsBefore() throws Exception {
        NativeLibrary.useCopyBeside(Files.createFile(dir.resolve("runledger.jar")));
        assertNull(System.getProperty(PATH));
        assertNull(System.getProperty(NAME));
    }

    @Test
    void aLocationGivenOnTheCommandLineWins() throws Exception {
        Path jar = Files.createFile(dir.resolve("runledger.jar"));
        NativeLibrary.main(new String[] {"--beside", jar.toString()});
        System.setProperty(PATH, "/given");
        NativeLibrary.useCopyBeside(jar);
        assertEquals("/given", System.getProperty(PATH));
        assertNull(System.getProperty(NAME));
    }

    private static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
