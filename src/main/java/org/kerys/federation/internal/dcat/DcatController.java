package org.kerys.federation.internal.dcat;

import org.kerys.federation.internal.RequestValues;

import java.io.ByteArrayOutputStream;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.ResourceFactory;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.vocabulary.RDF;
import org.kerys.catalog.Catalog;
import org.kerys.catalog.DatasetRecord;
import org.kerys.catalog.Page;
import org.kerys.catalog.VocabularyTerm;
import org.kerys.platform.KerysProperties;
import org.kerys.platform.ProblemException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The catalogue in DCAT-AP 3.0 for national and European portals: {@code /catalog} (Turtle, JSON-LD or RDF/XML by
 * extension or {@code Accept}) in pages with Hydra links, filtered by {@code modified_since}, and one dataset at
 * {@code /datasets/{global_id}.ttl|.jsonld|.rdf}. Public reads.
 */
@RestController
@Tag(name = "DCAT-AP", description = "The catalogue in DCAT-AP 3.0 (RDF), for harvesting by data portals")
class DcatController {

	static final int DEFAULT_PAGE_SIZE = 100;
	static final int MAX_PAGE_SIZE = 1000;

	private final Catalog catalog;
	private final KerysProperties properties;
	private final String title;
	private final String publisher;

	DcatController(Catalog catalog, KerysProperties properties, @Value("${kerys.dcat.title:Kerys}") String title,
			@Value("${kerys.dcat.publisher:Kerys}") String publisher) {
		this.catalog = catalog;
		this.properties = properties;
		this.title = title;
		this.publisher = publisher;
	}

	@GetMapping("/catalog")
	@Operation(summary = "The catalogue in DCAT-AP 3.0, by content negotiation", description = """
			Accept: text/turtle (the default), application/ld+json or application/rdf+xml. Paged: a \
			hydra:PartialCollectionView gives the first, previous, next and last pages. Errors: KRS-400-PAGE, \
			KRS-400-PAGE-SIZE, KRS-400-DATE, KRS-404-PAGE, KRS-406-RDF.""")
	ResponseEntity<byte[]> negotiated(@RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept,
			@Parameter(description = "page number, from 1") @RequestParam(required = false) String page,
			@Parameter(description = "datasets per page (default 100, at most 1000)") @RequestParam(name = "page_size", required = false) String pageSize,
			@Parameter(description = "only the datasets Kerys changed at or after this date or ISO date-time") @RequestParam(name = "modified_since", required = false) String modifiedSince,
			HttpServletRequest request) {
		RdfSyntax syntax = RdfSyntax.negotiate(accept);
		return catalogPage(syntax, "/catalog", page, pageSize, modifiedSince, request);
	}

	@GetMapping("/catalog.ttl")
	@Operation(summary = "The catalogue in DCAT-AP 3.0, Turtle")
	ResponseEntity<byte[]> turtle(@RequestParam(required = false) String page,
			@RequestParam(name = "page_size", required = false) String pageSize,
			@RequestParam(name = "modified_since", required = false) String modifiedSince, HttpServletRequest request) {
		return catalogPage(RdfSyntax.TURTLE, "/catalog.ttl", page, pageSize, modifiedSince, request);
	}

	@GetMapping("/catalog.jsonld")
	@Operation(summary = "The catalogue in DCAT-AP 3.0, JSON-LD")
	ResponseEntity<byte[]> jsonLd(@RequestParam(required = false) String page,
			@RequestParam(name = "page_size", required = false) String pageSize,
			@RequestParam(name = "modified_since", required = false) String modifiedSince, HttpServletRequest request) {
		return catalogPage(RdfSyntax.JSON_LD, "/catalog.jsonld", page, pageSize, modifiedSince, request);
	}

