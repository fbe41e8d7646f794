package org.kerys.federation.internal.dcat;

import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.rdf.model.Literal;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.ResourceFactory;
import org.apache.jena.vocabulary.DCTerms;
import org.apache.jena.sparql.vocabulary.FOAF;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.apache.jena.vocabulary.SKOS;
import org.kerys.catalog.AccessRegime;
import org.kerys.catalog.DatasetRecord;
import org.kerys.catalog.RudiJson;
import org.kerys.catalog.VocabularyTerm;
import tools.jackson.databind.JsonNode;

/**
 * Builds the DCAT-AP 3.0 description of datasets (and of a page of the catalogue) from their RUDI metadata. Every
 * value taken from a vocabulary is typed and placed in its EU scheme, so that the graph passes the official shapes
 * (core, ranges and controlled vocabularies) on its own.
 */
final class DcatGraph {

	static final String DCAT = "http://www.w3.org/ns/dcat#";
	static final String VCARD = "http://www.w3.org/2006/vcard/ns#";
	static final String SPDX = "http://spdx.org/rdf/terms#";
	static final String HYDRA = "http://www.w3.org/ns/hydra/core#";
	static final String GSP = "http://www.opengis.net/ont/geosparql#";
	static final String IANA = "https://www.iana.org/assignments/media-types/";
	static final String ODRL = "http://www.w3.org/ns/odrl/2/";

