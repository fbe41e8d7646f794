package org.kerys.federation;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.shacl.ShaclValidator;
import org.apache.jena.shacl.Shapes;
import org.apache.jena.shacl.ValidationReport;
import org.apache.jena.shacl.validation.ReportEntry;
import org.apache.jena.shacl.validation.Severity;

/**
 * The official DCAT-AP 3.0.0 SHACL shapes (SEMIC, CC-BY-4.0), copied under {@code src/test/resources/dcat-ap-3.0.0}:
 * the core constraints ({@code shapes.ttl}), the class ranges ({@code range.ttl}) and the controlled vocabularies
 * ({@code mdr-vocabularies.shape.ttl}) together, as the SEMIC validator's full profile combines them. The
 * vocabulary shapes need each EU concept used to be in its scheme in the data graph: Kerys' output says so itself.
 * <p>
 * One erratum is corrected in memory (the files stay as published): the vocabulary shapes want a checksum algorithm
 * to match {@code ^https://spdx.org/rdf/terms}, whereas the SPDX namespace, and the {@code spdx:} prefix of the same
 * shapes files, is {@code http://spdx.org/rdf/terms#}: no SPDX algorithm IRI could pass. The pattern is read as
 * {@code ^https?://spdx.org/rdf/terms}; the class check of the same shape ({@code spdx:ChecksumAlgorithm}) stays.
 */
final class DcatShapes {

	static final List<String> FILES = List.of("shapes.ttl", "range.ttl", "mdr-vocabularies.shape.ttl");
	private static Shapes shapes;

	private DcatShapes() {
	}

	static synchronized Shapes shapes() {
		if (shapes == null) {
			Model graph = ModelFactory.createDefaultModel();
			for (String file : FILES) {
				try (InputStream in = DcatShapes.class.getResourceAsStream("/dcat-ap-3.0.0/" + file)) {
					RDFDataMgr.read(graph, in, Lang.TURTLE);
				}
				catch (java.io.IOException e) {
					throw new java.io.UncheckedIOException(e);
				}
			}
			var pattern = graph.createProperty("http://www.w3.org/ns/shacl#pattern");
			var erratum = graph.listStatements(null, pattern, "^https://spdx.org/rdf/terms").toList();
			if (erratum.size() != 1) {
				throw new IllegalStateException("The SPDX pattern erratum is not where expected: " + erratum);
			}
			graph.remove(erratum.get(0));
			graph.add(erratum.get(0).getSubject(), pattern, "^https?://spdx.org/rdf/terms");
			shapes = Shapes.parse(graph.getGraph());
		}
		return shapes;
	}

	static Model parse(String body, Lang lang) {
		Model model = ModelFactory.createDefaultModel();
		RDFDataMgr.read(model, new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), lang);
		return model;
	}

	/** The violations (severity Violation; warnings and infos are not counted) of a graph, readable. */
	static List<String> violations(Model data) {
		ValidationReport report = ShaclValidator.get().validate(shapes(), data.getGraph());
		return report.getEntries().stream().filter(e -> e.severity() == Severity.Violation)
				.map(DcatShapes::describe).toList();
	}

	private static String describe(ReportEntry entry) {
		return entry.focusNode() + " " + entry.resultPath() + " " + entry.value() + ": " + entry.message();
	}
}
