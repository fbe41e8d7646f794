package org.kerys.web;

import java.util.Locale;

import tools.jackson.databind.JsonNode;

/**
 * One way to get a dataset's data (RUDI {@code Media}): a file, a service or a time series, with the link
 * its connector gives ({@code /api/v1/media/{id}} for a file uploaded to Kerys).
 */
record MediaView(String name, String type, String format, String size, String caption, String url,
		String documentation, When updated) {

	static MediaView of(JsonNode media, Locale locale, Formats formats) {
		String type = Json.text(media.path("media_type"));
		String name = Json.text(media.path("media_name"));
		JsonNode connector = media.path("connector");
		String format = "SERVICE".equals(type) ? Json.text(connector.path("interface_contract"))
				: Json.text(media.path("file_type"));
		Long bytes = "SERIES".equals(type) ? Json.number(media.path("current_size")) : Json.number(media.path("file_size"));
		return new MediaView(name != null ? name : Json.text(media.path("media_id")), type, format,
				formats.size(bytes, locale), Json.text(media.path("media_caption")),
				Json.safeUrl(Json.text(connector.path("url"))),
				Json.safeUrl(Json.text(media.path("api_documentation_url"))),
				When.of(Json.text(media.path("media_dates").path("updated")), locale));
	}

	public boolean file() { // public: templates call it
		return "FILE".equals(type);
	}
}