	@GetMapping("/catalog.rdf")
	@Operation(summary = "The catalogue in DCAT-AP 3.0, RDF/XML")
	ResponseEntity<byte[]> rdfXml(@RequestParam(required = false) String page,
			@RequestParam(name = "page_size", required = false) String pageSize,
			@RequestParam(name = "modified_since", required = false) String modifiedSince, HttpServletRequest request) {
		return catalogPage(RdfSyntax.RDF_XML, "/catalog.rdf", page, pageSize, modifiedSince, request);
	}

	@GetMapping("/datasets/{id}.ttl")
	@Operation(summary = "One dataset in DCAT-AP 3.0, Turtle", description = "Errors: KRS-404-DATASET.")
	ResponseEntity<byte[]> datasetTurtle(@PathVariable String id, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		return dataset(RdfSyntax.TURTLE, id, request, response);
	}

	@GetMapping("/datasets/{id}.jsonld")
	@Operation(summary = "One dataset in DCAT-AP 3.0, JSON-LD", description = "Errors: KRS-404-DATASET.")
	ResponseEntity<byte[]> datasetJsonLd(@PathVariable String id, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		return dataset(RdfSyntax.JSON_LD, id, request, response);
	}

	@GetMapping("/datasets/{id}.rdf")
	@Operation(summary = "One dataset in DCAT-AP 3.0, RDF/XML", description = "Errors: KRS-404-DATASET.")
	ResponseEntity<byte[]> datasetRdfXml(@PathVariable String id, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		return dataset(RdfSyntax.RDF_XML, id, request, response);
	}

	private ResponseEntity<byte[]> dataset(RdfSyntax syntax, String id, HttpServletRequest request,
			HttpServletResponse response) throws IOException {
		var found = uuid(id).flatMap(catalog::dataset);
		if (found.isEmpty()) {
			if (RdfSyntax.wantsHtml(request.getHeader(HttpHeaders.ACCEPT))) {
				// a person following a link under /datasets/: the portal's 404 page, as for /datasets/{id}
				response.sendError(HttpStatus.NOT_FOUND.value());
				return null;
			}
			throw ProblemException.notFound("KRS-404-DATASET", "No dataset has the global id " + id + ".");
		}
		DatasetRecord record = found.get();
		DcatGraph graph = new DcatGraph(base(request), licences());
		graph.dataset(record);
		return write(graph, syntax);
	}

	private ResponseEntity<byte[]> catalogPage(RdfSyntax syntax, String path, String pageParam, String sizeParam,
			String sinceParam, HttpServletRequest request) {
		int page = number(pageParam, 1, Integer.MAX_VALUE, 1, "KRS-400-PAGE", "page must be a whole number from 1.");
		int size = number(sizeParam, 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE, "KRS-400-PAGE-SIZE",
				"page_size must be a whole number from 1 to " + MAX_PAGE_SIZE + ".");
		OffsetDateTime since = since(sinceParam);
		long offset = (long) (page - 1) * size;
		if (offset > Integer.MAX_VALUE) {
			throw ProblemException.notFound("KRS-404-PAGE", "There is no page " + page + ".");
		}
		Page<DatasetRecord> datasets = catalog.datasetsChangedSince(since, (int) offset, size);
		long last = Math.max(1, (datasets.total() + size - 1) / size);
		if (page > last) {
			throw ProblemException.notFound("KRS-404-PAGE",
					"There is no page " + page + ": the last page is " + last + ".");
		}
		String base = base(request);
		DcatGraph graph = new DcatGraph(base, licences());
		Resource catalogResource = graph.catalog(title, "Catalogue de données de " + base + " (DCAT-AP 3.0).",
				publisher);
		for (DatasetRecord record : datasets.items()) {
			catalogResource.addProperty(DcatGraph.dcat("dataset"), graph.dataset(record));
		}
		Map<String, String> query = new LinkedHashMap<>();
		if (sizeParam != null && !sizeParam.isBlank()) {
			query.put("page_size", Integer.toString(size));
		}
		if (sinceParam != null && !sinceParam.isBlank()) {
			query.put("modified_since", sinceParam.trim());
		}
		var model = graph.model();
		Resource view = model.createResource(pageUrl(base, path, query, page),
				ResourceFactory.createResource(DcatGraph.HYDRA + "PartialCollectionView"));
		view.addProperty(hydra("first"), model.createResource(pageUrl(base, path, query, 1)));
		view.addProperty(hydra("last"), model.createResource(pageUrl(base, path, query, last)));
		if (page > 1) {
			view.addProperty(hydra("previous"), model.createResource(pageUrl(base, path, query, page - 1)));
		}
		if (page < last) {
			view.addProperty(hydra("next"), model.createResource(pageUrl(base, path, query, page + 1)));
		}
		view.addLiteral(hydra("totalItems"), count(model, datasets.total()));
		view.addLiteral(hydra("itemsPerPage"), count(model, size));
		catalogResource.addProperty(hydra("view"), view);
		catalogResource.addProperty(RDF.type, ResourceFactory.createResource(DcatGraph.HYDRA + "Collection"));
		catalogResource.addLiteral(hydra("totalItems"), count(model, datasets.total()));
		ResponseEntity<byte[]> answer = write(graph, syntax);
		return "/catalog".equals(path)
				? ResponseEntity.status(answer.getStatusCode()).headers(answer.getHeaders()).header(HttpHeaders.VARY,
						HttpHeaders.ACCEPT).body(answer.getBody())
				: answer;
	}

