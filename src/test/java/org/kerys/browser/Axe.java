package org.kerys.browser;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * axe-core (Deque, MPL-2.0, copied under {@code src/test/resources/axe/}) run in the page the browser shows, on the
 * rules of WCAG 2.0 and 2.1 at levels A and AA. {@link #check} fails with every violation: rule, impact, help,
 * target selectors and HTML of each node.
 */
public final class Axe {

	static final List<String> TAGS = List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa");

	private static final String SOURCE = read("/axe/axe.min.js");
	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String RUN = """
			const done = arguments[arguments.length - 1];
			axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}, resultTypes: ['violations']})
			  .then(r => done(JSON.stringify(r.violations)))
			  .catch(e => done(JSON.stringify({error: String(e)})));
			""";

	private Axe() {
	}

	/** The violations on the page the browser shows now, as a readable report; empty when there are none. */
	public static List<String> violations(WebDriver driver) {
		JavascriptExecutor js = (JavascriptExecutor) driver;
		if (!Boolean.TRUE.equals(js.executeScript("return typeof window.axe === 'object';"))) {
			js.executeScript(SOURCE);
		}
		Object answer = js.executeAsyncScript(RUN, TAGS);
		JsonNode result = json.readTree(String.valueOf(answer));
		if (result.isObject() && result.has("error")) {
			throw new IllegalStateException("axe-core failed on " + driver.getCurrentUrl() + ": " + result.get("error"));
		}
		List<String> violations = new ArrayList<>();
		for (JsonNode violation : result) {
			StringBuilder text = new StringBuilder();
			text.append(text(violation, "id")).append(" (").append(text(violation, "impact"))
					.append("): ").append(text(violation, "help")).append(" — ")
					.append(text(violation, "helpUrl"));
			for (JsonNode node : violation.get("nodes")) {
				text.append("\n    at ").append(node.get("target")).append("\n       ")
						.append(text(node, "html").replaceAll("\\s+", " "));
				String summary = text(node, "failureSummary");
				if (!summary.isBlank()) {
					text.append("\n       ").append(summary.replace("\n", "\n       "));
				}
			}
			violations.add(text.toString());
		}
		return violations;
	}

	/** Fails when the page the browser shows has any violation of WCAG 2.1 A or AA that axe-core detects. */
	public static void check(WebDriver driver) {
		List<String> violations = violations(driver);
		if (!violations.isEmpty()) {
			throw new AssertionError(violations.size() + " axe-core violation(s) of WCAG 2.1 A/AA on "
					+ driver.getCurrentUrl() + " (\"" + driver.getTitle() + "\"):\n  - "
					+ String.join("\n  - ", violations));
		}
	}

	private static String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return value.isString() ? value.asString() : "";
	}

	private static String read(String resource) {
		try (InputStream in = Axe.class.getResourceAsStream(resource)) {
			if (in == null) {
				throw new IllegalStateException(resource + " is not on the test classpath");
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
