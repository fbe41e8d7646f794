package org.kerys.catalog.internal;

import java.util.Map;
import java.util.Set;

/**
 * The two directories of the RUDI API beside datasets — organisations (producers) and contacts — described by
 * their table, identifier and fields, so that one piece of code serves both.
 */
enum DirectoryKind {

	ORGANIZATION("organizations", "organization_id", "organization_name", null,
			Map.of("organization_id", "uuid", "organization_name", "string", "organization_address", "string",
					"organization_coordinates", "coordinates", "organization_caption", "string",
					"organization_summary", "string"),
			Set.of("organization_id", "organization_name")),

	CONTACT("contacts", "contact_id", "contact_name", "email",
			Map.of("contact_id", "uuid", "organization_name", "string", "contact_name", "string", "role", "string",
					"contact_summary", "string", "email", "email"),
			Set.of("contact_id", "contact_name", "email"));

	final String table;
	final String idField;
	final String nameField;
	final String emailField;
	final Map<String, String> fields;
	final Set<String> required;

	DirectoryKind(String table, String idField, String nameField, String emailField, Map<String, String> fields,
			Set<String> required) {
		this.table = table;
		this.idField = idField;
		this.nameField = nameField;
		this.emailField = emailField;
		this.fields = fields;
		this.required = required;
	}
}
