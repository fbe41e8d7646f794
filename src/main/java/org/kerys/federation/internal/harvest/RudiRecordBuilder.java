package org.kerys.federation.internal.harvest;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.kerys.federation.internal.dcat.EuVocabularies;
import org.kerys.federation.internal.harvest.RemoteCatalogue.HarvestFailure;
import org.kerys.federation.internal.outbound.OutboundHttp;
import org.kerys.federation.internal.outbound.OutboundRefused;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the RUDI metadata (producer API 1.4.0) of one harvested dataset from what its source says, the same way for
 * every kind of source: each reader feeds it what it read, and it decides the RUDI shape, the vocabularies (themes,
 * licences, languages, MIME types) and the defaults, so that what comes out passes the catalogue's strict validation.
 * The mapping is documented in {@code docs/harvesting.md}.
 */
public final class RudiRecordBuilder {

	public static final String API_VERSION = "1.4.0";
	static final int TITLE_MAX = 150;
	static final int SYNOPSIS_MAX = 300;
	/** When nothing the source says names a theme (RUDI requires one): the public sector's catch-all. */
	public static final String DEFAULT_THEME = "citizenship";

	private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
	private static final JsonMapper JSON = JsonMapper.builder().build();
	private static final Pattern EMAIL = Pattern.compile("^[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+$");
	private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?(?:[eE][-+]?\\d+)?");
	private static final Pattern TAGS = Pattern.compile("<[^>]*>");
	private static final Pattern HEX = Pattern.compile("^[0-9a-fA-F]+$");

	/** The languages RUDI's {@code Language} enumeration has without a country. */
	private static final Set<String> LANGUAGES = Set.of("cs", "da", "de", "en", "el", "es", "fr", "hu", "it", "no",
			"pl", "pt", "ro", "ru", "sk");

	/** RUDI's {@code MediaType} enumeration (without the +crypt forms): what a FILE media may say it is. */
	private static final Set<String> RUDI_MIME_TYPES = Set.of("application/x-executable", "application/graphql",
			"application/javascript", "application/json", "application/ld+json", "application/msword",
			"application/pdf", "application/sql", "application/vnd.api+json", "application/vnd.ms-excel",
			"application/vnd.ms-powerpoint", "application/vnd.oasis.opendocument.text",
			"application/vnd.openxmlformats-officedocument.presentationml.presentation",
			"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
			"application/vnd.openxmlformats-officedocument.wordprocessingml.document",
			"application/x-www-form-urlencoded", "application/xml", "application/zip", "application/zstd",
			"audio/mpeg", "audio/ogg", "image/gif", "image/apng", "image/flif", "image/webp", "image/x-mng", "image/jpeg",
			"image/png", "multipart/form-data", "text/css", "text/csv", "text/html", "text/php", "text/plain",
			"text/xml", "text/x-yaml");

	/** Short format names (CKAN {@code format}, file extensions) the EU file-type table does not know. */
	private static final Map<String, String> FORMATS = Map.of("XLS", "application/vnd.ms-excel", "XLSX",
			"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "GEOJSON", "application/geo+json",
			"SHP", "application/x-shapefile", "TXT", "text/plain", "YAML", "text/x-yaml", "ODS",
			"application/vnd.oasis.opendocument.spreadsheet", "DOCX",
			"application/vnd.openxmlformats-officedocument.wordprocessingml.document");

	/** Protocols a link may be (a CKAN format, a DCAT conformsTo): they become the connector's interface contract. */
	private static final Set<String> SERVICES = Set.of("wms", "wfs", "wmts", "wcs", "api", "sparql", "ogc api");

	/**
	 * Theme words (folded: lower case, no accents) → RUDI theme: the French and English labels of the RUDI themes, and
	 * the words catalogues use for them (CKAN groups, Opendatasoft themes).
	 */
	private static final Map<String, String> THEME_WORDS = themeWords();

	/**
	 * Licences of the RUDI vocabulary ({@code licences.json}): their code, and the identifiers, titles and URIs other
	 * catalogues give them (CKAN ids, Opendatasoft titles, EU licence table, SPDX). Folded like theme words; URIs
	 * without scheme, {@code www.} and trailing slash.
	 */
	private static final Map<String, String> LICENCES = licences();
	private static final Map<String, String> LICENCE_URIS = Map.of("odbl-1.0",
			"https://opendatacommons.org/licenses/odbl/1-0", "etalab-1.0",
			"https://www.etalab.gouv.fr/wp-content/uploads/2014/05/Licence_Ouverte.pdf", "etalab-2.0",
			"https://www.etalab.gouv.fr/wp-content/uploads/2017/04/ETALAB-Licence-Ouverte-v2.0.pdf", "cc-by-nd-4.0",
			"https://creativecommons.org/licenses/by-nd/4.0/", "public-domain-cc0",
			"https://creativecommons.org/share-your-work/public-domain/cc0/", "apache-2.0",
			"https://opensource.org/licenses/Apache-2.0", "mit", "https://opensource.org/licenses/MIT", "gpl-3.0",
			"https://www.gnu.org/licenses/gpl-3.0.en.html");

