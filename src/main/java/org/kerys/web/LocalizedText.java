package org.kerys.web;

import java.util.Locale;

import tools.jackson.databind.JsonNode;

/**
 * A text of a RUDI {@code DictionaryEntry} list in the language closest to the page's, and that language
 * (as a primary subtag for the HTML {@code lang} attribute, so that a screen reader pronounces it right).
 */
record LocalizedText(String text, String lang) {

	/** The entry in the page's language, else in French (Kerys' default), else the first one; null if none. */
	static LocalizedText pick(JsonNode entries, Locale locale) {
		if (entries == null || !entries.isArray()) {
			return null;
		}
		LocalizedText french = null;
		LocalizedText first = null;
		for (JsonNode entry : entries) {
			String text = tidy(Json.text(entry.path("text")));
			if (text == null) {
				continue;
			}
			LocalizedText candidate = new LocalizedText(text, language(Json.text(entry.path("lang"))));
			if (locale.getLanguage().equals(candidate.lang())) {
				return candidate;
			}
			if (french == null && "fr".equals(candidate.lang())) {
				french = candidate;
			}
			if (first == null) {
				first = candidate;
			}
		}
		return french != null ? french : first;
	}

	/**
	 * Texts pasted from word processors carry runs of spaces and blank lines (real RUDI records do): keep
	 * paragraphs, drop the rest.
	 */
	private static String tidy(String text) {
		if (text == null) {
			return null;
		}
		String tidy = text.replaceAll("[ \\t\\u00a0]+", " ")
				.replaceAll(" ?\\R ?", "\n")
				.replaceAll("\n{3,}", "\n\n")
				.strip();
		return tidy.isEmpty() ? null : tidy;
	}

	private static String language(String tag) {
		if (tag == null) {
			return null;
		}
		String primary = tag.split("[-_]", 2)[0].toLowerCase(Locale.ROOT);
		return primary.matches("[a-z]{2,3}") ? primary : null;
	}
}
