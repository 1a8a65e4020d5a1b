package io.quarkiverse.rekuest.it;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import io.quarkus.test.QuarkusDevModeTest;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rekuest pages of the Dev UI in a real browser: the demo application runs in dev mode (its Dev Services start the
 * embedded server on a random port), and Debian's headless chromium, driven by Selenium through
 * {@code /usr/bin/chromedriver}, fills the form of a node with a record argument and sees its result, cancels a slow
 * node, sees a failure's message, and looks at the Tasks and Server pages. Screenshots of each page are written to
 * {@code rekuest.devui.screenshots}.
 * <p>
 * Without chromium and chromedriver the test is skipped (install them with
 * {@code apt-get install chromium chromium-driver}, or point {@code -Drekuest.chromium} and
 * {@code -Drekuest.chromedriver} at them). Selenium Manager never runs: the driver and the browser are given, and the
 * build sets {@code SE_OFFLINE}.
 */
@EnabledIf(value = "browserInstalled", disabledReason = "chromium and chromedriver are not installed "
        + "(apt-get install chromium chromium-driver, or -Drekuest.chromium=... -Drekuest.chromedriver=...): "
        + "the Dev UI browser test is skipped")
public class DevUIBrowserTest {

    static final Path CHROMIUM = Path.of(System.getProperty("rekuest.chromium", "/usr/bin/chromium"));
    static final Path CHROMEDRIVER = Path.of(System.getProperty("rekuest.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of(System.getProperty("rekuest.devui.screenshots", "target/devui-screenshots"));
    static final Duration WAIT = Duration.ofSeconds(60);
    static final int HTTP_PORT = freePort();
    static final String PAGES = "http://localhost:" + HTTP_PORT + "/q/dev-ui/quarkus-rekuest/";

    /**
     * Finds the first element matching a CSS selector anywhere in the page, through the shadow roots of the Dev UI's
     * web components (Selenium's own lookups stop at a shadow root).
     */
    static final String DEEP_QUERY = """
            const deep = (selector, root) => {
              const found = root.querySelector(selector);
              if (found) { return found; }
              for (const element of root.querySelectorAll('*')) {
                if (element.shadowRoot) {
                  const inner = deep(selector, element.shadowRoot);
                  if (inner) { return inner; }
                }
              }
              return null;
            };
            return deep(arguments[0], document);
            """;

    @RegisterExtension
    static final QuarkusDevModeTest TEST = new QuarkusDevModeTest()
            .withApplicationRoot(root -> root
                    .addClasses(Abacus.class, Arithmetic.class, Calculator.class, Combinatorics.class, Lab.class,
                            Measurement.class, Summary.class, Unit.class)
                    .addAsResource(new StringAsset(String.join("\n",
                            "quarkus.application.name=rekuest-demo",
                            "quarkus.http.port=" + HTTP_PORT,
                            "quarkus.rekuest.devservices.port=0",
                            "quarkus.rekuest.agent.shutdown-grace=0s",
                            "quarkus.log.category.\"org.testcontainers\".level=OFF",
                            "")), "application.properties"));

    static ChromeDriverService service;
    static ChromeDriver browser;

    static boolean browserInstalled() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER);
    }