	/** A text in a language (an ISO 639-1 code, or null when the source does not say). */
	public record Text(String lang, String text) {
	}

	/** A way to reach the data that the source lists (a CKAN resource, a DCAT distribution, an export). */
	public record Link(String name, String url, String format, String caption, Long size, String checksum,
			OffsetDateTime created, OffsetDateTime updated) {

		public static Link of(String name, String url, String format) {
			return new Link(name, url, format, null, null, null, null, null);
		}
	}

	/** The record cannot be mapped to valid RUDI metadata; the message says why (the entry's problem). */
	public static final class Unmappable extends Exception {

		public Unmappable(String message) {
			super(message);
		}
	}

	private final String source;
	private final String remoteId;
	private final String sourcePage;
	private String title;
	private String localId;
	private final List<Text> descriptions = new ArrayList<>();
	private final List<String> themes = new ArrayList<>();
	private final Set<String> keywords = new LinkedHashSet<>();
	private final Set<String> languages = new LinkedHashSet<>();
	private String licenceId;
	private String licenceUri;
	private String licenceTitle;
	private OffsetDateTime created;
	private OffsetDateTime updated;
	private OffsetDateTime published;
	private OffsetDateTime metadataCreated;
	private OffsetDateTime metadataUpdated;
	private OffsetDateTime temporalStart;
	private OffsetDateTime temporalEnd;
	private double[] box;
	private final Map<String, ObjectNode> contacts = new LinkedHashMap<>();
	private final List<Link> links = new ArrayList<>();
	private boolean restricted;
	private final List<String> accessConstraints = new ArrayList<>();
	private Long records;
	private Long fields;

	/**
	 * @param source the harvested source's URL (its identifiers are derived from it, so that they are stable)
	 * @param remoteId the dataset's identifier in the source
	 * @param sourcePage the dataset's page at the source (its {@code metadata_source}); null when unknown
	 */
	public RudiRecordBuilder(String source, String remoteId, String sourcePage) {
		this.source = source;
		this.remoteId = remoteId;
		this.sourcePage = isAbsoluteUri(sourcePage) ? sourcePage : null;
	}

	public RudiRecordBuilder title(String value) {
		if (title == null && !blank(value)) {
			title = clean(value);
		}
		return this;
	}

	public RudiRecordBuilder localId(String value) {
		localId = blank(value) ? localId : value.strip();
		return this;
	}

	/** A description (HTML tags are removed); one per language. */
	public RudiRecordBuilder description(String lang, String text) {
		if (!blank(text)) {
			String language = languageOf(lang);
			if (descriptions.stream().noneMatch(d -> java.util.Objects.equals(d.lang(), language))) {
				descriptions.add(new Text(language, plain(text)));
			}
		}
		return this;
	}

	/** Something the source says of the dataset's theme: a RUDI code or label, an EU data theme, a group's name. */
	public RudiRecordBuilder theme(String candidate) {
		if (!blank(candidate)) {
			themes.add(candidate.strip());
		}
		return this;
	}

	public RudiRecordBuilder keyword(String value) {
		if (!blank(value)) {
			keywords.add(clean(value));
		}
		return this;
	}

	/** A language of the data, as an ISO 639 code, a language tag or an EU language URI; others are dropped. */
	public RudiRecordBuilder language(String value) {
		String language = languageOf(value);
		if (language != null) {
			languages.add(language);
		}
		return this;
	}

	/** The licence as the source gives it: an identifier, a URI, a title (any may be null). */
	public RudiRecordBuilder licence(String id, String uri, String title) {
		if (licenceId == null && licenceUri == null && licenceTitle == null) {
			licenceId = blank(id) ? null : id.strip();
			licenceUri = blank(uri) ? null : uri.strip();
			licenceTitle = blank(title) ? null : clean(title);
		}
		return this;
	}

	public RudiRecordBuilder created(String value) {
		created = created != null ? created : time(value);
		return this;
	}

	public RudiRecordBuilder updated(String value) {
		updated = updated != null ? updated : time(value);
		return this;
	}

	public RudiRecordBuilder published(String value) {
		published = published != null ? published : time(value);
		return this;
	}

