package org.kerys.catalog.internal;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;

/** The catalogue's own messages to API clients, in French (the default) or English. */
final class Messages {

	private static final Map<String, String> FR = Map.of(
			"global_id.path", "global_id doit être celui de l''URL ({0}).",
			"used.global_id", "Le jeu de données {0} existe déjà.",
			"used.batch", "Cet identifiant figure déjà dans l''enregistrement n° {0} de ce lot.",
			"used.value", "La valeur « {0} » est déjà utilisée par le jeu de données {1}.",
			"not.found", "Aucun jeu de données {0}.",
			"not.producer", "L''organisation {0} n''est pas une de celles pour lesquelles ce nœud publie.",
			"not.provider", "Le fournisseur des métadonnées {0} n''est pas une des organisations de ce nœud.");

	private static final Map<String, String> EN = Map.of(
			"global_id.path", "global_id must be the one of the URL ({0}).",
			"used.global_id", "Dataset {0} already exists.",
			"used.batch", "This identifier is already used by record #{0} of this batch.",
			"used.value", "The value \"{0}\" is already used by dataset {1}.",
			"not.found", "No dataset {0}.",
			"not.producer", "Organisation {0} is not one this node publishes for.",
			"not.provider", "The metadata provider {0} is not one of this node''s organisations.");

	private final Map<String, String> messages;
	private final Locale locale;

	private Messages(Map<String, String> messages, Locale locale) {
		this.messages = messages;
		this.locale = locale;
	}

	static Messages of(Locale locale) {
		boolean english = locale != null && "en".equals(locale.getLanguage());
		return new Messages(english ? EN : FR, english ? Locale.ENGLISH : Locale.FRENCH);
	}

	String get(String key, Object... args) {
		return new MessageFormat(messages.get(key), locale).format(args);
	}
}
