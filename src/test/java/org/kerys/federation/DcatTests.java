package org.kerys.federation;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.Property;
import org.apache.jena.rdf.model.RDFNode;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.ResourceFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.vocabulary.DCTerms;
import org.apache.jena.vocabulary.RDF;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kerys.KerysHttpTest;
import org.kerys.TestHttp;
import org.kerys.TestHttp.Answer;
import org.kerys.platform.KerysProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.node.ObjectNode;

/** DCAT-AP 3.0 output: the official shapes pass on real records in every syntax, paging, negotiation, errors. */
@KerysHttpTest
class DcatTests {

	static final String DCAT = "http://www.w3.org/ns/dcat#";
	static final String HYDRA = "http://www.w3.org/ns/hydra/core#";
	static final Map<String, Lang> SYNTAXES = Map.of("ttl", Lang.TURTLE, "jsonld", Lang.JSONLD, "rdf", Lang.RDFXML);

	@LocalServerPort
	int port;

	@Autowired
	KerysProperties properties;

	TestHttp http;

	static boolean imported;

	@BeforeEach
	void setUp() {
		http = TestHttp.anonymous(port);
		synchronized (DcatTests.class) {
			if (!imported) {
				FederationFixtures.importRennes(port);
				imported = true;
			}
		}
	}

	static Property dcat(String local) {
		return ResourceFactory.createProperty(DCAT, local);
	}

	static Property hydra(String local) {
		return ResourceFactory.createProperty(HYDRA, local);
	}

	Model get(String path, Lang lang) {
		Answer answer = http.get(path);
		assertThat(answer.status()).as(path + " " + answer.body()).isEqualTo(200);
		return DcatShapes.parse(answer.body(), lang);
	}

	@Test
	void shouldPassTheDcatApShapesOnTheRennesRecordsInEverySyntax() {
		ObjectNode restricted = FederationFixtures.restricted(port, "Jeu restreint DCAT");
		ObjectNode selfData = FederationFixtures.selfData(port, "Données personnelles DCAT");
		for (var syntax : SYNTAXES.entrySet()) {
			Model catalog = get("/catalog." + syntax.getKey() + "?page_size=1000", syntax.getValue());
			List<Resource> datasets = catalog.listSubjectsWithProperty(RDF.type, dcat("Dataset")).toList();
			assertThat(datasets).as(syntax.getKey()).hasSizeGreaterThanOrEqualTo(389);
			assertThat(DcatShapes.violations(catalog)).as(syntax.getKey()).isEmpty();
		}
		Model rennes = get("/datasets/" + FederationFixtures.RENNES_RECORD + ".ttl", Lang.TURTLE);
		assertThat(DcatShapes.violations(rennes)).isEmpty();
		Resource dataset = rennes.createResource(datasetUri(FederationFixtures.RENNES_RECORD));
		assertThat(objects(dataset, dcat("theme")))
				.containsExactly("http://publications.europa.eu/resource/authority/data-theme/ECON");
		assertThat(objects(dataset, DCTerms.accessRights))
				.containsExactly("http://publications.europa.eu/resource/authority/access-right/PUBLIC");
		Resource distribution = dataset.getPropertyResourceValue(dcat("distribution"));
		assertThat(distribution.getPropertyResourceValue(DCTerms.format).getURI())
				.isEqualTo("http://publications.europa.eu/resource/authority/file-type/JSON");
		assertThat(distribution.getProperty(dcat("byteSize")).getString()).isEqualTo("343687");
		assertThat(distribution.getPropertyResourceValue(DCTerms.license).getURI())
				.isEqualTo("https://opendatacommons.org/licenses/odbl/1-0");
		assertThat(distribution.getPropertyResourceValue(dcat("downloadURL")).getURI())
				.isEqualTo("https://data-rudi.org/media/download/39efa487-ddf2-4390-a255-83d896f7591c");
		assertThat(distribution.getPropertyResourceValue(ResourceFactory.createProperty("http://spdx.org/rdf/terms#",
				"checksum"))).isNotNull();
		assertThat(dataset.getPropertyResourceValue(DCTerms.publisher).getURI()).endsWith(
				"/producers/" + FederationFixtures.RENNES_CITY + "#producer");

		for (var record : Map.of(restricted, "RESTRICTED", selfData, "NON_PUBLIC").entrySet()) {
			String id = record.getKey().get("global_id").asString();
			for (var syntax : SYNTAXES.entrySet()) {
				Model one = get("/datasets/" + id + "." + syntax.getKey(), syntax.getValue());
				assertThat(DcatShapes.violations(one)).as(id + "." + syntax.getKey()).isEmpty();
				assertThat(objects(one.createResource(datasetUri(id)), DCTerms.accessRights)).containsExactly(
						"http://publications.europa.eu/resource/authority/access-right/" + record.getValue());
			}
		}
	}