	/** When the source created and last changed its record of the dataset (its metadata, not the data). */
	public RudiRecordBuilder metadataDates(String createdAt, String updatedAt) {
		metadataCreated = metadataCreated != null ? metadataCreated : time(createdAt);
		metadataUpdated = metadataUpdated != null ? metadataUpdated : time(updatedAt);
		return this;
	}

	public RudiRecordBuilder temporal(String start, String end) {
		if (temporalStart == null) {
			temporalStart = time(start);
			temporalEnd = temporalStart == null ? null : time(end);
		}
		return this;
	}

	/** A geometry as GeoJSON (text or object), or WKT; its bounding box becomes the dataset's (first one wins). */
	public RudiRecordBuilder geometry(Object geometry) {
		if (box == null && geometry != null) {
			box = boundingBox(geometry);
		}
		return this;
	}

	/** A contact: kept only with a well-formed email (RUDI requires one); the first of an email wins. */
	public RudiRecordBuilder contact(String name, String email, String organization, String role) {
		String address = email == null ? null : email.strip().replaceFirst("(?i)^mailto:", "");
		if (address == null || !EMAIL.matcher(address).matches() || contacts.containsKey(address.toLowerCase(Locale.ROOT))) {
			return this;
		}
		ObjectNode contact = NODES.objectNode();
		contact.put("contact_id", uuid("contact", address.toLowerCase(Locale.ROOT)).toString());
		contact.put("contact_name", blank(name) ? (blank(organization) ? address : clean(organization)) : clean(name));
		contact.put("email", address);
		if (!blank(organization)) {
			contact.put("organization_name", clean(organization));
		}
		if (!blank(role)) {
			contact.put("role", role);
		}
		contacts.put(address.toLowerCase(Locale.ROOT), contact);
		return this;
	}

	public RudiRecordBuilder link(Link link) {
		if (link != null && isAbsoluteUri(link.url())) {
			links.add(link);
		}
		return this;
	}

	/** The source says the data is not public (its access rights). */
	public RudiRecordBuilder restricted(String constraint) {
		restricted = true;
		if (!blank(constraint)) {
			accessConstraints.add(clean(constraint));
		}
		return this;
	}

	public RudiRecordBuilder size(Long recordCount, Long fieldCount) {
		records = recordCount != null && recordCount >= 0 ? recordCount : null;
		fields = fieldCount != null && fieldCount >= 0 ? fieldCount : null;
		return this;
	}

	/**
	 * Reads one page of a source (the readers' only way to call one): an answer that is not a 2xx, or no answer, is a
	 * {@link HarvestFailure} saying so.
	 */
	public static byte[] fetch(OutboundHttp http, URI uri, String accept, boolean allowPrivateNetwork)
			throws HarvestFailure {
		OutboundHttp.Response response;
		try {
			response = http.get(uri, Map.of("Accept", accept, "User-Agent", "Kerys harvester"), allowPrivateNetwork);
		}
		catch (OutboundRefused e) {
			throw new HarvestFailure(e.getMessage(), e);
		}
		if (!response.successful()) {
			String body = new String(response.body(), 0, Math.min(200, response.body().length), StandardCharsets.UTF_8);
			throw new HarvestFailure("The source answered " + response.status() + " to " + response.uri()
					+ (body.isBlank() ? "" : ": " + clean(body.replaceAll("\\s+", " "))));
		}
		return response.body();
	}

	/** An answer read as JSON; anything else is a {@link HarvestFailure}. */
	public static JsonNode json(byte[] body, URI uri) throws HarvestFailure {
		try {
			JsonNode answer = JSON.readTree(body);
			if (answer == null || !answer.isObject()) {
				throw new HarvestFailure("Not a JSON object from " + uri + ".");
			}
			return answer;
		}
		catch (JacksonException e) {
			throw new HarvestFailure("Not JSON from " + uri + ": " + e.getOriginalMessage());
		}
	}

	/** The offset a cursor of an offset-paged source (CKAN, Opendatasoft) stands for; null is the first page. */
	public static int offset(String cursor) throws HarvestFailure {
		if (cursor == null) {
			return 0;
		}
		if (!cursor.matches("\\d{1,9}")) {
			throw new HarvestFailure("Not a cursor of this source: " + cursor);
		}
		return Integer.parseInt(cursor);
	}

