package dev.runledger.contract.page;

import com.fasterxml.jackson.databind.JsonNode;
import dev.runledger.contract.Json;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Headless Chromium driven through chromedriver, both Debian's packages at fixed paths (no driver download: Selenium
 * Manager is never asked). Without them the tests abort with the reason; with {@code RUNLEDGER_BROWSER_REQUIRED=true}
 * in the environment (.ci/run, which installs them) their absence fails the run instead.
 */
final class Browser implements AutoCloseable {

    private final ChromeDriver driver;
    private final Path screenshots;

    private Browser(ChromeDriver driver, Path screenshots) {
        this.driver = driver;
        this.screenshots = screenshots;
    }

    static Browser start() {
        Path chromium = Path.of(System.getProperty("runledger.chromium", "/usr/bin/chromium"));
        Path driver = Path.of(System.getProperty("runledger.chromedriver", "/usr/bin/chromedriver"));
        if (!Files.isExecutable(chromium) || !Files.isExecutable(driver)) {
            String why = "the run page's tests need Debian's chromium and chromium-driver (apt-get install chromium "
                    + "chromium-driver; or -Drunledger.chromium and -Drunledger.chromedriver): none at " + chromium + " and " + driver;
            if ("true".equals(System.getenv("RUNLEDGER_BROWSER_REQUIRED"))) {
                throw new IllegalStateException(why);
            }
            Assumptions.abort("SKIPPED LOUDLY: " + why);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1000", "--no-first-run", "--disable-extensions");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile())
                .usingAnyFreePort().build();
        Path screenshots = Path.of(System.getProperty("runledger.screenshots", "target/ui-screenshots"));
        return new Browser(new ChromeDriver(service, options), screenshots);
    }

    /** Chromium's version, as the driver reports it. */
    String version() {
        return driver.getCapabilities().getBrowserVersion();
    }

    WebDriver driver() {
        return driver;
    }

    void open(URI page) {
        driver.get(page.toString());
    }

    Object script(String script, Object... arguments) {
        return ((JavascriptExecutor) driver).executeScript(script, arguments);
    }

    <T> T await(Duration timeout, String what, Function<WebDriver, T> condition) {
        // An element the page re-rendered between finding and reading it is stale: the condition is looked at again.
        return new WebDriverWait(driver, timeout, Duration.ofMillis(25)).withMessage(what)
                .ignoring(StaleElementReferenceException.class).until(condition);
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** The page's element for {@code css}, or null. */
    WebElement one(String css) {
        List<WebElement> found = all(css);
        return found.isEmpty() ? null : found.get(0);
    }

    /** Saves the viewport as {@code target/ui-screenshots/<name>.png} (CI keeps them as output). */
    Path screenshot(String name) {
        try {
            Files.createDirectories(screenshots);
            Path file = screenshots.resolve(name + ".png");
            Files.write(file, driver.getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every resource the page loaded (the document too) as {@code {name, type, bytes}}. */
    JsonNode resources() {
        return Json.parse((String) script("return JSON.stringify(performance.getEntriesByType('navigation')"
                + ".concat(performance.getEntriesByType('resource')).map(e => ({name: e.name, type: e.initiatorType,"
                + " bytes: Math.max(e.transferSize, e.encodedBodySize)})))"));
    }

    /** One rule axe-core found broken on the page: its impact ({@code minor} to {@code critical}) and where. */
    record Violation(String impact, String rule, String help, String nodes) {
        boolean serious() {
            return impact.equals("serious") || impact.equals("critical");
        }
    }

    /** axe-core's violations on the page as it is now, every impact. */
    List<Violation> accessibilityViolations() {
        script(axeSource());
        String answer = (String) ((JavascriptExecutor) driver).executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "axe.run(document, {resultTypes: ['violations']}).then(r => done(JSON.stringify(r.violations.map(v =>"
                + " ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))))"
                + ".catch(e => done('axe failed: ' + e));");
        if (answer.startsWith("axe failed")) {
            throw new IllegalStateException(answer);
        }
        List<Violation> found = new ArrayList<>();
        for (JsonNode violation : Json.parse(answer)) {
            found.add(new Violation(violation.path("impact").asText(), violation.path("id").asText(),
                    violation.path("help").asText(), violation.path("nodes").toString()));
        }
        return found;
    }

    private static String axeSource() {
        String version = System.getProperty("runledger.axe-core.version", "4.6.3");
        String resource = "META-INF/resources/webjars/axe-core/" + version + "/axe.min.js";
        try (InputStream in = Browser.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the test classpath (org.webjars.npm:axe-core)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        driver.quit();
    }
}
