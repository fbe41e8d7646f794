package org.kerys.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.Rectangle;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The keyboard (skip link, visible focus) and the language of the page, in the browser. */
@BrowserTest
class KeyboardAndLanguageBrowserTests {

	@RegisterExtension
	static final Chromium browser = new Chromium();

	@LocalServerPort
	int port;

	Site site() {
		return new Site(browser, port);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "/", "/login", "/?lang=en" })
	void theFirstTabFocusesAVisibleSkipLinkAndEnterMovesToTheContent(String path) {
		Site site = site().signOut().open(path);

		tab(site);
		WebElement skip = site.focused();
		assertThat(skip.getTagName()).isEqualTo("a");
		assertThat(skip.getDomAttribute("href")).isEqualTo("#content");
		assertThat(skip.getAttribute("class")).contains("skip-link");
		assertThat(skip.isDisplayed()).isTrue();
		assertThat(skip.getText()).isNotBlank();
		// visible: on screen, of a readable size, not clipped away, not transparent
		Rectangle box = skip.getRect();
		assertThat(box.getWidth()).as("skip link width").isGreaterThan(10);
		assertThat(box.getHeight()).as("skip link height").isGreaterThan(10);
		assertThat(box.getX()).as("skip link x").isGreaterThanOrEqualTo(0);
		assertThat(box.getY()).as("skip link y").isGreaterThanOrEqualTo(0);
		assertThat(box.getY() + box.getHeight()).as("skip link bottom").isLessThanOrEqualTo(viewportHeight(site));
		assertThat(skip.getCssValue("opacity")).isNotEqualTo("0");
		assertThat(skip.getCssValue("clip-path")).isIn("none", "");
		assertThat(skip.getCssValue("visibility")).isEqualTo("visible");

		skip.sendKeys(Keys.ENTER);
		site.waitUntil(d -> "content".equals(site.focused().getDomAttribute("id")));
		WebElement main = site.focused();
		assertThat(main.getTagName()).isEqualTo("main");
		// the next Tab goes on from the content, not back to the header
		tab(site);
		assertThat(isInside(site, site.focused(), "main#content")).as("the Tab after the skip link").isTrue();
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "/", "/login", "/login?lang=en" })
	void everyFocusedLinkOrButtonHasAVisibleFocusIndicator(String path) {
		Site site = site().signOut().open(path);
		List<String> invisible = new ArrayList<>();
		int seen = 0;
		for (int i = 0; i < 40; i++) {
			tab(site);
			WebElement focused = site.focused();
			String tag = focused.getTagName();
			if (tag.equals("body")) {
				break;
			}
			seen++;
			if (!hasFocusIndicator(focused)) {
				invisible.add(tag + " \"" + focused.getText().strip() + "\" (" + focused.getDomAttribute("href")
						+ "): outline " + focused.getCssValue("outline-style") + " "
						+ focused.getCssValue("outline-width") + ", box-shadow " + focused.getCssValue("box-shadow"));
			}
		}
		assertThat(seen).as("elements reached with Tab").isGreaterThan(3);
		assertThat(invisible).as("focused elements without a visible outline on " + path).isEmpty();
	}

	@ParameterizedTest(name = "{0} → lang={1}")
	@CsvSource({ "/, fr", "/?lang=en, en", "/login?lang=en, en", "/datasets?lang=fr, fr", "/register?lang=en, en",
			"/no-such-page?lang=en, en", "/no-such-page?lang=fr, fr" })
	void theLangAttributeIsTheChosenLanguage(String path, String lang) {
		Site site = site().signOut().open(path);
		assertThat(site.find("html").getDomAttribute("lang")).isEqualTo(lang);
	}

	@Test
	void theChosenLanguageIsRememberedAndTheSwitchLinksSayTheirLanguage() {
		Site site = site().signOut().open("/?lang=en");
		assertThat(site.find("html").getDomAttribute("lang")).isEqualTo("en");
		site.open("/datasets");
		assertThat(site.find("html").getDomAttribute("lang")).as("remembered").isEqualTo("en");
		WebElement french = site.find("a[hreflang=fr]");
		assertThat(french.getDomAttribute("lang")).isEqualTo("fr");
		site.click("a[hreflang=fr]");
		site.waitUntil(d -> "fr".equals(site.find("html").getDomAttribute("lang")));
		Axe.check(site.driver());
	}

	private static void tab(Site site) {
		new Actions(site.driver()).sendKeys(Keys.TAB).perform();
	}

	private static boolean hasFocusIndicator(WebElement element) {
		String outline = element.getCssValue("outline-style");
		String width = element.getCssValue("outline-width");
		boolean outlined = !outline.equals("none") && !width.equals("0px");
		String shadow = element.getCssValue("box-shadow");
		return outlined || !(shadow.isEmpty() || shadow.equals("none"));
	}

	private static int viewportHeight(Site site) {
		return ((Number) ((JavascriptExecutor) site.driver()).executeScript("return window.innerHeight")).intValue();
	}

	private static boolean isInside(Site site, WebElement element, String css) {
		return Boolean.TRUE.equals(((JavascriptExecutor) site.driver())
				.executeScript("return arguments[0].closest(arguments[1]) !== null", element, css));
	}
}