	private static org.apache.jena.rdf.model.Literal count(org.apache.jena.rdf.model.Model model, long count) {
		return model.createTypedLiteral(Long.toString(count),
				org.apache.jena.datatypes.xsd.XSDDatatype.XSDnonNegativeInteger);
	}

	private static org.apache.jena.rdf.model.Property hydra(String local) {
		return ResourceFactory.createProperty(DcatGraph.HYDRA, local);
	}

	private static String pageUrl(String base, String path, Map<String, String> query, long page) {
		UriComponentsBuilder url = UriComponentsBuilder.fromUriString(base + path);
		if (page > 1) {
			url.queryParam("page", page);
		}
		query.forEach(url::queryParam);
		return url.encode().build().toUriString();
	}

	private static ResponseEntity<byte[]> write(DcatGraph graph, RdfSyntax syntax) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		RDFDataMgr.write(out, graph.model(), syntax.format);
		return ResponseEntity.ok().contentType(new org.springframework.http.MediaType(syntax.mediaType,
				java.nio.charset.StandardCharsets.UTF_8)).body(out.toByteArray());
	}

	private Map<String, VocabularyTerm> licences() {
		Map<String, VocabularyTerm> byCode = new LinkedHashMap<>();
		catalog.vocabulary("licence").forEach(term -> byCode.put(term.code(), term));
		return byCode;
	}

	private String base(HttpServletRequest request) {
		return RequestValues.baseUrl(properties, request);
	}

	static int number(String value, int min, int max, int absent, String code, String message) {
		return RequestValues.wholeNumber(value, min, max, absent)
				.orElseThrow(() -> ProblemException.badRequest(code, message));
	}

	/** A date (from the start of that day, UTC) or an ISO-8601 date-time with offset. */
	static OffsetDateTime since(String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String text = value.trim();
		try {
			return text.length() == 10 ? LocalDate.parse(text).atStartOfDay().atOffset(ZoneOffset.UTC)
					: OffsetDateTime.parse(text);
		}
		catch (DateTimeParseException e) {
			throw ProblemException.badRequest("KRS-400-DATE",
					"modified_since must be a date (2024-01-31) or an ISO date-time with offset (2024-01-31T08:00:00Z).");
		}
	}

	static java.util.Optional<UUID> uuid(String id) {
		try {
			UUID uuid = UUID.fromString(id);
			return uuid.toString().equalsIgnoreCase(id) ? java.util.Optional.of(uuid) : java.util.Optional.empty();
		}
		catch (IllegalArgumentException malformed) {
			return java.util.Optional.empty();
		}
	}
}