	/**
	 * The cursor after a page of an offset-paged source, checking the page against the total the source announced:
	 * an empty or short page before that total is a {@link HarvestFailure}.
	 *
	 * @param what what the source lists (packages, datasets), for the message
	 */
	public static String nextOffset(long offset, int delivered, int pageSize, long total, String what, URI uri)
			throws HarvestFailure {
		long reached = offset + delivered;
		if (delivered == 0 && offset < total) {
			throw new HarvestFailure("The source announced " + total + " " + what + " but its page from " + offset
					+ " is empty (" + uri + ").");
		}
		if (delivered < pageSize && reached < total) {
			throw new HarvestFailure("The source announced " + total + " " + what + " but delivered only " + reached
					+ " (the page from " + offset + " ended early: " + uri + ").");
		}
		return reached < total ? Long.toString(reached) : null;
	}

	/** The RUDI metadata, without {@code global_id} and {@code producer} (the harvest engine sets them). */
	public ObjectNode build() throws Unmappable {
		if (title == null) {
			throw new Unmappable("no title");
		}
		if (links.isEmpty()) {
			throw new Unmappable("no resource, distribution or export to link to (RUDI needs at least one media)");
		}
		OffsetDateTime createdAt = first(created, metadataCreated, updated, metadataUpdated);
		OffsetDateTime updatedAt = first(updated, metadataUpdated, created, metadataCreated);
		if (createdAt == null) {
			throw new Unmappable("no date (neither created nor modified)");
		}
		ObjectNode m = NODES.objectNode();
		if (localId != null) {
			m.put("local_id", localId);
		}
		m.put("resource_title", shorten(title, TITLE_MAX));
		String mainLanguage = languages.isEmpty() ? "fr" : languages.iterator().next();
		List<Text> texts = descriptions.isEmpty() ? List.of(new Text(null, title)) : descriptions;
		ArrayNode synopsis = m.putArray("synopsis");
		ArrayNode summary = m.putArray("summary");
		for (Text text : texts) {
			String lang = text.lang() != null ? text.lang() : mainLanguage;
			synopsis.addObject().put("lang", lang).put("text", shorten(firstParagraph(text.text()), SYNOPSIS_MAX));
			summary.addObject().put("lang", lang).put("text", text.text());
		}
		m.put("theme", resolveTheme());
		ArrayNode keywordList = m.putArray("keywords");
		keywords.forEach(keywordList::add);
		ArrayNode contactList = m.putArray("contacts");
		contacts.values().forEach(contactList::add);
		ArrayNode media = m.putArray("available_formats");
		Set<String> seen = new LinkedHashSet<>();
		for (Link link : links) {
			if (seen.add(link.url())) {
				media.add(media(link));
			}
		}
		if (!languages.isEmpty()) {
			ArrayNode list = m.putArray("resource_languages");
			languages.forEach(list::add);
		}
		if (temporalStart != null) {
			ObjectNode temporal = m.putObject("temporal_spread").put("start_date", temporalStart.toString());
			if (temporalEnd != null && !temporalEnd.isBefore(temporalStart)) {
				temporal.put("end_date", temporalEnd.toString());
			}
		}
		if (box != null) {
			m.putObject("geography").putObject("bounding_box").put("west_longitude", box[0])
					.put("south_latitude", box[1]).put("east_longitude", box[2]).put("north_latitude", box[3]);
		}
		if (records != null || fields != null) {
			ObjectNode size = m.putObject("dataset_size");
			if (records != null) {
				size.put("numbers_of_records", records);
			}
			if (fields != null) {
				size.put("number_of_fields", fields);
			}
		}
		ObjectNode dates = m.putObject("dataset_dates").put("created", createdAt.toString()).put("updated",
				updatedAt.toString());
		if (published != null) {
			dates.put("published", published.toString());
		}
		m.put("storage_status", "online");
		ObjectNode access = m.putObject("access_condition");
		access.putObject("confidentiality").put("restricted_access", restricted).put("gdpr_sensitive", false);
		access.set("licence", licenceNode(mainLanguage));
		if (!accessConstraints.isEmpty()) {
			ArrayNode constraints = access.putArray("access_constraint");
			accessConstraints.forEach(text -> constraints.addObject().put("lang", mainLanguage).put("text", text));
		}
		ObjectNode info = m.putObject("metadata_info").put("api_version", API_VERSION);
		if (metadataCreated != null || metadataUpdated != null) {
			info.putObject("metadata_dates").put("created", first(metadataCreated, metadataUpdated).toString())
					.put("updated", first(metadataUpdated, metadataCreated).toString());
		}
		if (sourcePage != null) {
			info.put("metadata_source", sourcePage);
		}
		return m;
	}

	private String resolveTheme() {
		for (String candidate : themes) {
			String theme = themeOf(candidate);
			if (theme != null) {
				return theme;
			}
		}
		return DEFAULT_THEME;
	}

