package org.kerys.federation.internal.harvest.dcat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.Statement;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.RiotException;
import org.apache.jena.vocabulary.RDF;
import org.kerys.federation.internal.harvest.RemoteCatalogue;
import org.kerys.federation.internal.harvest.RudiRecordBuilder;
import org.kerys.federation.internal.outbound.OutboundHttp;

/**
 * A DCAT-AP catalogue document (Turtle, RDF/XML or JSON-LD) read with Jena, page by page along its Hydra paging:
 * {@code hydra:next} of a {@code hydra:PartialCollectionView}, or {@code hydra:nextPage} of a legacy
 * {@code hydra:PagedCollection}. The cursor is the next page's URL. A catalogue cannot be asked for what changed, so
 * {@code modifiedSince} is applied here, on each dataset's {@code dct:modified}.
 */
public class DcatCatalogue implements RemoteCatalogue {

	static final String ACCEPT = "text/turtle, application/ld+json;q=0.9, application/rdf+xml;q=0.8, */*;q=0.1";
	private static final String[] HYDRA = { "http://www.w3.org/ns/hydra/core#", "http://purl.org/hydra/core#" };

	private final URI url;
	private final OutboundHttp http;
	private final boolean allowPrivateNetwork;

	public DcatCatalogue(URI url, OutboundHttp http, boolean allowPrivateNetwork) {
		this.url = url;
		this.http = http;
		this.allowPrivateNetwork = allowPrivateNetwork;
	}

	@Override
	public Page page(String cursor, Instant modifiedSince) throws HarvestFailure {
		URI page;
		try {
			page = cursor == null ? url : url.resolve(cursor);
		}
		catch (IllegalArgumentException e) {
			throw new HarvestFailure("Not a page URL: " + cursor);
		}
		Model model = parse(RudiRecordBuilder.fetch(http, page, ACCEPT, allowPrivateNetwork), page);
		List<Resource> datasets = new ArrayList<>(model.listSubjectsWithProperty(RDF.type,
				model.createResource(DcatDatasetMapping.DCAT + "Dataset")).toList());
		if (datasets.isEmpty() && !model.contains(null, RDF.type, model.createResource(DcatDatasetMapping.DCAT + "Catalog"))) {
			throw new HarvestFailure("No dcat:Catalog nor dcat:Dataset in " + page + ": not a DCAT catalogue.");
		}
		datasets.sort(Comparator.comparing(Resource::toString));
		String next = next(model);
		if (next != null && URI.create(next).equals(page)) {
			throw new HarvestFailure("The page " + page + " names itself as the next page.");
		}
		if (datasets.isEmpty() && next != null) {
			throw new HarvestFailure("The page " + page + " has no dataset but announces a next page (" + next + ").");
		}
		Long total = total(model);
		if (cursor == null && next == null && total != null && total > datasets.size()) {
			throw new HarvestFailure("The catalogue announces " + total + " datasets but its only page has "
					+ datasets.size() + " (" + page + ").");
		}
		DcatDatasetMapping mapping = new DcatDatasetMapping(url.toString());
		List<Entry> entries = new ArrayList<>();
		for (Resource dataset : datasets) {
			if (modifiedSince != null) {
				OffsetDateTime modified = RudiRecordBuilder.time(DcatDatasetMapping.literal(dataset,
						model.createProperty(DcatDatasetMapping.DCT + "modified")));
				if (modified != null && modified.toInstant().isBefore(modifiedSince)) {
					continue;
				}
			}
			entries.add(mapping.entry(dataset));
		}
		return new Page(entries, next);
	}

	/** The syntax is read from the answer itself (the outbound client hands over no Content-Type). */
	private static Model parse(byte[] body, URI page) throws HarvestFailure {
		String start = new String(body, 0, Math.min(body.length, 512), java.nio.charset.StandardCharsets.UTF_8)
				.replaceFirst("^\uFEFF", "").stripLeading();
		Lang lang;
		if (start.startsWith("{") || start.startsWith("[")) {
			lang = Lang.JSONLD;
		}
		else if (start.startsWith("<?xml") || start.startsWith("<rdf:RDF") || start.startsWith("<RDF")) {
			lang = Lang.RDFXML;
		}
		else if (start.regionMatches(true, 0, "<!doctype html", 0, 14) || start.regionMatches(true, 0, "<html", 0, 5)) {
			throw new HarvestFailure("An HTML page, not an RDF catalogue, at " + page + ".");
		}
		else {
			lang = Lang.TURTLE;
		}
		Model model = ModelFactory.createDefaultModel();
		try {
			RDFParser.create().source(new ByteArrayInputStream(body)).lang(lang).base(page.toString()).parse(model.getGraph());
		}
		catch (RiotException e) {
			throw new HarvestFailure("Not a readable " + lang.getLabel() + " catalogue at " + page + ": " + e.getMessage());
		}
		return model;
	}

	private static String next(Model model) {
		for (String hydra : HYDRA) {
			for (String name : List.of("next", "nextPage")) {
				Property property = model.createProperty(hydra + name);
				for (Statement statement : model.listStatements(null, property, (RDFNode) null).toList()) {
					RDFNode value = statement.getObject();
					if (value.isURIResource()) {
						return value.asResource().getURI();
					}
					if (value.isLiteral() && RudiRecordBuilder.isAbsoluteUri(value.asLiteral().getLexicalForm())) {
						return value.asLiteral().getLexicalForm();
					}
				}
			}
		}
		return null;
	}

	private static Long total(Model model) {
		for (String hydra : HYDRA) {
			for (Statement statement : model.listStatements(null, model.createProperty(hydra + "totalItems"),
					(RDFNode) null).toList()) {
				if (statement.getObject().isLiteral()) {
					try {
						return statement.getObject().asLiteral().getLong();
					}
					catch (RuntimeException e) {
						return null;
					}
				}
			}
		}
		return null;
	}
}