	@Test
	void shouldOfferRestrictedDistributionsUnderAnOdrlPolicyAndNoOthers() {
		String odrl = "http://www.w3.org/ns/odrl/2/";
		Property hasPolicy = ResourceFactory.createProperty(odrl, "hasPolicy");
		String before = OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1).withNano(0).toString();
		ObjectNode restricted = FederationFixtures.restricted(port, "Jeu restreint offert");
		String id = restricted.get("global_id").asString();
		String producer = restricted.at("/producer/organization_id").asString();
		for (var syntax : SYNTAXES.entrySet()) {
			Model one = get("/datasets/" + id + "." + syntax.getKey(), syntax.getValue());
			assertThat(DcatShapes.violations(one)).as(syntax.getKey()).isEmpty();
			Resource distribution = one.createResource(datasetUri(id)).getPropertyResourceValue(dcat("distribution"));
			List<Resource> policies = distribution.listProperties(hasPolicy).mapWith(s -> s.getResource()).toList();
			assertThat(policies).as(syntax.getKey()).hasSize(1);
			Resource offer = policies.get(0);
			assertThat(offer.hasProperty(RDF.type, one.createResource(odrl + "Offer"))).isTrue();
			assertThat(offer.getPropertyResourceValue(one.createProperty(odrl, "assigner")).getURI())
					.endsWith("/producers/" + producer + "#producer");
			Resource permission = offer.getPropertyResourceValue(one.createProperty(odrl, "permission"));
			assertThat(permission.getPropertyResourceValue(one.createProperty(odrl, "target"))).isEqualTo(distribution);
			assertThat(permission.getPropertyResourceValue(one.createProperty(odrl, "action")).getURI())
					.isEqualTo(odrl + "use");
			assertThat(permission.getPropertyResourceValue(one.createProperty(odrl, "duty"))
					.getPropertyResourceValue(one.createProperty(odrl, "action")).getURI())
					.isEqualTo(odrl + "obtainConsent");
		}
		// in the catalogue too; none on an open or a self-data distribution
		Model catalog = get("/catalog.ttl?page_size=1000&modified_since=" + before, Lang.TURTLE);
		assertThat(catalog.createResource(datasetUri(id)).getPropertyResourceValue(dcat("distribution"))
				.hasProperty(hasPolicy)).isTrue();
		Model open = get("/datasets/" + FederationFixtures.RENNES_RECORD + ".ttl", Lang.TURTLE);
		assertThat(open.listSubjectsWithProperty(hasPolicy).toList()).isEmpty();
		ObjectNode selfData = FederationFixtures.selfData(port, "Données personnelles sans offre");
		Model personal = get("/datasets/" + selfData.get("global_id").asString() + ".ttl", Lang.TURTLE);
		assertThat(personal.listSubjectsWithProperty(hasPolicy).toList()).isEmpty();
	}

	@Test
	void shouldFindViolationsInABrokenGraph() {
		Model broken = get("/datasets/" + FederationFixtures.RENNES_RECORD + ".ttl", Lang.TURTLE);
		Resource dataset = broken.createResource(datasetUri(FederationFixtures.RENNES_RECORD));
		dataset.removeAll(DCTerms.title);
		Resource distribution = dataset.getPropertyResourceValue(dcat("distribution"));
		distribution.removeAll(dcat("accessURL"));
		distribution.addProperty(dcat("byteSize"), "beaucoup");
		List<String> violations = DcatShapes.violations(broken);
		assertThat(violations).anyMatch(v -> v.contains("title")).anyMatch(v -> v.contains("accessURL"))
				.anyMatch(v -> v.contains("byteSize"));
	}

	@Test
	void shouldPageWithHydraLinksAndFilterByModifiedSince() throws InterruptedException {
		Model first = get("/catalog.ttl?page_size=50", Lang.TURTLE);
		Resource view = first.listSubjectsWithProperty(RDF.type,
				ResourceFactory.createResource(HYDRA + "PartialCollectionView")).next();
		long total = view.getProperty(hydra("totalItems")).getLong();
		assertThat(total).isGreaterThanOrEqualTo(387);
		String base = properties.baseUrl();
		assertThat(view.getURI()).isEqualTo(base + "/catalog.ttl?page_size=50");
		assertThat(view.getPropertyResourceValue(hydra("first")).getURI()).isEqualTo(base + "/catalog.ttl?page_size=50");
		long pages = (total + 49) / 50;
		assertThat(view.getPropertyResourceValue(hydra("last")).getURI())
				.isEqualTo(base + "/catalog.ttl?page=" + pages + "&page_size=50");
		assertThat(view.hasProperty(hydra("previous"))).isFalse();

		Set<String> seen = new LinkedHashSet<>();
		String next = view.getURI();
		int walked = 0;
		while (next != null) {
			Model page = get(next.substring(base.length()), Lang.TURTLE);
			List<Resource> datasets = page.listSubjectsWithProperty(RDF.type, dcat("Dataset")).toList();
			assertThat(datasets.size()).isLessThanOrEqualTo(50);
			datasets.forEach(d -> seen.add(d.getURI()));
			Resource pageView = page.listSubjectsWithProperty(RDF.type,
					ResourceFactory.createResource(HYDRA + "PartialCollectionView")).next();
			Resource link = pageView.getPropertyResourceValue(hydra("next"));
			next = link == null ? null : link.getURI();
			walked++;
		}
		assertThat(walked).isEqualTo(pages);
		assertThat(seen).hasSize((int) total);

		// A dataset of this test written before the date asked for, and one after (the suite's other datasets may be
		// written at any time by other tests).
		ObjectNode older = FederationFixtures.restricted(port, "Jeu plus ancien DCAT");
		Thread.sleep(2000);
		OffsetDateTime before = OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1);
		ObjectNode fresh = FederationFixtures.restricted(port, "Jeu récent DCAT");
		// Every page of what changed since (other tests of the suite may have written many datasets meanwhile).
		List<String> recentIds = new java.util.ArrayList<>();
		String recentPage = "/catalog.rdf?modified_since=" + before + "&page_size=1000";
		while (recentPage != null) {
			Model recent = get(recentPage, Lang.RDFXML);
			recent.listSubjectsWithProperty(RDF.type, dcat("Dataset")).mapWith(Resource::getURI)
					.forEach(recentIds::add);
			Resource recentView = recent.listSubjectsWithProperty(RDF.type,
					ResourceFactory.createResource(HYDRA + "PartialCollectionView")).next();
			Resource link = recentView.getPropertyResourceValue(hydra("next"));
			recentPage = link == null ? null : link.getURI().substring(base.length());
		}
		assertThat(recentIds).contains(datasetUri(fresh.get("global_id").asString()))
				.doesNotContain(datasetUri(older.get("global_id").asString()));
		Model tomorrow = get("/catalog.jsonld?modified_since=" + before.toLocalDate().plusDays(2), Lang.JSONLD);
		assertThat(tomorrow.listSubjectsWithProperty(RDF.type, dcat("Dataset")).toList()).isEmpty();
	}

	@Test
	void shouldNegotiateTheSyntaxOfTheCatalog() {
		Map<String, String> accepts = Map.of("text/turtle", "text/turtle", "application/ld+json",
				"application/ld+json", "application/rdf+xml", "application/rdf+xml",
				"text/html;q=0.5, application/rdf+xml;q=0.9", "application/rdf+xml", "*/*", "text/turtle");
		for (var accept : accepts.entrySet()) {
			Answer answer = http.get("/catalog?page_size=5", "Accept", accept.getKey());
			assertThat(answer.status()).as(accept.getKey()).isEqualTo(200);
			assertThat(answer.header("Content-Type")).as(accept.getKey()).startsWith(accept.getValue());
			assertThat(answer.header("Vary")).contains("Accept");
		}
		Answer none = http.send(http.request("/catalog?page_size=5").GET());
		assertThat(none.header("Content-Type")).startsWith("text/turtle");
		Model negotiated = DcatShapes.parse(http.get("/catalog?page_size=5", "Accept", "application/ld+json").body(),
				Lang.JSONLD);
		assertThat(negotiated.listSubjectsWithProperty(RDF.type, dcat("Dataset")).toList()).hasSize(5);
		Answer html = http.get("/catalog", "Accept", "text/html");
		assertThat(html.status()).isEqualTo(406);
		assertThat(html.json().get("code").asString()).isEqualTo("KRS-406-RDF");
	}

	@Test
	void shouldServeEachDatasetBesideItsPortalPage() {
		String id = FederationFixtures.RENNES_RECORD;
		assertThat(http.get("/datasets/" + id + ".jsonld").header("Content-Type")).startsWith("application/ld+json");
		assertThat(http.get("/datasets/" + id + ".rdf").header("Content-Type")).startsWith("application/rdf+xml");
		Answer page = http.get("/datasets/" + id, "Accept", "text/html");
		assertThat(page.status()).isEqualTo(200);
		assertThat(page.header("Content-Type")).startsWith("text/html");
		Answer unknown = http.get("/datasets/00000000-0000-0000-0000-000000000000.ttl");
		assertThat(unknown.status()).isEqualTo(404);
		assertThat(unknown.json().get("code").asString()).isEqualTo("KRS-404-DATASET");
		assertThat(http.get("/datasets/pas-un-uuid.rdf").status()).isEqualTo(404);
		Answer person = http.get("/datasets/00000000-0000-0000-0000-000000000000.ttl", "Accept", "text/html");
		assertThat(person.status()).isEqualTo(404);
		assertThat(person.header("Content-Type")).startsWith("text/html");
	}

	@Test
	void shouldAnswerBadParametersWithAStableCode() {
		Map<String, String> cases = Map.of("/catalog.ttl?page=abc", "KRS-400-PAGE", "/catalog.ttl?page=0",
				"KRS-400-PAGE", "/catalog.jsonld?page_size=5000", "KRS-400-PAGE-SIZE", "/catalog.rdf?page_size=-1",
				"KRS-400-PAGE-SIZE", "/catalog.ttl?modified_since=hier", "KRS-400-DATE",
				"/catalog?modified_since=2024-13-45", "KRS-400-DATE", "/catalog.ttl?page=99999", "KRS-404-PAGE");
		for (var bad : cases.entrySet()) {
			Answer answer = http.get(bad.getKey());
			assertThat(answer.status()).as(bad.getKey()).isBetween(400, 499);
			assertThat(answer.json().get("code").asString()).as(bad.getKey()).isEqualTo(bad.getValue());
		}
		for (String path : List.of("/catalog", "/catalog.ttl", "/datasets/" + FederationFixtures.RENNES_RECORD + ".ttl")) {
			Answer post = http.send(http.request(path).POST(HttpRequest.BodyPublishers.ofString("")));
			assertThat(post.status()).as(path).isIn(403, 405);
			Answer head = http.send(http.request(path).method("HEAD", HttpRequest.BodyPublishers.noBody()));
			assertThat(head.status()).as(path).isEqualTo(200);
		}
	}

	String datasetUri(String id) {
		return properties.baseUrl() + "/datasets/" + id + "#dataset";
	}

	static List<String> objects(Resource subject, Property property) {
		List<String> out = new ArrayList<>();
		subject.listProperties(property).forEach(s -> {
			RDFNode object = s.getObject();
			out.add(object.isResource() ? object.asResource().getURI() : object.toString());
		});
		return out;
	}
}
