package org.kerys.federation.internal.dcat;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.kerys.catalog.AccessRegime;

/**
 * Kerys' values in the EU controlled vocabularies that DCAT-AP asks for (Publications Office authority tables):
 * data themes, access rights, file types and languages. The mapping is documented in {@code docs/harvesting.md}.
 */
public final class EuVocabularies {

	public static final String AUTHORITY = "http://publications.europa.eu/resource/authority/";
	public static final String DATA_THEME = AUTHORITY + "data-theme";
	public static final String ACCESS_RIGHT = AUTHORITY + "access-right";
	public static final String FILE_TYPE = AUTHORITY + "file-type";
	public static final String LANGUAGE = AUTHORITY + "language";

	/** A concept of an EU table: its code and English and French labels. */
	public record Concept(String scheme, String code, String labelEn, String labelFr) {

		public String uri() {
			return scheme + "/" + code;
		}
	}

	private static Concept theme(String code, String en, String fr) {
		return new Concept(DATA_THEME, code, en, fr);
	}

	private static final Concept ECON = theme("ECON", "Economy and finance", "Économie et finances");
	private static final Concept EDUC = theme("EDUC", "Education, culture and sport", "Éducation, culture et sport");
	private static final Concept ENER = theme("ENER", "Energy", "Énergie");
	private static final Concept ENVI = theme("ENVI", "Environment", "Environnement");
	private static final Concept GOVE = theme("GOVE", "Government and public sector", "Gouvernement et secteur public");
	private static final Concept HEAL = theme("HEAL", "Health", "Santé");
	private static final Concept JUST = theme("JUST", "Justice, legal system and public safety",
			"Justice, système juridique et sécurité publique");
	private static final Concept REGI = theme("REGI", "Regions and cities", "Régions et villes");
	private static final Concept SOCI = theme("SOCI", "Population and society", "Population et société");
	private static final Concept TRAN = theme("TRAN", "Transport", "Transports");

	/**
	 * The one table between RUDI themes and EU data themes, read both ways: a RUDI theme → its EU themes (one or two);
	 * an EU theme → the RUDI theme of the row marked {@code back} for it (harvesting). Several RUDI themes share an EU
	 * theme (REGI, SOCI, EDUC), so one of them is chosen for the way back; the EU themes no RUDI theme has (AGRI, INTR,
	 * TECH, OP_DATPRO) have none.
	 */
	private record ThemeRow(String rudi, List<Concept> eu, boolean back) {
	}

	private static final List<ThemeRow> THEME_TABLE = List.of(
			new ThemeRow("economy", List.of(ECON), true),
			new ThemeRow("citizenship", List.of(GOVE), true),
			new ThemeRow("energyNetworks", List.of(ENER), true),
			new ThemeRow("culture", List.of(EDUC), false),
			new ThemeRow("transportation", List.of(TRAN), true),
			new ThemeRow("children", List.of(SOCI), false),
			new ThemeRow("environment", List.of(ENVI), true),
			new ThemeRow("townPlanning", List.of(REGI), true),
			new ThemeRow("location", List.of(REGI), false),
			new ThemeRow("education", List.of(EDUC), true),
			new ThemeRow("publicSpace", List.of(REGI), false),
			new ThemeRow("health", List.of(HEAL, JUST), true),
			new ThemeRow("housing", List.of(SOCI), false),
			new ThemeRow("society", List.of(SOCI), true));

	private static final Map<String, List<Concept>> THEMES = THEME_TABLE.stream()
			.collect(java.util.stream.Collectors.toUnmodifiableMap(ThemeRow::rudi, ThemeRow::eu));

	/** EU data theme code → RUDI theme code. */
	private static final Map<String, String> THEMES_BACK = THEME_TABLE.stream().filter(ThemeRow::back)
			.flatMap(row -> row.eu().stream().map(concept -> Map.entry(concept.code(), row.rudi())))
			.collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

	private static final Map<AccessRegime, Concept> ACCESS = Map.of(
			AccessRegime.OPEN, new Concept(ACCESS_RIGHT, "PUBLIC", "public", "public"),
			AccessRegime.RESTRICTED, new Concept(ACCESS_RIGHT, "RESTRICTED", "restricted", "restreint"),
			AccessRegime.SELFDATA, new Concept(ACCESS_RIGHT, "NON_PUBLIC", "non-public", "non public"));

