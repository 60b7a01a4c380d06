package io.hotpapers.scheduler.site;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hotpapers.core.testing.PostgresExtension;
import io.hotpapers.scheduler.App;
import io.hotpapers.scheduler.health.HealthReport;
import io.hotpapers.scheduler.health.HealthServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web site in a real browser (headless Chromium through Selenium), served by hotpapers' own HTTP server from a
 * database of three digests: what a reader sees on the index, a digest, a paper and a category, no console error,
 * the Content-Security-Policy at work, a phone-wide layout and the keyboard. Screenshots land in
 * {@code target/site-screenshots/}. Skipped, with the reason, where no Chromium and chromedriver are installed
 * (Debian: {@code apt-get install chromium chromium-driver}); CI installs them.
 */
@Tag("browser")
class SiteBrowserTest {
    private static final List<Path> BROWSERS = List.of(Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromium-browser"),
            Path.of("/usr/bin/google-chrome"));
    private static final List<Path> DRIVERS = List.of(Path.of("/usr/bin/chromedriver"),
            Path.of("/usr/lib/chromium/chromedriver"));
    private static final Path SCREENSHOTS = Path.of("target", "site-screenshots");

    @RegisterExtension
    static final PostgresExtension postgres = new PostgresExtension();

    @TempDir
    static Path home;

    private static App app;
    private static HealthServer server;
    private static String base;
    private WebDriver browser;

