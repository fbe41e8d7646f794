package org.kerys.browser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * One headless Chromium per test class, through the operating system's chromedriver ({@code /usr/bin/chromedriver}
 * driving {@code /usr/bin/chromium}, Debian packages {@code chromium} and {@code chromium-driver}; other paths with
 * the system properties {@code webdriver.chrome.driver} and {@code kerys.test.chromium}). Selenium Manager is never
 * asked to download anything: both paths are given.
 * <p>
 * Without chromedriver the tests fail with a message saying what to install, unless the environment variable
 * {@code KERYS_SKIP_BROWSER_TESTS=true} is set: then they are skipped (reported as such by Surefire).
 * <p>
 * When a test fails, a screenshot and the page's source are saved as
 * {@code target/browser-failures/<TestClass>-<method>.png} and {@code .html} ({@code <method>-<n>} for the n-th
 * invocation of a parameterized test).
 * <p>
 * Use: {@code @RegisterExtension static final Chromium browser = new Chromium();} in the test class.
 */
public final class Chromium implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback, TestWatcher {

	static final Path FAILURES = Path.of("target", "browser-failures");
	private static final Pattern INVOCATION = Pattern.compile("\\[test-template-invocation:#(\\d+)]$");

	private final int width;
	private final int height;
	private WebDriver driver;

	/** Why the tests of the class are skipped (no Chromium and KERYS_SKIP_BROWSER_TESTS=true), or null. */
	private String skipped;

	/** Who the browser is signed in as, as far as {@link Site} knows; null when signed out. */
	String signedInAs;

	/** A browser window of 1280 × 900. */
	public Chromium() {
		this(1280, 900);
	}

	/**
	 * A browser window of this size. Below 500 px wide Chromium's window stays 500 px wide: the page's viewport is
	 * then emulated at this size, as on a phone (the page's {@code <meta name="viewport">} applies).
	 */
	public Chromium(int width, int height) {
		this.width = width;
		this.height = height;
	}

	/** The browser of the running test class. */
	public WebDriver driver() {
		if (driver == null) {
			throw new IllegalStateException("Chromium is not started: register it with @RegisterExtension static");
		}
		return driver;
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		Path chromedriver = Path.of(System.getProperty("webdriver.chrome.driver", "/usr/bin/chromedriver"));
		Path chromium = Path.of(System.getProperty("kerys.test.chromium", "/usr/bin/chromium"));
		if (!Files.isExecutable(chromedriver) || !Files.isExecutable(chromium)) {
			String missing = "The browser tests need Chromium and its driver (" + chromium + ", " + chromedriver
					+ "): on Debian or Ubuntu, apt-get install chromium chromium-driver (.ci/run does it). "
					+ "To skip them, set KERYS_SKIP_BROWSER_TESTS=true.";
			if ("true".equalsIgnoreCase(System.getenv("KERYS_SKIP_BROWSER_TESTS"))) {
				// each test is then reported as skipped, with the reason (see beforeEach)
				skipped = "KERYS_SKIP_BROWSER_TESTS=true: " + missing;
				System.err.println("Skipped: " + skipped);
				return;
			}
			throw new IllegalStateException(missing);
		}
		System.setProperty("webdriver.chrome.driver", chromedriver.toString());
		ChromeOptions options = new ChromeOptions();
		options.setBinary(chromium.toFile());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=" + Math.max(width, 500) + "," + height,
				"--disable-gpu", "--disable-extensions", "--no-first-run");
		// the language a French public sees by default; tests ask for English with ?lang=en
		options.setExperimentalOption("prefs", Map.of("intl.accept_languages", "fr-FR,fr"));
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(chromedriver.toFile())
				.usingAnyFreePort().build();
		ChromeDriver chrome = new ChromeDriver(service, options);
		driver = chrome;
		if (width < 500) {
			chrome.executeCdpCommand("Emulation.setDeviceMetricsOverride",
					Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", true));
		}
		driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30)).scriptTimeout(Duration.ofSeconds(30));
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		Assumptions.assumeTrue(skipped == null, skipped);
	}

	@Override
	public void afterAll(ExtensionContext context) {
		if (driver != null) {
			try {
				driver.quit();
			}
			finally {
				driver = null;
				signedInAs = null;
			}
		}
		skipped = null;
	}

	@Override
	public void testFailed(ExtensionContext context, Throwable cause) {
		if (driver == null) {
			return;
		}
		String name = context.getRequiredTestClass().getSimpleName() + "-"
				+ context.getTestMethod().map(m -> m.getName()).orElse("unknown");
		// a parameterized test: one pair of files per invocation, "-1", "-2"…
		Matcher invocation = INVOCATION.matcher(context.getUniqueId());
		if (invocation.find()) {
			name += "-" + invocation.group(1);
		}
		try {
			Files.createDirectories(FAILURES);
			byte[] png = ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES);
			Files.write(FAILURES.resolve(name + ".png"), png);
			String source = Optional.ofNullable(driver.getPageSource()).orElse("");
			Files.writeString(FAILURES.resolve(name + ".html"),
					"<!-- " + driver.getCurrentUrl() + " -->\n" + source, StandardCharsets.UTF_8);
		}
		catch (IOException | RuntimeException e) {
			System.err.println("Could not save the failed page of " + name + ": " + e);
		}
	}
}