	private static final Pattern HEX = Pattern.compile("(?:[0-9a-fA-F]{2})+");
	private static final Pattern MIME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]*");
	private static final Pattern EMAIL = Pattern.compile("[^\\s<>\"@]+@[^\\s<>\"@]+");
	private static final Map<String, String> CHECKSUM_ALGORITHMS = Map.of("MD5", "checksumAlgorithm_md5", "SHA-1",
			"checksumAlgorithm_sha1", "SHA1", "checksumAlgorithm_sha1", "SHA-256", "checksumAlgorithm_sha256", "SHA256",
			"checksumAlgorithm_sha256", "SHA-512", "checksumAlgorithm_sha512", "SHA512", "checksumAlgorithm_sha512");

	private final Model model = ModelFactory.createDefaultModel();
	private final String base;
	private final Map<String, VocabularyTerm> licences;

	/**
	 * @param base the public address of Kerys, without a trailing slash
	 * @param licences the catalogue's licences by code (their URIs)
	 */
	DcatGraph(String base, Map<String, VocabularyTerm> licences) {
		this.base = base;
		this.licences = licences;
		model.setNsPrefix("dcat", DCAT);
		model.setNsPrefix("dct", DCTerms.NS);
		model.setNsPrefix("foaf", FOAF.NS);
		model.setNsPrefix("vcard", VCARD);
		model.setNsPrefix("skos", SKOS.uri);
		model.setNsPrefix("spdx", SPDX);
		model.setNsPrefix("hydra", HYDRA);
		model.setNsPrefix("xsd", XSDDatatype.XSD + "#");
		model.setNsPrefix("rdfs", RDFS.uri);
		model.setNsPrefix("odrl", ODRL);
	}

	Model model() {
		return model;
	}

	static Property dcat(String local) {
		return ResourceFactory.createProperty(DCAT, local);
	}

	private static Resource dcatClass(String local) {
		return ResourceFactory.createResource(DCAT + local);
	}

	static String datasetUri(String base, Object globalId) {
		return base + "/datasets/" + globalId + "#dataset";
	}

	static String catalogUri(String base) {
		return base + "/catalog";
	}

	/** The catalogue itself: title, publisher, home page, theme taxonomy; its datasets are added by {@link #dataset}. */
	Resource catalog(String title, String description, String publisherName) {
		Resource catalog = model.createResource(catalogUri(base), dcatClass("Catalog"));
		catalog.addProperty(DCTerms.title, title, "fr");
		catalog.addProperty(DCTerms.description, description, "fr");
		Resource publisher = model.createResource(base + "/#publisher", FOAF.Agent);
		publisher.addProperty(FOAF.name, publisherName);
		catalog.addProperty(DCTerms.publisher, publisher);
		catalog.addProperty(FOAF.homepage, model.createResource(base + "/", FOAF.Document));
		catalog.addProperty(DCTerms.language, concept(EuVocabularies.language("fr"), DCTerms.LinguisticSystem));
		catalog.addProperty(dcat("themeTaxonomy"), scheme(EuVocabularies.DATA_THEME));
		return catalog;
	}

	/** Describes one dataset (with its publisher, contacts and distributions) and returns it. */
	Resource dataset(DatasetRecord record) {
		JsonNode m = record.metadata();
		String id = record.globalId().toString();
		Resource dataset = model.createResource(datasetUri(base, id), dcatClass("Dataset"));
		String title = firstText(m.path("resource_title"));
		dataset.addProperty(DCTerms.title, title == null || title.isBlank() ? id : title, "fr");
		boolean described = false;
		JsonNode descriptions = m.path("summary").isMissingNode() || texts(m.path("summary")).isEmpty()
				? m.path("synopsis") : m.path("summary");
		for (String[] text : texts(descriptions)) {
			dataset.addProperty(DCTerms.description, text[1], text[0] == null ? "fr" : text[0]);
			described = true;
		}
		if (!described) {
			dataset.addProperty(DCTerms.description, title == null ? id : title, "fr");
		}
		dataset.addProperty(DCTerms.identifier, id);
		dataset.addProperty(dcat("landingPage"), model.createResource(base + "/datasets/" + id, FOAF.Document));
		for (JsonNode keyword : m.path("keywords")) {
			String text = RudiJson.text(keyword);
			if (text != null && !text.isBlank()) {
				dataset.addProperty(dcat("keyword"), text, "fr");
			}
		}
		for (EuVocabularies.Concept theme : EuVocabularies.themes(RudiJson.text(m.path("theme")))) {
			dataset.addProperty(dcat("theme"), concept(theme, SKOS.Concept));
		}
		Resource rights = concept(EuVocabularies.accessRight(record.regime()), DCTerms.RightsStatement);
		rights.addProperty(RDF.type, SKOS.Concept);
		dataset.addProperty(DCTerms.accessRights, rights);
		for (JsonNode language : m.path("resource_languages")) {
			EuVocabularies.Concept eu = EuVocabularies.language(RudiJson.text(language));
			if (eu != null) {
				dataset.addProperty(DCTerms.language, concept(eu, DCTerms.LinguisticSystem));
			}
		}
		dateTime(dataset, DCTerms.issued, RudiJson.time(m.path("dataset_dates").path("created")));
		OffsetDateTime modified = RudiJson.time(m.path("dataset_dates").path("updated"));
		dateTime(dataset, DCTerms.modified, modified != null ? modified : record.updatedAt());
		Resource producer = publisher(dataset, m.path("producer"));
		for (JsonNode contact : m.path("contacts")) {
			contact(dataset, contact);
		}
		temporal(dataset, m.path("temporal_spread"));
		spatial(dataset, m.path("geography").path("bounding_box"));
		Resource licence = licence(m.path("access_condition").path("licence"));
		int index = 0;
		for (JsonNode media : m.path("available_formats")) {
			if (media.isObject()) {
				Resource distribution = distribution(dataset, id, media, index++, licence);
				if (record.regime() == AccessRegime.RESTRICTED) {
					offer(distribution, producer);
				}
			}
		}
		return dataset;
	}

	private Resource publisher(Resource dataset, JsonNode producer) {
		String organization = RudiJson.text(producer.path("organization_id"));
		String name = RudiJson.text(producer.path("organization_name"));
		if (organization == null && name == null) {
			return null;
		}
		Resource agent = organization == null ? model.createResource(FOAF.Agent)
				: model.createResource(base + "/producers/" + organization + "#producer", FOAF.Agent);
		agent.addProperty(FOAF.name, name == null ? organization : name);
		if (organization != null) {
			agent.addProperty(DCTerms.identifier, organization);
		}
		dataset.addProperty(DCTerms.publisher, agent);
		return agent;
	}

	private void contact(Resource dataset, JsonNode contact) {
		String name = RudiJson.text(contact.path("contact_name"));
		String organization = RudiJson.text(contact.path("organization_name"));
		String email = RudiJson.text(contact.path("email"));
		if (name == null && email == null) {
			return;
		}
		Resource card = model.createResource(ResourceFactory.createResource(VCARD + "Kind"));
		card.addProperty(RDF.type, ResourceFactory.createResource(VCARD + "Organization"));
		card.addProperty(ResourceFactory.createProperty(VCARD, "fn"), name != null ? name : email);
		if (organization != null) {
			card.addProperty(ResourceFactory.createProperty(VCARD, "organization-name"), organization);
		}
		if (email != null && EMAIL.matcher(email.trim()).matches()) {
			card.addProperty(ResourceFactory.createProperty(VCARD, "hasEmail"),
					model.createResource("mailto:" + email.trim()));
		}
		dataset.addProperty(dcat("contactPoint"), card);
	}

	private void temporal(Resource dataset, JsonNode spread) {
		OffsetDateTime start = RudiJson.time(spread.path("start_date"));
		OffsetDateTime end = RudiJson.time(spread.path("end_date"));
		if (start == null && end == null) {
			return;
		}
		Resource period = model.createResource(DCTerms.PeriodOfTime);
		dateTime(period, dcat("startDate"), start);
		dateTime(period, dcat("endDate"), end);
		dataset.addProperty(DCTerms.temporal, period);
	}

	private void spatial(Resource dataset, JsonNode box) {
		if (!(box.path("west_longitude").isNumber() && box.path("south_latitude").isNumber()
				&& box.path("east_longitude").isNumber() && box.path("north_latitude").isNumber())) {
			return;
		}
		String w = box.path("west_longitude").asString(), s = box.path("south_latitude").asString(),
				e = box.path("east_longitude").asString(), n = box.path("north_latitude").asString();
		String wkt = "POLYGON((" + w + " " + s + ", " + e + " " + s + ", " + e + " " + n + ", " + w + " " + n + ", " + w
				+ " " + s + "))";
		Resource location = model.createResource(DCTerms.Location);
		location.addLiteral(dcat("bbox"), model.createTypedLiteral(wkt, GSP + "wktLiteral"));
		dataset.addProperty(DCTerms.spatial, location);
	}

	/** The licence as a {@code dct:LicenseDocument}: the URI of a standard licence, or the custom licence's. */
	private Resource licence(JsonNode licence) {
		String uri;
		String label;
		if ("CUSTOM".equals(RudiJson.text(licence.path("licence_type")))) {
			uri = RudiJson.text(licence.path("custom_licence_uri"));
			label = firstText(licence.path("custom_licence_label"));
		}
		else {
			VocabularyTerm term = licences.get(RudiJson.text(licence.path("licence_label")));
			uri = term == null ? null : term.uri();
			label = term == null ? null : term.labelFr() != null ? term.labelFr() : term.labelEn();
		}
		if (!isWebIri(uri)) {
			return null;
		}
		Resource document = model.createResource(uri, DCTerms.LicenseDocument);
		if (label != null && !document.hasProperty(RDFS.label)) {
			document.addProperty(RDFS.label, label, "fr");
		}
		return document;
	}

	private Resource distribution(Resource dataset, String id, JsonNode media, int index, Resource licence) {
		String mediaId = RudiJson.text(media.path("media_id"));
		Resource distribution = model.createResource(
				base + "/datasets/" + id + "#media-" + (mediaId != null ? mediaId : Integer.toString(index)),
				dcatClass("Distribution"));
		String name = RudiJson.text(media.path("media_name"));
		if (name != null && !name.isBlank()) {
			distribution.addProperty(DCTerms.title, name);
		}
		String url = absolute(RudiJson.text(media.path("connector").path("url")));
		boolean file = "FILE".equals(RudiJson.text(media.path("media_type")));
		Resource landing = model.createResource(base + "/datasets/" + id);
		distribution.addProperty(dcat("accessURL"), url != null ? model.createResource(url) : landing);
		if (file && url != null) {
			distribution.addProperty(dcat("downloadURL"), model.createResource(url));
		}
		String type = RudiJson.text(media.path("file_type"));
		if (type != null && MIME.matcher(EuVocabularies.bare(type)).matches()) {
			distribution.addProperty(dcat("mediaType"),
					model.createResource(IANA + EuVocabularies.bare(type), DCTerms.MediaType));
			EuVocabularies.Concept format = EuVocabularies.fileType(type);
			if (format != null) {
				distribution.addProperty(DCTerms.format, concept(format, DCTerms.MediaTypeOrExtent));
			}
		}
		BigDecimal size = size(media.path("file_size"));
		if (size != null) {
			distribution.addLiteral(dcat("byteSize"),
					model.createTypedLiteral(size.toPlainString(), XSDDatatype.XSDdecimal));
		}
		checksum(distribution, media.path("checksum"));
		if (licence != null) {
			distribution.addProperty(DCTerms.license, licence);
		}
		dataset.addProperty(dcat("distribution"), distribution);
		return distribution;
	}

	/**
	 * The offer of a restricted distribution (ODRL 2.2): the producer lets it be used once it has agreed to a
	 * project's access request through Kerys (the duty: obtain its consent), under the conditions of that agreement
	 * ({@code /api/agreements/{id}/policy}). Typed odrl:Policy too, for the DCAT-AP range check without inference.
	 */
	private void offer(Resource distribution, Resource producer) {
		Resource assigner = producer != null ? producer : model.createResource(base + "/#publisher", FOAF.Agent);
		Resource offer = model.createResource(distribution.getURI() + "-offer", odrl("Offer"));
		offer.addProperty(RDF.type, odrl("Policy"));
		offer.addProperty(ResourceFactory.createProperty(ODRL, "uid"), offer);
		offer.addProperty(ResourceFactory.createProperty(ODRL, "assigner"), assigner);
		offer.addProperty(RDFS.comment, "Accès sur demande d'un projet, accordée par le producteur : "
				+ base + "/api/projects/{id}/access-requests", "fr");
		offer.addProperty(RDFS.comment, "Access on a project's request, granted by the producer: "
				+ base + "/api/projects/{id}/access-requests", "en");
		Resource duty = model.createResource(odrl("Duty"));
		duty.addProperty(ResourceFactory.createProperty(ODRL, "action"), odrl("obtainConsent"));
		duty.addProperty(ResourceFactory.createProperty(ODRL, "consentingParty"), assigner);
		Resource permission = model.createResource(odrl("Permission"));
		permission.addProperty(ResourceFactory.createProperty(ODRL, "target"), distribution);
		permission.addProperty(ResourceFactory.createProperty(ODRL, "assigner"), assigner);
		permission.addProperty(ResourceFactory.createProperty(ODRL, "action"), odrl("use"));
		permission.addProperty(ResourceFactory.createProperty(ODRL, "duty"), duty);
		offer.addProperty(ResourceFactory.createProperty(ODRL, "permission"), permission);
		distribution.addProperty(ResourceFactory.createProperty(ODRL, "hasPolicy"), offer);
	}

	private static Resource odrl(String local) {
		return ResourceFactory.createResource(ODRL + local);
	}

	private void checksum(Resource distribution, JsonNode checksum) {
		String algorithm = CHECKSUM_ALGORITHMS.get(String.valueOf(RudiJson.text(checksum.path("algo"))).toUpperCase());
		String hash = RudiJson.text(checksum.path("hash"));
		if (algorithm == null || hash == null || !HEX.matcher(hash).matches()) {
			return;
		}
		Resource value = model.createResource(ResourceFactory.createResource(SPDX + "Checksum"));
		Resource spdxAlgorithm = model.createResource(SPDX + algorithm,
				ResourceFactory.createResource(SPDX + "ChecksumAlgorithm"));
		value.addProperty(ResourceFactory.createProperty(SPDX, "algorithm"), spdxAlgorithm);
		value.addLiteral(ResourceFactory.createProperty(SPDX, "checksumValue"),
				model.createTypedLiteral(hash.toLowerCase(), XSDDatatype.XSDhexBinary));
		distribution.addProperty(ResourceFactory.createProperty(SPDX, "checksum"), value);
	}

	/** A concept of an EU table, typed, labelled and placed in its scheme (itself typed and titled). */
	private Resource concept(EuVocabularies.Concept concept, Resource type) {
		Resource resource = model.createResource(concept.uri(), type);
		if (!resource.hasProperty(SKOS.inScheme)) {
			resource.addProperty(SKOS.prefLabel, concept.labelEn(), "en");
			if (!concept.labelFr().equals(concept.labelEn())) {
				resource.addProperty(SKOS.prefLabel, concept.labelFr(), "fr");
			}
			resource.addProperty(SKOS.inScheme, scheme(concept.scheme()));
		}
		return resource;
	}

	private Resource scheme(String uri) {
		Resource scheme = model.createResource(uri, SKOS.ConceptScheme);
		if (!scheme.hasProperty(DCTerms.title)) {
			scheme.addProperty(DCTerms.title, EuVocabularies.schemeTitle(uri), "en");
		}
		return scheme;
	}

	private void dateTime(Resource subject, Property property, OffsetDateTime time) {
		if (time != null) {
			Literal literal = model.createTypedLiteral(time.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
					XSDDatatype.XSDdateTime);
			subject.addLiteral(property, literal);
		}
	}

	/** A media URL as an absolute web IRI: a path is resolved against Kerys' address; anything else is dropped. */
	private String absolute(String url) {
		if (url == null || url.isBlank()) {
			return null;
		}
		String candidate = url.startsWith("/") ? base + url : url.trim();
		return isWebIri(candidate) ? candidate : null;
	}

	static boolean isWebIri(String value) {
		if (value == null) {
			return false;
		}
		try {
			URI uri = new URI(value);
			return uri.isAbsolute() && uri.getHost() != null
					&& ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
		}
		catch (URISyntaxException e) {
			return false;
		}
	}

	/** A size in bytes: a number, or a string of digits (older RUDI records). */
	static BigDecimal size(JsonNode size) {
		try {
			if (size.isIntegralNumber()) {
				return size.decimalValue();
			}
			String text = RudiJson.text(size);
			return text != null && text.trim().matches("\\d{1,18}") ? new BigDecimal(text.trim()) : null;
		}
		catch (RuntimeException e) {
			return null;
		}
	}

	/** A RUDI text: a plain string (1.2.0), or a list of {lang, text}. */
	static String firstText(JsonNode node) {
		List<String[]> all = texts(node);
		return all.isEmpty() ? null : all.get(0)[1];
	}

	/** Each text of a RUDI text field as {lang (or null), text}, French first. */
	static List<String[]> texts(JsonNode node) {
		List<String[]> out = new ArrayList<>();
		if (node.isString()) {
			if (!node.stringValue().isBlank()) {
				out.add(new String[] { null, node.stringValue() });
			}
			return out;
		}
		for (JsonNode item : node) {
			String text = RudiJson.text(item.path("text"));
			if (text != null && !text.isBlank()) {
				String lang = RudiJson.text(item.path("lang"));
				String tag = lang == null || !lang.matches("[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*") ? null : lang;
				if ("fr".equals(tag)) {
					out.add(0, new String[] { tag, text });
				}
				else {
					out.add(new String[] { tag, text });
				}
			}
			else if (item.isString() && !item.stringValue().isBlank()) {
				out.add(new String[] { null, item.stringValue() });
			}
		}
		return out;
	}
}
