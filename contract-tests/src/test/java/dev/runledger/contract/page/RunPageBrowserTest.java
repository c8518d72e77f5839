package dev.runledger.contract.page;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runledger.contract.Json;
import dev.runledger.contract.OwnDeployment;
import dev.runledger.contract.client.Event;
import dev.runledger.contract.client.Run;
import dev.runledger.contract.client.RunLedgerClient;
import dev.runledger.contract.client.Unit;
import dev.runledger.contract.target.ContainerDeployment;
import dev.runledger.contract.target.Deployment;
import dev.runledger.contract.target.Images;
import dev.runledger.contract.target.JarDeployment;
import dev.runledger.contract.target.Targets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;

import static dev.runledger.contract.client.RunLedgerClient.body;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run page ({@code GET /ui/}, docs/UI.md) in a real browser, headless Chromium, against a deployment of its own
 * with tokens (a write token for the test's own calls, a read token typed into the page): what a person sees, that it
 * follows changes made through the API without a reload, that it needs nothing but the server, and that it passes an
 * accessibility check and works by keyboard. Screenshots go to {@code target/ui-screenshots}.
 */
@OwnDeployment
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RunPageBrowserTest {

    private static final String WRITE = "page-write-" + UUID.randomUUID();
    private static final String READ = "page-read-" + UUID.randomUUID();
    private static final Duration LIVE = Duration.ofSeconds(1);
    private static final Duration LOAD = Duration.ofSeconds(10);

    private Browser browser;
    private Deployment deployment;
    private Runnable restart; // stops the server and starts it again on the same address and database; null in-process
    private RunLedgerClient api;

    @BeforeAll
    void start() {
        browser = Browser.start();
        Map<String, String> tokens = Map.of("RUNLEDGER_TOKENS", WRITE, "RUNLEDGER_READ_TOKENS", READ);
        Map<String, String> environment = new HashMap<>(Targets.databaseEnvironment());
        environment.putAll(tokens);
        switch (Targets.selected()) {
            case "jar" -> {
                JarDeployment jar = new JarDeployment(Targets.jar(), Targets.freshDatabase(), environment);
                deployment = jar;
                restart = () -> {
                    jar.terminate();
                    jar.start();
                };
            }
            case "container" -> {
                ContainerDeployment container = ContainerDeployment.onHostNetwork(Images.runledger(), environment);
                deployment = container;
                restart = () -> {
                    container.stop();
                    container.start();
                };
            }
            default -> deployment = Targets.startInstance(tokens,
                    Map.of("runledger.access.tokens", WRITE, "runledger.access.read-tokens", READ));
        }
        api = new RunLedgerClient(deployment.uri()).withToken(WRITE);
    }

    @AfterAll
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (deployment != null) {
            deployment.close();
        }
    }

    @BeforeEach
    void forgetTheToken() {
        browser.open(page("/ui/icon.svg")); // same origin: the tab's sessionStorage is this origin's
        browser.script("sessionStorage.clear()");
    }

    @Test
    void theRunsListShowsACreatedRunWithItsUnits() {
        Run run = run("runs-list");
        api.createUnit(run.id(), "a", List.of());
        api.createUnit(run.id(), "b", List.of());
        signIn("/ui/");
        WebElement row = browser.await(LOAD, "the run's row", d -> browser.one("tr[data-run='" + run.id() + "']"));
        String text = row.getText();
        assertTrue(text.contains(run.featureBranch()) && text.contains(run.repoPath()), text);
        browser.await(LOAD, "the run's unit counts", d -> row(run.id()).getText().contains("2 pending"));
        browser.script("window.sameDocument = true");
        Run later = run("runs-list-later");
        browser.await(LOAD, "a run created after the page opened", d -> row(later.id()) != null);
        assertEquals(Boolean.TRUE, browser.script("return window.sameDocument === true"), "no reload");
        // A person on a run's link by keyboard keeps it while the list is read again.
        WebElement link = browser.one("tr[data-run='" + run.id() + "'] a");
        browser.script("arguments[0].focus()", link);
        Run third = run("runs-list-third");
        browser.await(LOAD, "the list read again", d -> row(third.id()) != null);
        assertEquals(Boolean.TRUE, browser.script("return document.activeElement === arguments[0]", link),
                "the focus stays on the link across refreshes");
        browser.screenshot("runs-" + label());
    }

    @Test
    void aRunPageShowsEveryUnitWithItsStatus() {
        Run run = run("units");
        api.createUnits(run.id(), List.of(Map.of("unitId", "schema"), Map.of("unitId", "api", "dependsOn", List.of("schema")),
                Map.of("unitId", "docs"), Map.of("unitId", "ui", "dependsOn", List.of("api")), Map.of("unitId", "lint")));
        api.claimUnit(run.id(), "worker-1", null, "schema");
        api.updateUnit(run.id() + "_schema", Map.of("status", "completed"));
        api.claimUnit(run.id(), "worker-2", null, "api");
        api.claimUnit(run.id(), "worker-3", null, "docs");
        api.updateUnit(run.id() + "_docs", Map.of("status", "failed", "error", "tests failed"));
        signIn("/ui/runs/" + run.id());
        awaitReady();
        for (Unit unit : api.listUnits(run.id(), null)) {
            WebElement node = browser.await(LOAD, "unit " + unit.unitId(), d -> node(unit.unitId()));
            assertEquals(unit.status(), node.getDomAttribute("data-status"), unit.unitId());
        }
        assertEquals(5, browser.all("a.node").size());
        assertEquals("worker-2", node("api").getDomAttribute("data-owner"));
        assertTrue(node("ui").getDomAttribute("class").contains("st-waiting"), "ui waits for api");
        assertTrue(node("lint").getDomAttribute("class").contains("st-ready"), "lint depends on nothing");
        browser.await(LOAD, "a bar for each of the three attempts", d -> browser.all("#timeline rect[data-attempt]").size() == 3);
        browser.screenshot("run-" + label());
    }

    @Test
    void anEventAppendedThroughTheApiAppearsWithinASecondWithoutAReload() {
        Run run = run("event-live");
        api.appendEvent(run.id(), "started", null, null);
        signIn("/ui/runs/" + run.id());
        awaitReady();
        awaitFollowing();
        browser.script("window.sameDocument = true");
        Event appended = api.appendEvent(run.id(), "progress", "a", Json.parse("{\"step\":2}"));
        browser.await(LIVE, "event " + appended.sequence() + " within a second", d -> eventRow(appended.sequence()));
        assertTrue(eventRow(appended.sequence()).getText().contains("progress"));
        assertEquals(Boolean.TRUE, browser.script("return window.sameDocument === true"), "no reload");
    }

    @Test
    void aClaimChangesTheUnitsColourAndOwnerLive() {
        Run run = run("claim-live");
        api.createUnit(run.id(), "build", List.of());
        signIn("/ui/runs/" + run.id());
        awaitReady();
        assertEquals("pending", node("build").getDomAttribute("data-status"));
        browser.script("window.sameDocument = true");
        api.claimUnit(run.id(), "worker-7", 60_000L, "build");
        browser.await(LOAD, "the claim shown", d -> "running".equals(node("build").getDomAttribute("data-status")));
        WebElement node = node("build");
        assertEquals("worker-7", node.getDomAttribute("data-owner"));
        assertTrue(node.getDomAttribute("class").contains("st-running"), node.getDomAttribute("class"));
        assertTrue(node.getText().contains("worker-7"), node.getText());
        assertEquals(Boolean.TRUE, browser.script("return window.sameDocument === true"), "no reload");
    }

    @Test
    void theEventStreamResumesAfterTheServerRestartsWithoutAGapOrARepeat() {
        Assumptions.assumeTrue(restart != null, "restarting the server needs a process or container of its own: this "
                + "test runs with -Drunledger.target=jar (mvn verify runs it) or container (.ci/run runs it)");
        Run run = run("restart");
        for (int i = 0; i < 3; i++) {
            api.appendEvent(run.id(), "before", null, null);
        }
        signIn("/ui/runs/" + run.id());
        awaitReady();
        awaitFollowing();
        browser.script("window.sameDocument = true");
        restart.run();
        for (int i = 0; i < 3; i++) {
            api.appendEvent(run.id(), "after", null, null);
        }
        browser.await(Duration.ofSeconds(20), "event 6 after the restart", d -> eventRow(6));
        List<Long> shown = browser.all("#events li").stream()
                .map(row -> Long.parseLong(row.getDomAttribute("data-sequence"))).toList();
        assertEquals(LongStream.rangeClosed(1, 6).boxed().toList(), shown, "every event once, in order");
        assertEquals(Boolean.TRUE, browser.script("return window.sameDocument === true"), "no reload");
    }

    @Test
    void aWrongTokenShowsTheMessageAndTheReadTokenWorks() {
        Run run = run("tokens");
        browser.open(page("/ui/"));
        WebElement input = browser.await(LOAD, "the token form", d -> browser.one("#token-input"));
        input.sendKeys("not-" + READ, Keys.ENTER);
        browser.await(LOAD, "the refusal", d -> browser.one("#token-message").getText().contains("refused"));
        browser.screenshot("token-" + label());
        List<Browser.Violation> violations = accessibility();
        assertTrue(violations.isEmpty(), "the token form: " + violations);
        browser.one("#token-input").clear();
        browser.one("#token-input").sendKeys(READ, Keys.ENTER);
        browser.await(LOAD, "the run with the read token", d -> browser.one("tr[data-run='" + run.id() + "']"));
        assertEquals(READ, browser.script("return sessionStorage.getItem('runledger.token')"));
    }

    @Test
    void everyViewLoadsFromThisServerOnlyAndWeighsUnder300KiB() {
        Run run = seededRun("origin");
        for (String path : List.of("/ui/", "/ui/runs/" + run.id(), "/ui/runs/" + run.id() + "/units/build")) {
            signIn(path);
            awaitReady();
            String origin = deployment.uri().toString().replaceAll("/$", "");
            JsonNode resources = browser.resources();
            long bytes = 0;
            for (JsonNode resource : resources) {
                String name = resource.path("name").asText();
                assertTrue(name.startsWith(origin + "/"), path + " fetched " + name + " (not from " + origin + ")");
                assertFalse(name.contains(READ), path + " put the token in an address: " + name);
                if (!resource.path("type").asText().equals("fetch")) { // the page's own files, not the data it reads
                    bytes += resource.path("bytes").asLong();
                }
            }
            assertTrue(bytes > 0 && bytes <= 300 * 1024, path + ": the page's files weigh " + bytes + " bytes");
            System.out.println("[run page] " + path + ": " + resources.size() + " resources, files " + bytes + " bytes");
        }
    }

    @Test
    void everyViewPassesTheAccessibilityCheck() {
        Run run = seededRun("a11y");
        Map<String, List<Browser.Violation>> violations = new HashMap<>();
        for (String path : List.of("/ui/", "/ui/runs/" + run.id(), "/ui/runs/" + run.id() + "/units/build")) {
            signIn(path);
            awaitReady();
            List<Browser.Violation> found = accessibility();
            if (!found.isEmpty()) {
                violations.put(path, found);
            }
        }
        assertTrue(violations.isEmpty(), "serious or critical violations: " + violations);
    }

    @Test
    void aRunPageShowsItsMergesAndLinksOnlyToWebAddresses() {
        Run run = seededRun("merges");
        api.recordMerge(Map.of("runId", run.id(), "targetBranch", "main", "kind", "pr",
                "pr", Map.of("number", 12, "url", "https://git.example/org/repo/pull/12", "status", "open")));
        api.recordMerge(Map.of("runId", run.id(), "targetBranch", "main", "kind", "pr",
                "pr", Map.of("number", 13, "url", "javascript:alert(13)", "status", "closed")));
        signIn("/ui/runs/" + run.id());
        awaitReady();
        browser.await(LOAD, "the merges", d -> browser.all("#merges tbody tr").size() == 3);
        String merges = browser.one("#merges").getText();
        assertTrue(merges.contains("89abcde") && merges.contains("#12") && merges.contains("#13"), merges);
        assertEquals(1, browser.all("#merges a[href='https://git.example/org/repo/pull/12']").size());
        assertEquals(0, browser.all("#merges a[href^='javascript']").size(), "a pull request's address that is not a web "
                + "address is shown, not linked");
    }

    @Test
    void theAccessibilityCheckFindsWhatIsBroken() {
        signIn("/ui/");
        awaitReady();
        // An image without a text alternative and a button without a name: what the check above must be able to see.
        browser.script("document.querySelector('main').insertAdjacentHTML('beforeend', "
                + "'<img src=\"/ui/icon.svg\"><button type=\"button\"></button>')");
        List<String> rules = accessibility().stream().map(Browser.Violation::rule).toList();
        assertTrue(rules.contains("image-alt") && rules.contains("button-name"), "found: " + rules);
    }

    @Test
    void anAttemptShowsWhatItDidAndItsOutputLive() {
        Run run = seededRun("attempt");
        signIn("/ui/runs/" + run.id() + "/units/build");
        awaitReady();
        String text = browser.one("main").getText();
        assertTrue(text.contains("claude") && text.contains("opus") && text.contains("1234567"), text);
        assertEquals("3", browser.one("[data-field='exitCode']").getText());
        assertEquals("Built it", browser.one("[data-field='summary']").getText());
        WebElement prompt = browser.one("#prompt details");
        assertNotNull(prompt, "the prompt is folded");
        assertFalse(prompt.getDomProperty("open").equals("true"), "folded until asked");
        browser.await(LOAD, "the first output", d -> browser.one("#output").getText().contains("compiling"));
        api.call("appendOutput", body("runId", run.id(), "unitId", "build", "attempt", 1, "stream", "stderr",
                "text", "warning: deprecated\n"));
        browser.await(Duration.ofSeconds(2), "the new output", d -> browser.one("#output").getText().contains("warning: deprecated"));
        browser.screenshot("attempt-" + label());
    }

    @Test
    void theRunPageWorksByKeyboard() {
        Run run = seededRun("keyboard");
        signIn("/ui/runs/" + run.id());
        awaitReady();
        Actions keys = new Actions(browser.driver());
        keys.sendKeys(Keys.TAB).perform();
        assertEquals("Skip to content", browser.driver().switchTo().activeElement().getText());
        String reached = null;
        for (int i = 0; i < 40 && reached == null; i++) {
            keys.sendKeys(Keys.TAB).perform();
            reached = browser.driver().switchTo().activeElement().getDomAttribute("data-unit");
        }
        assertEquals("build", reached, "the first unit of the graph is reached by Tab");
        keys.sendKeys(Keys.ENTER).perform();
        browser.await(LOAD, "the unit's page", d -> d.getCurrentUrl().endsWith("/ui/runs/" + run.id() + "/units/build"));
        awaitReady();
        assertTrue(browser.one("h1").getText().contains("build"));
    }

    // ---- helpers

    private Run run(String name) {
        return api.createRun("rl-page/" + name + "/" + UUID.randomUUID(), "/repo/page", "main", "tasks", 2,
                Map.of("status", "running"));
    }

    /** A run whose unit {@code build} has an attempt with everything recorded, one chunk of output and a merge. */
    private Run seededRun(String name) {
        Run run = run(name);
        api.createUnit(run.id(), "build", List.of());
        api.createUnit(run.id(), "test", List.of("build"));
        api.claimUnit(run.id(), "worker-1", 60_000L, "build");
        api.recordAttempt(run.id() + "_build", 1, Map.of(
                "agent", Map.of("name", "claude", "model", "opus", "sessionId", "session-1", "pid", 4242),
                "git", Map.of("branch", "feat/build", "baseCommit", "abcdef1", "headBefore", "abcdef1", "headAfter", "1234567"),
                "prompt", "Build the thing.\nCarefully.", "summary", "Built it", "exitCode", 3));
        api.call("appendOutput", body("runId", run.id(), "unitId", "build", "attempt", 1, "text", "compiling\n"));
        api.appendEvent(run.id(), "unit.started", "build", Json.parse("{\"owner\":\"worker-1\"}"));
        api.recordMerge(Map.of("runId", run.id(), "unitId", "build", "targetBranch", run.featureBranch(),
                "kind", "direct", "mergeCommit", "89abcde"));
        return run;
    }

    /** The target and database the screenshots were taken on: {@code jar-sqlite}, {@code container-postgres}, … */
    private static String label() {
        return Targets.selected() + (Targets.postgres() ? "-postgres" : "-sqlite");
    }

    private URI page(String path) {
        return deployment.uri().resolve(path);
    }

    /** Opens {@code path}; when the page asks for a token (the first page of a test), types the read token. */
    private void signIn(String path) {
        browser.open(page(path));
        browser.await(LOAD, "the token form or the view", d -> browser.one("#token-input") != null || ready());
        if (!ready()) {
            browser.one("#token-input").sendKeys(READ, Keys.ENTER);
        }
    }

    private boolean ready() {
        return browser.one("main[data-ready='true']") != null;
    }

    private void awaitReady() {
        browser.await(LOAD, "the view to load", d -> ready());
    }

    private void awaitFollowing() {
        browser.await(LOAD, "the event stream to connect", d -> browser.one("#connection.live") != null
                && browser.one("#event-note").getText().contains("following"));
    }

    /** The serious and critical violations axe-core finds on the page; every violation it finds is printed. */
    private List<Browser.Violation> accessibility() {
        List<Browser.Violation> all = browser.accessibilityViolations();
        System.out.println("[run page] axe-core on " + browser.driver().getCurrentUrl() + ": " + all.size()
                + " violations " + all);
        return all.stream().filter(Browser.Violation::serious).toList();
    }

    private WebElement node(String unitId) {
        return browser.one("a.node[data-unit='" + unitId + "']");
    }

    private WebElement row(String runId) {
        return browser.one("tr[data-run='" + runId + "']");
    }

    private WebElement eventRow(long sequence) {
        return browser.one("#events li[data-sequence='" + sequence + "']");
    }
}
