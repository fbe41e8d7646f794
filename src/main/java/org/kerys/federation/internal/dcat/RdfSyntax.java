package org.kerys.federation.internal.dcat;

import java.util.List;

import org.apache.jena.riot.RDFFormat;
import org.kerys.platform.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;

/** The three RDF syntaxes Kerys writes DCAT-AP in, by file extension and media type. */
enum RdfSyntax {

	TURTLE("ttl", "text/turtle", RDFFormat.TURTLE_PRETTY),
	JSON_LD("jsonld", "application/ld+json", RDFFormat.JSONLD11_PRETTY),
	RDF_XML("rdf", "application/rdf+xml", RDFFormat.RDFXML_PLAIN);

	final String extension;
	final MediaType mediaType;
	final RDFFormat format;

	RdfSyntax(String extension, String mediaType, RDFFormat format) {
		this.extension = extension;
		this.mediaType = MediaType.parseMediaType(mediaType);
		this.format = format;
	}

	/** Whether an {@code Accept} header names HTML itself (a browser), not only through a wildcard. */
	static boolean wantsHtml(String accept) {
		if (accept == null || accept.isBlank()) {
			return false;
		}
		try {
			return MediaType.parseMediaTypes(accept).stream()
					.anyMatch(t -> t.getQualityValue() > 0 && MediaType.TEXT_HTML.equalsTypeAndSubtype(t));
		}
		catch (RuntimeException e) {
			return false;
		}
	}

	/**
	 * The syntax an {@code Accept} header asks for, by quality then order; Turtle when it asks for none in particular.
	 * @throws ProblemException 406 KRS-406-RDF when it accepts none of the three
	 */
	static RdfSyntax negotiate(String accept) {
		if (accept == null || accept.isBlank()) {
			return TURTLE;
		}
		List<MediaType> wanted;
		try {
			wanted = MediaType.parseMediaTypes(accept);
		}
		catch (RuntimeException e) {
			throw ProblemException.badRequest("KRS-400-ACCEPT", "The Accept header is not well-formed.");
		}
		// highest quality first; among equals, the most specific (wildcards last), else the order given
		wanted = new java.util.ArrayList<>(wanted);
		wanted.sort(java.util.Comparator.comparingDouble(MediaType::getQualityValue).reversed()
				.thenComparingInt(t -> t.isWildcardType() ? 2 : t.isWildcardSubtype() ? 1 : 0));
		for (MediaType type : wanted) {
			if (type.getQualityValue() == 0) {
				continue;
			}
			for (RdfSyntax syntax : values()) {
				if (type.includes(syntax.mediaType)) {
					return syntax;
				}
			}
		}
		throw new ProblemException(HttpStatus.NOT_ACCEPTABLE, "KRS-406-RDF",
				"The catalogue is served as text/turtle, application/ld+json or application/rdf+xml.");
	}
}