	/** The RUDI theme of a RUDI code, an EU data theme (URI or code), a RUDI label or a theme word; else null. */
	public static String themeOf(String candidate) {
		if (blank(candidate)) {
			return null;
		}
		String value = candidate.strip();
		if (THEME_WORDS.containsValue(value)) {
			return value;
		}
		String eu = EuVocabularies.rudiTheme(value);
		if (eu != null) {
			return eu;
		}
		String folded = fold(value.contains("/") && isAbsoluteUri(value)
				? value.substring(value.replaceAll("/+$", "").lastIndexOf('/') + 1).replaceAll("/+$", "") : value);
		String found = THEME_WORDS.get(folded);
		if (found != null) {
			return found;
		}
		for (String part : folded.split("\\s*(?:,|/|&|;|\\bet\\b|\\band\\b|-)\\s*")) {
			found = THEME_WORDS.get(part.strip());
			if (found != null) {
				return found;
			}
		}
		return null;
	}

	private ObjectNode licenceNode(String lang) {
		String code = licenceCode(licenceId, licenceUri, licenceTitle);
		ObjectNode licence = NODES.objectNode();
		if (code != null) {
			return licence.put("licence_type", "STANDARD").put("licence_label", code);
		}
		String label = licenceTitle != null ? licenceTitle
				: licenceId != null && !"notspecified".equalsIgnoreCase(licenceId) ? licenceId
						: licenceUri != null ? licenceUri
								: "fr".equals(lang) ? "Licence non précisée par la source"
										: "Licence not specified by the source";
		String uri = isAbsoluteUri(licenceUri) ? licenceUri : isAbsoluteUri(licenceId) ? licenceId : sourcePage;
		if (uri == null) {
			uri = source;
		}
		licence.put("licence_type", "CUSTOM");
		licence.putArray("custom_licence_label").addObject().put("lang", lang).put("text", label);
		licence.put("custom_licence_uri", uri);
		return licence;
	}

	/** The code of a licence of the RUDI vocabulary that one of these names, or null. */
	public static String licenceCode(String... candidates) {
		for (String candidate : candidates) {
			if (blank(candidate)) {
				continue;
			}
			String key = isAbsoluteUri(candidate) ? uriKey(candidate) : fold(candidate);
			String code = LICENCES.get(key);
			if (code != null) {
				return code;
			}
		}
		return null;
	}

	/** The URI of a licence of the RUDI vocabulary. */
	public static String licenceUri(String code) {
		return LICENCE_URIS.get(code);
	}

	private ObjectNode media(Link link) {
		ObjectNode media = NODES.objectNode();
		String mime = mimeType(link.format(), link.url());
		String[] checksum = checksum(link.checksum());
		boolean file = mime != null && RUDI_MIME_TYPES.contains(mime) && link.size() != null && link.size() >= 0
				&& checksum != null;
		String protocol = link.format() == null ? null : link.format().strip().toLowerCase(Locale.ROOT);
		media.put("media_type", file ? "FILE" : "SERVICE");
		media.put("media_id", uuid("media", link.url()).toString());
		media.put("media_name", shorten(blank(link.name()) ? lastSegment(link.url()) : clean(link.name()), 250));
		String caption = blank(link.caption()) ? null : plain(link.caption());
		if (!file) {
			// RUDI's link form (SERVICE) has no file_type or file_size: the format and size go into the caption.
			String format = formatLabel(link.format(), mime);
			String facts = join(format, link.size() == null ? null : link.size() + " octets");
			caption = caption == null ? facts : facts == null ? caption : caption + " (" + facts + ")";
		}
		if (caption != null) {
			media.put("media_caption", caption);
		}
		if (link.created() != null || link.updated() != null) {
			media.putObject("media_dates").put("created", first(link.created(), link.updated()).toString())
					.put("updated", first(link.updated(), link.created()).toString());
		}
		ObjectNode connector = media.putObject("connector").put("url", link.url());
		connector.put("interface_contract", protocol != null && SERVICES.contains(protocol) ? protocol : "dwnl");
		if (file) {
			media.put("file_type", mime);
			media.put("file_size", link.size());
			media.putObject("checksum").put("algo", checksum[0]).put("hash", checksum[1]);
		}
		return media;
	}

