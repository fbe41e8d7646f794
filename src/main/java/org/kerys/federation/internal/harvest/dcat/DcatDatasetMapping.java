package org.kerys.federation.internal.harvest.dcat;

import java.util.ArrayList;
import java.util.List;

import org.apache.jena.rdf.model.Literal;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.Statement;
import org.kerys.federation.internal.harvest.RemoteCatalogue.Entry;
import org.kerys.federation.internal.harvest.RudiRecordBuilder;
import org.kerys.federation.internal.harvest.RudiRecordBuilder.Link;
import org.kerys.federation.internal.harvest.RudiRecordBuilder.Unmappable;

/** A {@code dcat:Dataset} as RUDI metadata (the table "DCAT-AP" of {@code docs/harvesting.md}). */
final class DcatDatasetMapping {

	static final String DCAT = "http://www.w3.org/ns/dcat#";
	static final String DCT = "http://purl.org/dc/terms/";
	private static final String VCARD = "http://www.w3.org/2006/vcard/ns#";
	private static final String FOAF = "http://xmlns.com/foaf/0.1/";
	private static final String LOCN = "http://www.w3.org/ns/locn#";
	private static final String SCHEMA = "http://schema.org/";
	private static final String SPDX = "http://spdx.org/rdf/terms#";
	private static final String SKOS = "http://www.w3.org/2004/02/skos/core#";

	private final String source;

	DcatDatasetMapping(String source) {
		this.source = source;
	}

	Entry entry(Resource dataset) {
		String identifier = literal(dataset, p(dataset, DCT, "identifier"));
		String remoteId = dataset.isURIResource() ? dataset.getURI() : identifier;
		if (remoteId == null) {
			return new Entry("(blank node " + dataset.getId() + ")", null, false,
					"a dcat:Dataset with neither IRI nor dct:identifier");
		}
		try {
			return new Entry(remoteId, map(dataset, remoteId, identifier), false, null);
		}
		catch (Unmappable e) {
			return new Entry(remoteId, null, false, e.getMessage());
		}
		catch (RuntimeException e) {
			// a shape no rule foresaw: this record is rejected, the rest of the page goes on
			return new Entry(remoteId, null, false, "could not be read: " + e);
		}
	}

	private tools.jackson.databind.node.ObjectNode map(Resource d, String remoteId, String identifier)
			throws Unmappable {
		String landing = uri(d, p(d, DCAT, "landingPage"));
		RudiRecordBuilder b = new RudiRecordBuilder(source, remoteId, d.isURIResource() ? d.getURI() : landing);
		b.localId(identifier);
		for (RDFNode language : values(d, p(d, DCT, "language"))) {
			b.language(language.isURIResource() ? language.asResource().getURI() : lexical(language));
		}
		for (Literal title : literals(d, p(d, DCT, "title"))) {
			b.title(title.getLexicalForm());
		}
		for (Literal description : literals(d, p(d, DCT, "description"))) {
			b.description(description.getLanguage(), description.getLexicalForm());
			b.language(description.getLanguage());
		}
		for (RDFNode theme : values(d, p(d, DCAT, "theme"))) {
			if (theme.isURIResource()) {
				b.theme(theme.asResource().getURI());
				b.theme(literal(theme.asResource(), p(d, SKOS, "prefLabel")));
			}
			else {
				b.theme(lexical(theme));
			}
		}
		for (Literal keyword : literals(d, p(d, DCAT, "keyword"))) {
			b.keyword(keyword.getLexicalForm());
		}
		b.created(literal(d, p(d, DCT, "issued"))).updated(literal(d, p(d, DCT, "modified")));
		b.published(literal(d, p(d, DCT, "issued")));
		for (RDFNode temporal : values(d, p(d, DCT, "temporal"))) {
			if (temporal.isResource()) {
				Resource period = temporal.asResource();
				b.temporal(first(literal(period, p(d, DCAT, "startDate")), literal(period, p(d, SCHEMA, "startDate"))),
						first(literal(period, p(d, DCAT, "endDate")), literal(period, p(d, SCHEMA, "endDate"))));
			}
		}
		for (RDFNode spatial : values(d, p(d, DCT, "spatial"))) {
			if (spatial.isResource()) {
				b.geometry(literal(spatial.asResource(), p(d, DCAT, "bbox")));
				b.geometry(literal(spatial.asResource(), p(d, LOCN, "geometry")));
			}
		}
		String publisher = null;
		for (RDFNode agent : values(d, p(d, DCT, "publisher"))) {
			if (agent.isResource()) {
				publisher = literal(agent.asResource(), p(d, FOAF, "name"));
			}
		}
		for (RDFNode contact : values(d, p(d, DCAT, "contactPoint"))) {
			if (contact.isResource()) {
				Resource card = contact.asResource();
				String email = first(uri(card, p(d, VCARD, "hasEmail")), literal(card, p(d, VCARD, "hasEmail")));
				b.contact(first(literal(card, p(d, VCARD, "fn")), literal(card, p(d, VCARD, "organization-name"))),
						email, first(literal(card, p(d, VCARD, "organization-name")), publisher), "contact");
			}
		}
		String rights = uri(d, p(d, DCT, "accessRights"));
		if (rights != null && (rights.endsWith("/NON_PUBLIC") || rights.endsWith("/RESTRICTED"))) {
			b.restricted(rights);
		}
		String datasetLicence = uri(d, p(d, DCT, "license"));
		for (RDFNode node : values(d, p(d, DCAT, "distribution"))) {
			if (!node.isResource()) {
				continue;
			}
			Resource distribution = node.asResource();
			String licence = uri(distribution, p(d, DCT, "license"));
			datasetLicence = datasetLicence != null ? datasetLicence : licence;
			String url = first(uri(distribution, p(d, DCAT, "downloadURL")), uri(distribution, p(d, DCAT, "accessURL")));
			String format = first(first(uri(distribution, p(d, DCAT, "mediaType")),
					literal(distribution, p(d, DCAT, "mediaType"))),
					first(uri(distribution, p(d, DCT, "format")), literal(distribution, p(d, DCT, "format"))));
			String size = literal(distribution, p(d, DCAT, "byteSize"));
			String checksum = null;
			Resource value = resource(distribution, p(d, SPDX, "checksum"));
			if (value != null) {
				checksum = literal(value, p(d, SPDX, "checksumValue"));
			}
			b.link(new Link(first(literal(distribution, p(d, DCT, "title")), null), url, format,
					literal(distribution, p(d, DCT, "description")), size == null ? null : number(size), checksum,
					RudiRecordBuilder.time(literal(distribution, p(d, DCT, "issued"))),
					RudiRecordBuilder.time(literal(distribution, p(d, DCT, "modified")))));
		}
		b.licence(null, datasetLicence, null);
		return b.build();
	}

