package org.kerys.web;

import tools.jackson.databind.JsonNode;

/** Someone to ask about a dataset (RUDI {@code Contact}). */
record ContactView(String name, String organization, String role, String email) {

	static ContactView of(JsonNode contact) {
		return new ContactView(Json.text(contact.path("contact_name")), Json.text(contact.path("organization_name")),
				Json.text(contact.path("role")), Json.text(contact.path("email")));
	}
}