	/** MIME type → EU file type code (and label). */
	private static final Map<String, String[]> FILE_TYPES = Map.ofEntries(
			Map.entry("text/csv", new String[] { "CSV", "CSV" }),
			Map.entry("application/json", new String[] { "JSON", "JSON" }),
			Map.entry("application/geo+json", new String[] { "GEOJSON", "GeoJSON" }),
			Map.entry("application/vnd.geo+json", new String[] { "GEOJSON", "GeoJSON" }),
			Map.entry("application/xml", new String[] { "XML", "XML" }),
			Map.entry("text/xml", new String[] { "XML", "XML" }),
			Map.entry("application/pdf", new String[] { "PDF", "PDF" }),
			Map.entry("application/zip", new String[] { "ZIP", "ZIP" }),
			Map.entry("application/vnd.ms-excel", new String[] { "XLS", "Excel XLS" }),
			Map.entry("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
					new String[] { "XLSX", "Excel XLSX" }),
			Map.entry("application/vnd.oasis.opendocument.spreadsheet", new String[] { "ODS", "ODS" }),
			Map.entry("text/plain", new String[] { "TXT", "Text" }),
			Map.entry("text/html", new String[] { "HTML", "HTML" }),
			Map.entry("image/png", new String[] { "PNG", "PNG" }),
			Map.entry("image/jpeg", new String[] { "JPEG", "JPEG" }),
			Map.entry("image/tiff", new String[] { "TIFF", "TIFF" }),
			Map.entry("application/vnd.google-earth.kml+xml", new String[] { "KML", "KML" }),
			Map.entry("application/vnd.google-earth.kmz", new String[] { "KMZ", "KMZ" }),
			Map.entry("application/gml+xml", new String[] { "GML", "GML" }),
			Map.entry("application/x-shapefile", new String[] { "SHP", "ESRI Shapefile" }),
			Map.entry("application/geopackage+sqlite3", new String[] { "GPKG", "GeoPackage" }),
			Map.entry("application/ld+json", new String[] { "JSON_LD", "JSON-LD" }),
			Map.entry("text/turtle", new String[] { "RDF_TURTLE", "RDF Turtle" }),
			Map.entry("application/rdf+xml", new String[] { "RDF_XML", "RDF/XML" }),
			Map.entry("application/x-netcdf", new String[] { "NETCDF", "NetCDF" }),
			Map.entry("application/octet-stream", new String[] { "BIN", "Binary data" }));

	/** ISO 639-1 (what RUDI uses) → the EU language table's codes. */
	private static final Map<String, String[]> LANGUAGES = Map.of(
			"fr", new String[] { "FRA", "French", "français" },
			"en", new String[] { "ENG", "English", "anglais" },
			"de", new String[] { "DEU", "German", "allemand" },
			"es", new String[] { "SPA", "Spanish", "espagnol" },
			"it", new String[] { "ITA", "Italian", "italien" },
			"br", new String[] { "BRE", "Breton", "breton" },
			"nl", new String[] { "NLD", "Dutch", "néerlandais" },
			"pt", new String[] { "POR", "Portuguese", "portugais" });

	private EuVocabularies() {
	}

	/** The EU data themes of a RUDI theme code (none for an unknown one). */
	public static List<Concept> themes(String rudiTheme) {
		return rudiTheme == null ? List.of() : THEMES.getOrDefault(rudiTheme, List.of());
	}

	/**
	 * The RUDI theme of an EU data theme, given as its URI ({@code …/data-theme/TRAN}) or its code ({@code TRAN}), or
	 * null when the EU theme has none (or is no EU data theme).
	 */
	public static String rudiTheme(String euTheme) {
		if (euTheme == null) {
			return null;
		}
		String value = euTheme.strip();
		String code = value.contains("/") ? value.substring(value.lastIndexOf('/') + 1) : value;
		boolean inScheme = !value.contains("/") || value.replaceFirst("^https:", "http:").startsWith(DATA_THEME + "/");
		return inScheme ? THEMES_BACK.get(code.toUpperCase(Locale.ROOT)) : null;
	}

	public static Concept accessRight(AccessRegime regime) {
		return ACCESS.get(regime);
	}

	/** The EU file type of a MIME type (parameters ignored), or null when the table has none for it. */
	public static Concept fileType(String mimeType) {
		String[] type = mimeType == null ? null : FILE_TYPES.get(bare(mimeType));
		return type == null ? null : new Concept(FILE_TYPE, type[0], type[1], type[1]);
	}

	/** A MIME type without its parameters, in lower case. */
	public static String bare(String mimeType) {
		int semicolon = mimeType.indexOf(';');
		return (semicolon < 0 ? mimeType : mimeType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
	}

	/** The MIME types whose EU file type code is {@code code} (e.g. JSON), for a CKAN {@code res_format} filter. */
	public static List<String> mimeTypesOf(String code) {
		return FILE_TYPES.entrySet().stream().filter(e -> e.getValue()[0].equalsIgnoreCase(code))
				.map(Map.Entry::getKey).sorted().toList();
	}

	public static Concept language(String iso6391) {
		String[] language = iso6391 == null ? null : LANGUAGES.get(iso6391.toLowerCase(Locale.ROOT));
		return language == null ? null : new Concept(LANGUAGE, language[0], language[1], language[2]);
	}

	/** The label of an EU table, for its {@code skos:ConceptScheme}. */
	static String schemeTitle(String scheme) {
		return switch (scheme) {
			case DATA_THEME -> "Data theme";
			case ACCESS_RIGHT -> "Access right";
			case FILE_TYPE -> "File type";
			case LANGUAGE -> "Language";
			default -> scheme;
		};
	}
}