	private static Long number(String size) {
		try {
			return new java.math.BigDecimal(size.strip()).longValueExact();
		}
		catch (ArithmeticException | NumberFormatException e) {
			return null;
		}
	}

	private static Property p(Resource r, String namespace, String name) {
		Model model = r.getModel();
		return model.createProperty(namespace + name);
	}

	/**
	 * The values of a property in an order that does not depend on the syntax the graph came in (a graph has none):
	 * French literals first, then by text; resources by IRI, blank nodes by what they say.
	 */
	private static List<RDFNode> values(Resource r, Property property) {
		List<RDFNode> values = new ArrayList<>(r.listProperties(property).mapWith(Statement::getObject).toList());
		values.sort(java.util.Comparator.comparing(DcatDatasetMapping::key));
		return values;
	}

	private static String key(RDFNode node) {
		if (node.isLiteral()) {
			String lang = node.asLiteral().getLanguage();
			return (lang.startsWith("fr") ? "0" : lang.isEmpty() ? "1" : "2" + lang) + node.asLiteral().getLexicalForm();
		}
		if (node.isURIResource()) {
			return node.asResource().getURI();
		}
		return node.asResource().listProperties().toList().stream()
				.filter(s -> !s.getObject().isAnon())
				.map(s -> s.getPredicate().getURI() + "=" + key(s.getObject())).sorted()
				.collect(java.util.stream.Collectors.joining("|"));
	}

	private static List<Literal> literals(Resource r, Property property) {
		return values(r, property).stream().filter(RDFNode::isLiteral).map(RDFNode::asLiteral).toList();
	}

	static String literal(Resource r, Property property) {
		for (RDFNode value : values(r, property)) {
			if (value.isLiteral() && !value.asLiteral().getLexicalForm().isBlank()) {
				return value.asLiteral().getLexicalForm();
			}
		}
		return null;
	}

	private static String uri(Resource r, Property property) {
		for (RDFNode value : values(r, property)) {
			if (value.isURIResource()) {
				return value.asResource().getURI();
			}
		}
		return null;
	}

	private static Resource resource(Resource r, Property property) {
		for (RDFNode value : values(r, property)) {
			if (value.isResource()) {
				return value.asResource();
			}
		}
		return null;
	}

	private static String lexical(RDFNode node) {
		return node.isLiteral() ? node.asLiteral().getLexicalForm() : null;
	}

	private static String first(String a, String b) {
		return a != null ? a : b;
	}
}
