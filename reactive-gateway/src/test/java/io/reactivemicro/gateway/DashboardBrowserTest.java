package io.reactivemicro.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.reactivemicro.Micro;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import reactor.test.StepVerifier;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}): it lists
 * the services and follows the registry live, calls an endpoint from the generated form, shows a live stream
 * and stops it (the handler sees the cancel), and leaves a screenshot in {@code docs/dashboard.png}.
 */
@Tag("integration")
class DashboardBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final Path SCREENSHOT = Path.of("..", "docs", "dashboard.png");

    static Running running;
    static WebDriver browser;
    static Path profile;

    @BeforeAll
    static void start() throws IOException {
        assertThat(CHROMIUM)
                .as("headless Chromium: apt-get install -y chromium chromium-driver")
                .isExecutable();
        assertThat(CHROMEDRIVER)
                .as("ChromeDriver: apt-get install -y chromium-driver")
                .isExecutable();
        running = new Running(b -> b.dashboard(true));
        profile = Files.createTempDirectory("dashboard-chromium");
        ChromeOptions options = new ChromeOptions()
                .setBinary(CHROMIUM.toString())
                .addArguments(
                        "--headless",
                        "--no-sandbox",
                        "--disable-gpu",
                        "--disable-quic",
                        "--no-first-run",
                        "--disable-background-networking",
                        "--disable-component-update",
                        "--disable-sync",
                        "--window-size=1280,1800",
                        "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (running != null) {
            running.close();
        }
    }

    WebElement waitFor(By by) {
        return new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    void waitForText(By by, String text) {
        new WebDriverWait(browser, Duration.ofSeconds(10))
                .until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    @Test
    void listsServicesCallsAnEndpointAndWatchesAStream() throws IOException {
        browser.get("http://127.0.0.1:" + running.gateway.address().getPort() + "/");
        waitFor(By.cssSelector("#services a[data-service='greeter']"));
        waitForText(By.id("watch-status"), "live");

        running.start(Micro.service("late-arrival"));
        waitFor(By.cssSelector("#services a[data-service='late-arrival']"));

        browser.findElement(By.cssSelector("#services a[data-service='greeter']"))
                .click();
        waitFor(By.cssSelector("#ep-Greeter-hello summary")).click();
        waitFor(By.id("ep-Greeter-hello-f-name")).sendKeys("Browser");
        assertThat(browser.findElement(By.id("ep-Greeter-hello-body")).getDomProperty("value"))
                .contains("\"name\": \"Browser\"");
        browser.findElement(By.cssSelector("#ep-Greeter-hello button[type='submit']"))
                .click();
        waitForText(By.cssSelector("#ep-Greeter-hello-result pre.response"), "Hello, Browser!");
        assertThat(browser.findElement(By.cssSelector("#ep-Greeter-hello-result p"))
                        .getText())
                .startsWith("200");

        waitFor(By.cssSelector("#ep-Greeter-endless summary")).click();
        waitFor(By.id("ep-Greeter-endless-f-name")).sendKeys("live");
        browser.findElement(By.cssSelector("#ep-Greeter-endless button[type='submit']"))
                .click();
        waitForText(By.cssSelector("#ep-Greeter-endless-result ol.live"), "live 5");
        waitForText(By.cssSelector("#ep-Greeter-endless-result [role='status']"), "streaming");

        Files.write(SCREENSHOT, ((ChromeDriver) browser).getScreenshotAs(OutputType.BYTES));

        browser.findElement(By.cssSelector("#ep-Greeter-endless button.secondary"))
                .click();
        waitForText(By.cssSelector("#ep-Greeter-endless-result [role='status']"), "stopped");
        StepVerifier.create(running.greeter
                        .cancelled
                        .asFlux()
                        .filter("live"::equals)
                        .next())
                .expectNext("live")
                .verifyComplete();
    }
}
