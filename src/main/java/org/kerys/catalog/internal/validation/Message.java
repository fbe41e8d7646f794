package org.kerys.catalog.internal.validation;

import java.util.Locale;

/**
 * Every problem the validator can report: its RUDI code and its text in French and English
 * ({@code %s} placeholders, filled in order).
 */
enum Message {

	NOT_AN_OBJECT("ERR-101", "Les métadonnées doivent être un objet JSON.", "The metadata must be a JSON object."),
	UNSUPPORTED_VERSION("ERR-106", "Version d'API « %s » non prise en charge (acceptées : 1.2.0 à 1.4.0).",
			"Unsupported API version \"%s\" (accepted: 1.2.0 to 1.4.0)."),
	SELFDATA_CONTENT_MISSING("ERR-107",
			"Un jeu de données self-data (accès restreint et données personnelles) doit décrire ext_selfdata_content.",
			"A self-data dataset (restricted and personal data) must describe ext_selfdata_content."),

	UNKNOWN_FIELD("ERR-102", "Champ inconnu.", "Unknown field."),
	UNKNOWN_FIELD_REMOVED("ERR-102", "Champ inconnu supprimé.", "Unknown field removed."),
	FILE_ENCODING_MOVED("ERR-102", "file_encoding n'a pas sa place dans checksum : déplacé vers %s.",
			"file_encoding does not belong in checksum: moved to %s."),

	WRONG_TYPE("ERR-201", "Type incorrect : %s attendu.", "Wrong type: %s expected."),
	CONVERTED("ERR-201", "Valeur « %s » convertie en %s.", "Value \"%s\" converted to %s."),
	NULL_REMOVED("ERR-201", "Valeur nulle supprimée.", "Null value removed."),

	MISSING("ERR-202", "Champ obligatoire manquant.", "Missing required field."),
	TOO_FEW_ITEMS("ERR-202", "Au moins %s élément(s) attendu(s).", "At least %s item(s) expected."),
	DEFAULTED("ERR-202", "Champ obligatoire manquant : valeur %s appliquée.", "Missing required field: %s applied."),
	NO_MEDIA("ERR-202", "Aucun média : le jeu de données est décrit sans ses données.",
			"No media: the dataset is described without its data."),

	TOO_LONG("ERR-203", "Trop long : %s caractères au plus.", "Too long: at most %s characters."),
	TOO_MANY_ITEMS("ERR-203", "Trop d'éléments : %s au plus.", "Too many items: at most %s."),

	FORBIDDEN_CHARACTERS("ERR-301", "Caractères interdits (caractères de contrôle).",
			"Forbidden characters (control characters)."),
	FORBIDDEN_CHARACTERS_REMOVED("ERR-301", "Caractères interdits supprimés (caractères de contrôle).",
			"Forbidden characters removed (control characters)."),

	NOT_IN_LIST("ERR-302", "Valeur « %s » hors de la liste autorisée.", "Value \"%s\" is not in the allowed list."),
	UNKNOWN_THEME("ERR-302", "Thème inconnu : « %s ».", "Unknown theme: \"%s\"."),
	THEME_LABEL("ERR-302", "« %s » est le libellé d'un thème, son code est « %s ».",
			"\"%s\" is the label of a theme, whose code is \"%s\"."),
	THEME_MAPPED("ERR-302", "Thème « %s » remplacé par le code « %s ».", "Theme \"%s\" mapped to the code \"%s\"."),
	UNKNOWN_LICENCE("ERR-302", "Licence standard inconnue : « %s ».", "Unknown standard licence: \"%s\"."),

	BAD_FORMAT("ERR-303", "Format invalide : %s attendu.", "Invalid format: %s expected."),
	NO_MATCH("ERR-303", "La valeur ne respecte pas le motif %s.", "The value does not match the pattern %s."),
	OUT_OF_RANGE("ERR-303", "Valeur hors limites (%s).", "Value out of range (%s)."),
	BAD_REGEXP("ERR-303", "Expression régulière invalide : %s.", "Invalid regular expression: %s."),
	TOO_SHORT("ERR-303", "Trop court : %s caractères au moins.", "Too short: at least %s characters."),

	SELFDATA_MEDIA("ERR-305",
			"Un jeu de données self-data en mode API doit avoir exactement un média SERVICE generic-data (gdata) et un "
					+ "média SERVICE temporal-bar-chart (tpbc) ; trouvés : %s generic-data et %s temporal-bar-chart.",
			"A self-data dataset in API mode needs exactly one SERVICE media generic-data (gdata) and one SERVICE "
					+ "media temporal-bar-chart (tpbc); found: %s generic-data and %s temporal-bar-chart."),
	GDPR_NOT_RESTRICTED("ERR-306", "gdpr_sensitive = true exige restricted_access = true.",
			"gdpr_sensitive = true requires restricted_access = true."),

	EMPTY("ERR-308", "Chaîne vide.", "Empty string.");

	private final String code;
	private final String french;
	private final String english;

	Message(String code, String french, String english) {
		this.code = code;
		this.french = french;
		this.english = english;
	}

	String code() {
		return code;
	}

	String text(Locale locale, Object... args) {
		boolean en = locale != null && "en".equals(locale.getLanguage());
		return String.format(Locale.ROOT, en ? english : french, args);
	}

	/** A JSON type or format name as the reader of the message says it. */
	static String kind(String kind, Locale locale) {
		boolean en = locale != null && "en".equals(locale.getLanguage());
		if (en) {
			return switch (kind) {
				case "date-time" -> "an ISO 8601 date-time with a time zone";
				case "uri" -> "an absolute URI";
				case "email" -> "an e-mail address";
				case "uuid" -> "a UUID";
				default -> kind;
			};
		}
		return switch (kind) {
			case "string" -> "chaîne de caractères";
			case "integer" -> "entier";
			case "number" -> "nombre";
			case "boolean" -> "booléen";
			case "array" -> "tableau";
			case "object" -> "objet";
			case "date-time" -> "date-heure ISO 8601 avec fuseau";
			case "uri" -> "URI absolue";
			case "email" -> "adresse e-mail";
			case "uuid" -> "UUID";
			default -> kind;
		};
	}
}