	/** The MIME type of a format (a MIME type, an IANA URI, an EU file-type URI or code, a short name), or null. */
	public static String mimeType(String format, String url) {
		String value = format == null ? "" : format.strip();
		if (value.startsWith("http://") || value.startsWith("https://")) {
			int media = value.indexOf("/media-types/");
			if (media >= 0) {
				return EuVocabularies.bare(value.substring(media + "/media-types/".length()));
			}
			value = value.substring(value.replaceAll("/+$", "").lastIndexOf('/') + 1);
		}
		if (value.contains("/")) {
			return EuVocabularies.bare(value);
		}
		String code = value.toUpperCase(Locale.ROOT);
		if (code.isEmpty() && url != null) {
			String path = URI.create(url).getPath();
			int dot = path == null ? -1 : path.lastIndexOf('.');
			code = dot < 0 ? "" : path.substring(dot + 1).toUpperCase(Locale.ROOT);
		}
		if (code.isEmpty()) {
			return null;
		}
		if (FORMATS.containsKey(code)) {
			return FORMATS.get(code);
		}
		List<String> types = EuVocabularies.mimeTypesOf(code);
		return types.isEmpty() ? null : types.get(0);
	}

	private static String formatLabel(String format, String mime) {
		if (mime != null) {
			EuVocabularies.Concept type = EuVocabularies.fileType(mime);
			return (type != null ? type.labelEn() + ", " : "") + mime;
		}
		return blank(format) ? null : format.strip();
	}

	/** {algorithm, hash} of a checksum given as hex (its length says MD5, SHA-256, SHA-512) or {@code algo:hex}. */
	private static String[] checksum(String value) {
		if (blank(value)) {
			return null;
		}
		String hash = value.strip();
		int colon = hash.indexOf(':');
		if (colon > 0) {
			hash = hash.substring(colon + 1);
		}
		if (!HEX.matcher(hash).matches()) {
			return null;
		}
		return switch (hash.length()) {
			case 32 -> new String[] { "MD5", hash.toLowerCase(Locale.ROOT) };
			case 64 -> new String[] { "SHA-256", hash.toLowerCase(Locale.ROOT) };
			case 128 -> new String[] { "SHA-512", hash.toLowerCase(Locale.ROOT) };
			default -> null;
		};
	}

	/** A stable identifier for something of this dataset, the same from one harvest to the next. */
	private UUID uuid(String kind, String key) {
		return UUID.nameUUIDFromBytes((source + "\n" + remoteId + "\n" + kind + "\n" + key).getBytes(StandardCharsets.UTF_8));
	}

	/** A RUDI language (ISO 639-1 in RUDI's list) from a code, a tag (fr-FR) or an EU language URI; else null. */
	public static String languageOf(String value) {
		if (blank(value)) {
			return null;
		}
		String v = value.strip();
		if (v.contains("/")) {
			String code = v.substring(v.lastIndexOf('/') + 1);
			return LANGUAGES.stream().filter(l -> {
				EuVocabularies.Concept concept = EuVocabularies.language(l);
				return concept != null && concept.code().equalsIgnoreCase(code);
			}).findFirst().orElse(null);
		}
		String code = v.toLowerCase(Locale.ROOT).split("[-_]")[0];
		return LANGUAGES.contains(code) ? code : null;
	}

	/** A date or date-time in the forms catalogues write (with or without zone; a date is its start, UTC). */
	public static OffsetDateTime time(String value) {
		if (blank(value)) {
			return null;
		}
		String v = value.strip();
		try {
			return OffsetDateTime.parse(v);
		}
		catch (DateTimeParseException e) {
			// next form
		}
		try {
			return Instant.parse(v).atOffset(ZoneOffset.UTC);
		}
		catch (DateTimeParseException e) {
			// next form
		}
		try {
			return LocalDateTime.parse(v).atOffset(ZoneOffset.UTC);
		}
		catch (DateTimeParseException e) {
			// next form
		}
		try {
			return LocalDate.parse(v.length() > 10 ? v.substring(0, 10) : v).atStartOfDay().atOffset(ZoneOffset.UTC);
		}
		catch (DateTimeParseException e) {
			return v.matches("\\d{4}") ? LocalDate.of(Integer.parseInt(v), 1, 1).atStartOfDay().atOffset(ZoneOffset.UTC)
					: null;
		}
	}

