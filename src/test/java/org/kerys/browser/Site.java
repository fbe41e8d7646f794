package org.kerys.browser;

import java.time.Duration;
import java.util.List;

import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** Kerys as the browser sees it: pages by path on the test server's port, sign-in through the real login form. */
public final class Site {

	private final Chromium browser;
	private final WebDriver driver;
	private final int port;

	public Site(Chromium browser, int port) {
		this.browser = browser;
		this.driver = browser.driver();
		this.port = port;
	}

	public WebDriver driver() {
		return driver;
	}

	public String url(String path) {
		return "http://localhost:" + port + path;
	}

	/** Opens the page and waits until it is loaded. */
	public Site open(String path) {
		driver.get(url(path));
		waitUntil(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
		return this;
	}

	/** Opens the page and fails on any axe-core violation of WCAG 2.1 A or AA. */
	public Site openAndCheck(String path) {
		open(path);
		Axe.check(driver);
		return this;
	}

	/**
	 * Signs in through the login form as a person would, after signing out; nothing to do when this browser signed in
	 * as {@code login} last (the tests of a class then share the session).
	 */
	public Site signIn(String login, String password) {
		if (login.equals(browser.signedInAs)) {
			return this;
		}
		signOut();
		open("/login");
		driver.findElement(By.id("username")).sendKeys(login);
		driver.findElement(By.id("password")).sendKeys(password);
		String before = driver.getCurrentUrl();
		click("main form button[type=submit]");
		waitUntil(d -> !d.getCurrentUrl().equals(before));
		if (driver.getCurrentUrl().contains("/login")) {
			throw new AssertionError("Sign-in of " + login + " refused: " + driver.getCurrentUrl());
		}
		browser.signedInAs = login;
		return this;
	}

	/** Forgets the session and the language cookies. */
	public Site signOut() {
		browser.signedInAs = null;
		if (driver.getCurrentUrl().startsWith("http://localhost:" + port)) {
			driver.manage().deleteAllCookies();
		}
		else {
			open("/");
			driver.manage().deleteAllCookies();
		}
		return this;
	}

	public WebElement find(String css) {
		return driver.findElement(By.cssSelector(css));
	}

	/**
	 * Clicks the element as a person would, after scrolling it to the middle of the window at once (the stylesheet
	 * asks for smooth scrolling, which chromedriver does not wait for).
	 */
	public Site click(String css) {
		WebElement element = find(css);
		((JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'center', behavior: 'instant'})",
				element);
		element.click();
		return this;
	}

	public List<WebElement> findAll(String css) {
		return driver.findElements(By.cssSelector(css));
	}

	public <T> T waitUntil(java.util.function.Function<WebDriver, T> condition) {
		return new WebDriverWait(driver, Duration.ofSeconds(10)).until(condition::apply);
	}

	public WebElement waitFor(String css) {
		return new WebDriverWait(driver, Duration.ofSeconds(10))
				.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(css)));
	}

	/** The element that has the keyboard focus. */
	public WebElement focused() {
		return driver.switchTo().activeElement();
	}
}
