package org.kerys.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;

import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.kerys.TestHttp;
import org.openqa.selenium.JavascriptExecutor;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The pages on a phone, 360 CSS pixels wide: no violation there either, and no page wider than the screen (WCAG
 * 1.4.10 Reflow, which axe-core does not check: a wide table may scroll inside its own box, not the page).
 */
@BrowserTest
class NarrowScreenBrowserTests {

	@RegisterExtension
	static final Chromium browser = new Chromium(360, 800);

	@LocalServerPort
	int port;

	static String organization;

	Site site() {
		return new Site(browser, port);
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "/", "/datasets", "/login", "/register?lang=en", "/password-reset", "/no-such-page",
			"/datasets/{missing}", "/search?q=stationnement", "/search?q=v%C3%A9lo&theme=transportation", "/producers" })
	void publicPagesReflow(String path) {
		check(site().signOut(), path.replace("{missing}", UUID.randomUUID().toString()));
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "/account", "/account/activity", "/admin", "/admin/users", "/admin/audit",
			"/admin/organizations", "/admin/node-clients?lang=en", "/account/organizations/{organization}" })
	void signedInPagesReflow(String path) {
		organization(); // a long name, in the lists of organisations too
		check(site().signIn("admin", TestHttp.ADMIN_PASSWORD), path.replace("{organization}", organization()));
	}

	/** An organisation with a long name that the administrator administers, with one pending invitation. */
	private String organization() {
		if (organization == null) {
			organization = UUID.randomUUID().toString();
			String name = "Établissement public de coopération intercommunale du téléphone " + organization.substring(0, 8);
			assertThat(TestHttp.admin(port).post("/api/v1/organizations",
					"{\"organization_id\": \"" + organization + "\", \"organization_name\": \"" + name + "\"}").status())
					.isEqualTo(201);
			String base = "/api/organizations/" + organization;
			assertThat(TestHttp.admin(port).post(base + "/members", "{\"login\": \"admin\", \"role\": \"admin\"}")
					.status()).isIn(200, 201);
			assertThat(TestHttp.admin(port).post(base + "/invitations",
					"{\"email\": \"phone-" + organization.substring(0, 8) + "@example.org\", \"role\": \"editor\"}")
					.status()).isEqualTo(201);
		}
		return organization;
	}

	private static void check(Site site, String path) {
		site.open(path);
		JavascriptExecutor js = (JavascriptExecutor) site.driver();
		long viewport = ((Number) js.executeScript("return document.documentElement.clientWidth")).longValue();
		assertThat(viewport).as("the window is a phone's").isLessThanOrEqualTo(360);
		Object wider = js.executeScript("""
				const width = document.documentElement.clientWidth;
				if (document.documentElement.scrollWidth <= width) return null;
				// what sticks out (boxes, or text overflowing its box), outside any box that scrolls or clips
				// (or positioned: it may escape such a box)
				const clipped = e => {
				  for (let p = e.parentElement; p && p !== document.body; p = p.parentElement) {
				    if (getComputedStyle(p).overflowX !== 'visible') return true;
				  }
				  return false;
				};
				const right = e => getComputedStyle(e).overflowX !== 'visible' ? e.getBoundingClientRect().right
				  : Math.max(e.getBoundingClientRect().right, e.getBoundingClientRect().left + e.scrollWidth);
				const escapes = e => ['absolute', 'fixed'].includes(getComputedStyle(e).position);
				const out = new Set([...document.querySelectorAll('body *')]
				  .filter(e => (escapes(e) || !clipped(e)) && right(e) > width + 1));
				const name = e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
				  + (typeof e.className === 'string' && e.className.trim() ? '.' + e.className.trim().split(/\\s+/).join('.') : '');
				return [...out].filter(e => ![...e.children].some(c => out.has(c))).slice(0, 10)
				  .map(e => name(e) + ' right=' + Math.round(right(e)) + ' "' + e.textContent.trim().slice(0, 40) + '"')
				  .join(', ') + ' (page ' + document.documentElement.scrollWidth + ' px wide)';""");
		assertThat(wider).as("what is wider than the " + viewport + " px screen on " + path).isNull();
		Axe.check(site.driver());
	}
}
