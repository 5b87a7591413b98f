package io.churnwatch.alert.inbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.churnwatch.alert.support.AlertTestResource;
import io.churnwatch.alert.support.Api;
import io.churnwatch.alert.support.RiskChanges;
import io.churnwatch.alert.support.TestTenants;
import io.churnwatch.events.RiskChange;
import io.churnwatch.events.RiskFactor;
import io.churnwatch.events.RiskLevel;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.File;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The inbox as a person uses it, in the system's headless Chromium against the real broker and database:
 * enter the key, a risk change appears live without a reload, acknowledge it, reload and it is still
 * acknowledged, switch to Chinese. Needs {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver}
 * (Debian: chromium, chromium-driver; .ci/run installs them); skipped without them.
 */
@QuarkusTest
@WithTestResource(AlertTestResource.class)
class InboxBrowserTest {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TestHTTPResource("/inbox")
    URL inbox;

    private WebDriver driver;
    private Path profile;

    @BeforeEach
    void startBrowser() throws IOException {
        Assumptions.assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Skipped: the inbox browser test needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium chromium-driver)");
        profile = Files.createTempDirectory("inbox-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
                "--disable-dev-shm-usage",
                "--window-size=1440,1100",
                "--lang=en-GB",
                "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        driver = new ChromeDriver(service, options);
    }

    @AfterEach
    void stopBrowser() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .map(Path::toFile)
                        .forEach(File::delete);
            }
        }
    }

    @Test
    void aRiskChangeAppearsLiveIsAcknowledgedAndStaysAcknowledgedAfterAReload() throws IOException {
        TestTenants.Tenant tenant = TestTenants.create();
        RiskChange globex = RiskChanges.change(tenant.id(), "globex", 55, 72, RiskLevel.MEDIUM, RiskLevel.HIGH);
        RiskChanges.send(RiskChanges.withFactors(
                globex,
                List.of(
                        new RiskFactor("unsubscribe", "unsubscribed from the newsletter", 12, 12),
                        new RiskFactor("nps", "NPS answer 4 (detractor)", 9, 9))));
        RiskChanges.send(RiskChanges.withOwner(
                RiskChanges.change(tenant.id(), "initech", 50, 66, RiskLevel.MEDIUM, RiskLevel.HIGH),
                "bob@cs.example",
                true));
        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .until(() -> Api.alerts(tenant).size() == 2);

        driver.get(inbox.toString());
        // the page redraws the list on every live event: elements found a moment ago may be replaced
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
        wait.ignoring(StaleElementReferenceException.class);
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("api-key")))
                .sendKeys(tenant.apiKey());
        driver.findElement(By.id("connect")).click();
        wait.until(ExpectedConditions.attributeToBe(By.id("live-status"), "data-state", "live"));
        wait.until(d -> d.findElements(By.cssSelector(".episode")).size() == 2);
        ((JavascriptExecutor) driver).executeScript("window.__sameDocument = true;");

        RiskChanges.send(RiskChanges.change(tenant.id(), "acme", 48, 86, RiskLevel.MEDIUM, RiskLevel.CRITICAL));

        By acme = By.cssSelector(".episode[data-customer='acme']");
        wait.until(ExpectedConditions.presenceOfElementLocated(acme));
        assertThat(((JavascriptExecutor) driver).executeScript("return window.__sameDocument === true"))
                .as("no reload")
                .isEqualTo(true);
        wait.until(d -> "acme"
                .equals(d.findElements(By.cssSelector(".episode"))
                        .get(0)
                        .getAttribute("data-customer"))); // ranked first by priority
        wait.until(d -> {
            String text = d.findElement(acme).getText();
            return text.contains("3 complaints this week: +22") && text.contains("Critical") && text.contains("Open");
        });

        wait.until(d -> {
            d.findElement(acme).click();
            return true;
        });
        wait.until(ExpectedConditions.textToBe(By.id("d-customer"), "acme"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(
                By.id("d-playbook"), "Personal call from the account owner"));
        driver.findElement(By.id("ack-button")).click();
        wait.until(ExpectedConditions.attributeToBe(
                By.cssSelector(".episode[data-customer='acme']"), "data-state", "acknowledged"));
        wait.until(ExpectedConditions.textToBe(By.id("d-state"), "Acknowledged"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("d-timeline"), "Acknowledged"));
        screenshot("inbox-en.png");

        driver.navigate().refresh();
        wait.until(ExpectedConditions.attributeToBe(By.id("live-status"), "data-state", "live"));
        wait.until(ExpectedConditions.attributeToBe(
                By.cssSelector(".episode[data-customer='acme']"), "data-state", "acknowledged"));
        wait.until(ExpectedConditions.textToBe(By.id("d-state"), "Acknowledged"));
        assertThat(driver.getCurrentUrl()).contains("/inbox/episodes/");
        String id = driver.findElement(By.cssSelector(".episode[data-customer='acme']"))
                .getAttribute("data-id");
        assertThat(Api.alert(tenant, id).getString("state")).isEqualTo("acknowledged");

        driver.findElement(By.id("lang-zh")).click();
        wait.until(ExpectedConditions.textToBe(By.id("d-state"), "已确认"));
        assertThat(driver.findElement(By.cssSelector("#list-heading span")).getText())
                .isEqualTo("预警（按紧急程度排序）");
        assertThat(driver.findElement(By.id("ack-button")).getText()).isEqualTo("确认：我来处理");
        assertThat(driver.findElement(By.id("d-playbook")).getText()).contains("由客户负责人亲自致电");
        assertThat(driver.findElement(By.cssSelector(".episode[data-customer='acme'] .level"))
                        .getText())
                .isEqualTo("严重");
        assertThat(driver.findElement(By.tagName("html")).getAttribute("lang")).isEqualTo("zh-CN");
        screenshot("inbox-zh.png");
    }

    private void screenshot(String name) throws IOException {
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(
                ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(),
                target,
                StandardCopyOption.REPLACE_EXISTING);
    }
}
