package org.kerys.consent.internal;

import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;

import tools.jackson.databind.JsonNode;

/**
 * A treatment version's content as the pages show it, in the page's language (the other one when a text has only
 * one): what a citizen reads before consenting, and what an organisation checks before publishing.
 */
record TreatmentText(String title, String description, String controllerName, String controllerAddress,
		String controllerEmail, String dpoName, String dpoEmail, List<String> purposes, String legalBasis,
		List<String> dataCategories, List<String> recipients, String retentionDuration, String retentionDescription,
		boolean transfers, String transfersDetails, List<String> securityMeasures, List<String> dataSubjectCategories) {

	static TreatmentText of(JsonNode content, Locale locale) {
		JsonNode controller = content.path("controller");
		JsonNode dpo = content.path("dpo");
		JsonNode retention = content.path("retention");
		JsonNode transfers = content.path("transfers_outside_eu");
		return new TreatmentText(TreatmentContent.in(content.path("title"), locale),
				blankToNull(TreatmentContent.in(content.path("description"), locale)),
				controller.path("name").asString(""), blankToNull(controller.path("address").asString("")),
				blankToNull(controller.path("email").asString("")), blankToNull(dpo.path("name").asString("")),
				blankToNull(dpo.path("email").asString("")), TreatmentContent.all(content.path("purposes"), locale),
				content.path("legal_basis").asString(""), TreatmentContent.all(content.path("data_categories"), locale),
				TreatmentContent.all(content.path("recipients"), locale), retention.path("duration").asString(""),
				blankToNull(TreatmentContent.in(retention.path("description"), locale)),
				transfers.path("any").asBoolean(false),
				blankToNull(TreatmentContent.in(transfers.path("details"), locale)),
				TreatmentContent.all(content.path("security_measures"), locale),
				TreatmentContent.all(content.path("data_subject_categories"), locale));
	}

	/** The day a consent given today would end, written for people; null when the duration is not a period. */
	static String until(String duration, Locale locale) {
		try {
			return LocalDate.now().plus(Period.parse(duration))
					.format(DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale));
		}
		catch (DateTimeParseException | NullPointerException e) {
			return null;
		}
	}

	private static String blankToNull(String text) {
		return text == null || text.isBlank() ? null : text;
	}
}