	/** {west, south, east, north} of a GeoJSON geometry (text or node) or a WKT literal, or null when unreadable. */
	static double[] boundingBox(Object geometry) {
		List<Double> numbers = new ArrayList<>();
		if (geometry instanceof JsonNode node) {
			collect(node, numbers);
		}
		else {
			String text = geometry.toString().strip();
			if (text.startsWith("{")) {
				try {
					collect(JSON.readTree(text), numbers);
				}
				catch (JacksonException e) {
					return null;
				}
			}
			else {
				Matcher matcher = NUMBER.matcher(text.replaceFirst("^<[^>]*>\\s*", "").replaceFirst("^[^(]*", ""));
				while (matcher.find()) {
					numbers.add(Double.valueOf(matcher.group()));
				}
			}
		}
		if (numbers.size() < 2 || numbers.size() % 2 != 0) {
			return null;
		}
		double west = 180, south = 90, east = -180, north = -90;
		for (int i = 0; i < numbers.size(); i += 2) {
			double lon = numbers.get(i);
			double lat = numbers.get(i + 1);
			if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
				return null; // not WGS 84 (a projected CRS): no box rather than a wrong one
			}
			west = Math.min(west, lon);
			east = Math.max(east, lon);
			south = Math.min(south, lat);
			north = Math.max(north, lat);
		}
		return new double[] { west, south, east, north };
	}

	/** The positions of a GeoJSON object (geometry, feature, collection), two numbers each. */
	private static void collect(JsonNode node, List<Double> numbers) {
		if (node.has("coordinates")) {
			flatten(node.get("coordinates"), numbers);
		}
		for (String member : List.of("geometry", "geometries", "features")) {
			JsonNode child = node.get(member);
			if (child != null && child.isObject()) {
				collect(child, numbers);
			}
			else if (child != null && child.isArray()) {
				child.forEach(c -> collect(c, numbers));
			}
		}
	}

	private static void flatten(JsonNode coordinates, List<Double> numbers) {
		if (coordinates.isArray() && coordinates.size() >= 2 && coordinates.get(0).isNumber()) {
			numbers.add(coordinates.get(0).asDouble());
			numbers.add(coordinates.get(1).asDouble());
		}
		else if (coordinates.isArray()) {
			coordinates.forEach(c -> flatten(c, numbers));
		}
	}

	/** Text without HTML tags and the forbidden control characters, with the common entities decoded. */
	public static String plain(String html) {
		String text = TAGS.matcher(html.replaceAll("(?i)<br\\s*/?>|</p>|</li>", "\n")).replaceAll("");
		text = text.replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
				.replace("&#39;", "'").replace("&apos;", "'").replace("&amp;", "&");
		return clean(text.replaceAll("[ \\t]+\\n", "\n").replaceAll("\\n{3,}", "\n\n"));
	}

	private static String clean(String text) {
		return text.replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F\\uFFFE\\uFFFF]", "").strip();
	}

	private static String firstParagraph(String text) {
		int end = text.indexOf("\n\n");
		return (end > 0 ? text.substring(0, end) : text).strip();
	}

	static String shorten(String text, int max) {
		if (text.length() <= max) {
			return text;
		}
		String cut = text.substring(0, max - 1);
		int space = cut.lastIndexOf(' ');
		return (space > max / 2 ? cut.substring(0, space) : cut).strip() + "…";
	}

	private static String lastSegment(String url) {
		String path = URI.create(url).getPath();
		String segment = path == null ? "" : path.replaceAll("/+$", "");
		segment = segment.substring(segment.lastIndexOf('/') + 1);
		return segment.isEmpty() ? url : segment;
	}

	private static String join(String a, String b) {
		return a == null ? b : b == null ? a : a + ", " + b;
	}

	@SafeVarargs
	private static <T> T first(T... values) {
		for (T value : values) {
			if (value != null) {
				return value;
			}
		}
		return null;
	}

	public static boolean blank(String value) {
		return value == null || value.isBlank();
	}

	public static boolean isAbsoluteUri(String value) {
		if (blank(value)) {
			return false;
		}
		try {
			URI uri = new URI(value.strip());
			return uri.isAbsolute() && uri.getScheme() != null
					&& (uri.getScheme().equalsIgnoreCase("http") || uri.getScheme().equalsIgnoreCase("https"));
		}
		catch (URISyntaxException e) {
			return false;
		}
	}

	/** Lower case, no accents, single spaces. */
	static String fold(String text) {
		return Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT)
				.replaceAll("\\s+", " ").strip();
	}

	private static String uriKey(String uri) {
		return uri.strip().toLowerCase(Locale.ROOT).replaceFirst("^https?://", "").replaceFirst("^www\\.", "")
				.replaceAll("/+$", "");
	}

	private static Map<String, String> themeWords() {
		Map<String, String> words = new LinkedHashMap<>();
		Object[][] table = {
				{ "economy", "economie", "economy", "economie et finances", "finances", "finance", "emploi", "commerce",
						"entreprises", "economie, emploi", "budget" },
				{ "citizenship", "citoyennete", "citizenship", "administration", "gouvernement", "government",
						"institutions", "vie citoyenne", "elections", "collectivites", "services publics" },
				{ "energyNetworks", "reseaux, energie", "networks, energy", "energie", "energy", "reseaux", "networks" },
				{ "culture", "culture, sports, loisirs", "culture, sports, leisure", "culture", "sport", "sports",
						"loisirs", "leisure", "tourisme", "tourism", "patrimoine", "heritage" },
				{ "transportation", "mobilite, transport", "mobility, transportation", "transport", "transports",
						"transportation", "mobilite", "mobility", "deplacements", "mobilites" },
				{ "children", "enfance", "childhood", "children", "petite enfance", "jeunesse" },
				{ "environment", "environnement", "environment", "nature", "climat", "climate", "biodiversite",
						"dechets", "eau" },
				{ "townPlanning", "urbanisme", "urban planning", "town planning", "amenagement",
						"amenagement du territoire", "batiments" },
				{ "location", "referentiels geographiques", "geographical references", "geographie", "geography",
						"adresses", "cadastre", "limites administratives" },
				{ "education", "education", "enseignement", "formation", "recherche", "research" },
				{ "publicSpace", "espace public", "public space", "voirie", "espaces verts" },
				{ "health", "sante, securite", "health, safety", "sante", "health", "securite", "safety",
						"prevention" },
				{ "housing", "logement", "housing", "habitat" },
				{ "society", "social", "society", "societe", "solidarite", "solidarites", "population", "demographie",
						"population et societe" } };
		for (Object[] row : table) {
			for (int i = 1; i < row.length; i++) {
				words.putIfAbsent((String) row[i], (String) row[0]);
			}
		}
		return Map.copyOf(words);
	}

	private static Map<String, String> licences() {
		Map<String, String> names = new LinkedHashMap<>();
		Object[][] table = {
				{ "odbl-1.0", "odbl-1.0", "odc-odbl", "odbl", "open database license (odbl)",
						"open data commons open database license (odbl)", "licence odbl 1.0",
						"open data commons open database license 1.0", "opendatacommons.org/licenses/odbl",
						"opendatacommons.org/licenses/odbl/1-0", "opendatacommons.org/licenses/odbl/1.0",
						"publications.europa.eu/resource/authority/licence/odc_odbl", "spdx.org/licenses/odbl-1.0" },
				{ "etalab-2.0", "etalab-2.0", "lov2", "fr-lo-2.0", "licence ouverte v2.0", "licence ouverte v2.0 (etalab)",
						"licence ouverte / open licence version 2.0", "licence ouverte etalab v2.0",
						"etalab open license 2.0", "etalab.gouv.fr/wp-content/uploads/2017/04/etalab-licence-ouverte-v2.0.pdf",
						"etalab.gouv.fr/licence-ouverte-open-licence", "spdx.org/licenses/etalab-2.0" },
				{ "etalab-1.0", "etalab-1.0", "fr-lo", "licence ouverte", "licence ouverte (etalab)",
						"licence ouverte v1.0", "licence ouverte etalab v1.0", "etalab open license 1.0",
						"etalab.gouv.fr/wp-content/uploads/2014/05/licence_ouverte.pdf" },
				{ "public-domain-cc0", "public-domain-cc0", "cc-zero", "cc0", "cc0-1.0", "cc0 1.0", "domaine public",
						"public domain", "creative commons cczero", "creativecommons.org/publicdomain/zero/1.0",
						"creativecommons.org/share-your-work/public-domain/cc0",
						"publications.europa.eu/resource/authority/licence/cc0", "spdx.org/licenses/cc0-1.0" },
				{ "cc-by-nd-4.0", "cc-by-nd-4.0", "cc-by-nd", "cc by-nd 4.0", "creativecommons.org/licenses/by-nd/4.0",
						"publications.europa.eu/resource/authority/licence/cc_bynd_4_0", "spdx.org/licenses/cc-by-nd-4.0" },
				{ "apache-2.0", "apache-2.0", "apache license 2.0", "opensource.org/licenses/apache-2.0",
						"apache.org/licenses/license-2.0", "spdx.org/licenses/apache-2.0" },
				{ "mit", "mit", "mit license", "opensource.org/licenses/mit", "spdx.org/licenses/mit" },
				{ "gpl-3.0", "gpl-3.0", "gpl-3.0-only", "gnu.org/licenses/gpl-3.0.en.html", "gnu.org/licenses/gpl-3.0",
						"spdx.org/licenses/gpl-3.0" } };
		for (Object[] row : table) {
			for (int i = 1; i < row.length; i++) {
				names.putIfAbsent((String) row[i], (String) row[0]);
			}
		}
		return Map.copyOf(names);
	}
}