    @BeforeAll
    static void startBrowser() throws IOException {
        // the given driver and browser: Selenium Manager has nothing to look up (and SE_OFFLINE forbids downloads)
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1200", "--no-first-run", "--disable-extensions", "--lang=en-US");
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().scriptTimeout(WAIT);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopBrowser() {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
    }

    /**
     * One test, in steps: QuarkusDevModeTest starts the application again for every test method (half a minute each),
     * and the later steps look at the tasks of the earlier ones.
     */
    @Test
    void theRekuestPagesWork() {
        serverPageShowsTheEmbeddedServerAndTheConnectedAgent();
        nodesPageListsTheDemoNodes();
        aRecordArgumentIsCheckedThenAssignedAndItsResultShown();
        aSlowNodeIsCancelled();
        aFailureShowsItsMessage();
        tasksPageShowsTheTasksAndATimeline();
    }

    void serverPageShowsTheEmbeddedServerAndTheConnectedAgent() {
        open("server");
        await(text("#agent-state", "CONNECTED"), "the agent connected");
        assertTrue(find("#server-kind").getText().contains("Dev Services"), find("#server-kind").getText());
        screenshot("dev-ui-server.png");
    }

    void nodesPageListsTheDemoNodes() {
        open("nodes");
        WebElement summarize = await(driver -> find("#node-summarize"), "the summarize node");
        assertTrue(summarize.getText().contains("measurements"), summarize.getText());
        assertTrue(summarize.getText().contains("Lab#summarize"), summarize.getText());
        assertTrue(find("#node-divide").getText().contains("Calculator#divide(double, double)"),
                find("#node-divide").getText());
        screenshot("dev-ui-nodes.png");
    }

    void aRecordArgumentIsCheckedThenAssignedAndItsResultShown() {
        openTry("summarize");
        click("#arg-measurements-add");
        type("#arg-measurements_0__name", "width");
        // the value left out: the node's codec names the field
        click("#assign");
        WebElement fieldError = await(driver -> find("[data-error-for='measurements[0].value']"),
                "the error under the missing value");
        assertTrue(fieldError.getText().contains("missing") || fieldError.getText().contains("required"),
                fieldError.getText());

        type("#arg-measurements_0__value", "2.5");
        new Select(find("#arg-measurements_0__unit")).selectByValue("UM");
        click("#arg-measurements-add");
        type("#arg-measurements_1__name", "height");
        type("#arg-measurements_1__value", "3.5");
        new Select(find("#arg-measurements_1__unit")).selectByValue("UM");
        new Select(find("#arg-unit")).selectByValue("UM");
        click("#arg-label-set");
        type("#arg-label", "box");
        click("#assign");
        await(text("#task-status", "COMPLETED"), "the task completed");
        String result = find("#result-0").getText();
        assertTrue(result.contains("\"count\":2") && result.contains("\"mean\":3") && result.contains("box"), result);
        screenshot("dev-ui-try-it.png");
    }

    void aSlowNodeIsCancelled() {
        openTry("steps");
        type("#arg-steps", "600");
        type("#arg-stepMillis", "100");
        click("#assign");
        await(driver -> find("#task-id"), "the task's id");
        click("#pause");
        await(text("#task-status", "PAUSING", "PAUSED"), "the task pausing");
        click("#resume");
        await(text("#task-status", "RESUMING", "RESUMED"), "the task resuming");
        click("#cancel");
        await(text("#task-status", "CANCELLED"), "the task cancelled");
    }

    void aFailureShowsItsMessage() {
        openTry("divide");
        type("#arg-dividend", "1");
        type("#arg-divisor", "0");
        click("#assign");
        await(text("#task-status", "FAILED"), "the task failed");
        String error = find("#task-error").getText();
        assertTrue(error.contains("Cannot divide 1.0 by zero"), error);
    }

    void tasksPageShowsTheTasksAndATimeline() {
        open("tasks");
        await(driver -> find("tr.task[data-action='steps']"), "the task list");
        await(text("#task-count", "of 3 recent tasks"), "the three tasks");
        type("#task-filter", "divide");
        await(text("#task-count", "1 of 3"), "the filtered list");
        setFilter("");
        click("tr.task[data-action='divide']");
        WebElement timeline = await(driver -> find("#timeline"), "the timeline");
        await(text("#timeline", "Cannot divide 1.0 by zero"), "the FAILED event in the timeline");
        assertTrue(timeline.getText().contains("divide"), timeline.getText());
        screenshot("dev-ui-tasks.png");
    }

    /** Sets the filter field as typing would (an input event), also to the empty text. */
    static void setFilter(String value) {
        ((JavascriptExecutor) browser).executeScript(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input'));",
                find("#task-filter"), value);
    }

    // ------------------------------------------------------------------ helpers

    static void open(String page) {
        browser.get(PAGES + page);
    }

    static void openTry(String node) {
        open("try-it");
        await(driver -> find("#node"), "the node picker");
        new Select(find("#node")).selectByValue(node);
        await(driver -> find("#assign"), "the form");
    }

    static WebElement find(String selector) {
        Object found = ((JavascriptExecutor) browser).executeScript(DEEP_QUERY, selector);
        return found instanceof WebElement element ? element : null;
    }

    static void click(String selector) {
        WebElement element = await(driver -> find(selector), selector);
        element.click();
    }

    static void type(String selector, String text) {
        WebElement element = await(driver -> find(selector), selector);
        element.clear();
        element.sendKeys(text);
    }

    static Function<Object, Boolean> text(String selector, String... expected) {
        return driver -> {
            WebElement element = find(selector);
            if (element == null) {
                return null;
            }
            for (String candidate : expected) {
                if (element.getText().contains(candidate)) {
                    return true;
                }
            }
            return null;
        };
    }

    static <T> T await(Function<Object, T> condition, String what) {
        try {
            return new WebDriverWait(browser, WAIT).withMessage("waiting for " + what)
                    .until(driver -> condition.apply(driver));
        } catch (RuntimeException e) {
            screenshot("failed-" + what.replaceAll("[^A-Za-z0-9]+", "-") + ".png");
            throw e;
        }
    }

    static void screenshot(String name) {
        // the Dev UI's own notifications (e.g. its extension catalog, unreachable offline) would cover the page
        ((JavascriptExecutor) browser).executeScript(
                "document.querySelectorAll('vaadin-notification-container').forEach(c => c.style.display = 'none');");
        byte[] shot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
        try {
            Files.write(SCREENSHOTS.resolve(name), shot);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write the screenshot " + name, e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