    @BeforeAll
    static void serveTheSite() throws IOException {
        assumeTrue(BROWSERS.stream().anyMatch(Files::isExecutable) && DRIVERS.stream().anyMatch(Files::isExecutable),
                "no Chromium and chromedriver on this machine (install the Debian packages chromium and "
                        + "chromium-driver): the browser tests are skipped");
        app = SiteFixture.build(postgres, home);
        Path site = home.resolve("site");
        app.site().generate(site);
        server = new HealthServer(new InetSocketAddress("127.0.0.1", 0),
                () -> new HealthReport(true, null, null, true, List.of()), app.metrics(), app.siteHandler(site));
        server.start();
        base = "http://127.0.0.1:" + server.port() + "/";
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void stopServing() {
        if (server != null) {
            server.stop();
        }
        if (app != null) {
            app.stop();
        }
    }

    @BeforeEach
    void openBrowser() {
        browser = browser(1280, 900);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private static WebDriver browser(int width, int height) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(BROWSERS.stream().filter(Files::isExecutable).findFirst().orElseThrow().toString());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=" + width + "," + height, "--hide-scrollbars");
        options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
        if (width < 500) {
            // a headless window is at least 500 px wide: narrower viewports are emulated, as a phone's
            options.setExperimentalOption("mobileEmulation", Map.of("deviceMetrics",
                    Map.of("width", width, "height", height, "pixelRatio", 2.0)));
        }
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(DRIVERS.stream().filter(Files::isExecutable).findFirst().orElseThrow().toFile())
                .build();
        return new ChromeDriver(service, options);
    }

    @Test
    void aReaderFollowsTheIndexToADigestAPaperAndACategory() throws IOException {
        browser.get(base);
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Hot Papers");
        assertThat(rankingRows()).first().satisfies(row -> {
            assertThat(row.get(0)).isEqualTo("1");
            assertThat(row.get(1)).isEqualTo("The Modern Mathematics of Deep Learning");
        });
        assertNoConsoleErrors();
        screenshot("index");

        browser.findElement(By.linkText("2021-05-11")).click();
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Hot Papers 2021-05-11");
        assertThat(rankingRows()).containsExactly(List.of("1", "Diffusion Models Beat GANs on Image Synthesis", "cs.LG",
                "3000", "1"));
        WebElement entry = browser.findElement(By.cssSelector("ol.entries article"));
        assertThat(entry.findElement(By.cssSelector("ul.counts")).getText()).as("in the order of the digest line")
                .isEqualTo("X posts 1 reposts 500 likes 2500 replies 3 quotes 4");
        assertThat(entry.findElement(By.cssSelector("details")).getAttribute("open")).isNull();
        assertThat(entry.findElement(By.cssSelector(".card")).getText()).contains("AK").contains("Diffusion beats GANs");
        assertThat(entry.findElement(By.cssSelector("section.posts h3")).getText()).as("sources by the names readers know")
                .isEqualTo("Top posts on X");
        assertNoConsoleErrors();
        screenshot("digest");

        entry.findElement(By.cssSelector("h2 a")).click();
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Diffusion Models Beat GANs on Image Synthesis");
        WebElement chart = browser.findElement(By.cssSelector("svg.chart"));
        assertThat(chart.findElement(By.tagName("title")).getAttribute("textContent"))
                .isEqualTo("Engagement of arXiv:2105.05233 per source");
        assertThat(chart.findElements(By.cssSelector("polyline"))).hasSize(1);
        assertThat(chart.getAttribute("role")).isEqualTo("img");
        assertThat(browser.findElement(By.linkText("arXiv:2105.05233")).getAttribute("href"))
                .isEqualTo("https://arxiv.org/abs/2105.05233");
        assertNoConsoleErrors();
        screenshot("paper");

        browser.findElement(By.cssSelector("a.tag[href$='cs.LG.html']")).click();
        assertThat(browser.findElement(By.tagName("h1")).getText()).startsWith("cs.LG");
        assertThat(browser.findElement(By.cssSelector("svg.chart title")).getAttribute("textContent"))
                .isEqualTo("Engagement of cs.LG per mailing date");
        assertThat(browser.findElement(By.cssSelector("table.ranking tbody")).getText())
                .contains("Diffusion Models Beat GANs on Image Synthesis");
        assertNoConsoleErrors();
        screenshot("category");
    }

    @Test
    void theHostileTitleIsTextAndThePolicyBlocksAnInjectedInlineScript() throws IOException {
        browser.get(base + "digest/2021-05-10.html");
        assertThat(browser.findElement(By.cssSelector("table.ranking")).getText())
                .contains(SiteFixture.HOSTILE_TITLE);
        JavascriptExecutor page = (JavascriptExecutor) browser;
        assertThat(page.executeScript("return typeof window.pwned")).isEqualTo("undefined");

        page.executeScript("""
                document.addEventListener('securitypolicyviolation', e => { window.violated = e.effectiveDirective; });
                const script = document.createElement('script');
                script.textContent = 'window.injected = 1';
                document.body.appendChild(script);
                """);

        new WebDriverWait(browser, Duration.ofSeconds(5))
                .until(driver -> ((JavascriptExecutor) driver).executeScript("return window.violated") != null);
        assertThat(page.executeScript("return window.violated")).isEqualTo("script-src-elem");
        assertThat(page.executeScript("return typeof window.injected")).isEqualTo("undefined");
        screenshot("hostile-title");
    }

    @Test
    void noPageScrollsSidewaysOnAPhoneAndTheKeyboardReachesTheContentFirst() throws IOException {
        browser.quit();
        browser = browser(375, 812);
        for (String page : List.of("", "digest/2021-05-10.html", "digest/2021-05-12.html", "paper/2105.04026.html",
                "category/cs.LG.html")) {
            browser.get(base + page);
            Number scrollWidth = (Number) ((JavascriptExecutor) browser)
                    .executeScript("return document.documentElement.scrollWidth");
            Number viewport = (Number) ((JavascriptExecutor) browser).executeScript("return window.innerWidth");
            assertThat(viewport.intValue()).isEqualTo(375);
            assertThat(scrollWidth.intValue()).as(page).isLessThanOrEqualTo(viewport.intValue());
            assertNoConsoleErrors();
        }
        screenshot("category-375px");

        browser.get(base);
        browser.findElement(By.tagName("body")).sendKeys(Keys.TAB);
        WebElement focused = browser.switchTo().activeElement();
        assertThat(focused.getText()).isEqualTo("Skip to content");
        assertThat(focused.getCssValue("outline-style")).isEqualTo("solid");
    }

    private List<List<String>> rankingRows() {
        return browser.findElements(By.cssSelector("table.ranking tbody tr")).stream()
                .map(row -> row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList())
                .toList();
    }

    private void assertNoConsoleErrors() {
        List<String> errors = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(entry -> entry.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::getMessage).toList();
        assertThat(errors).as("console errors on " + browser.getCurrentUrl()).isEmpty();
    }

    private void screenshot(String name) throws IOException {
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
