package org.kerys.consent.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.kerys.audit.AuditLedger;
import org.kerys.consent.internal.Treatments.Treatment;
import org.kerys.consent.internal.Treatments.Version;
import org.kerys.identity.OrganizationNames;
import org.kerys.platform.CanonicalJson;
import org.kerys.platform.ProblemException;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Treatments and their versions: created and edited as drafts by the organisation's editors, published (then
 * immutable, with the SHA-256 of their canonical JSON), made obsolete by the next publication, which invalidates the
 * consents given under older versions (their citizens are asked to renew).
 */
@Service
class TreatmentService {

	private final Treatments treatments;
	private final Consents consents;
	private final ConsentLifecycle lifecycle;
	private final ConsentRules rules;
	private final OrganizationNames organizations;
	private final AuditLedger ledger;

	TreatmentService(Treatments treatments, Consents consents, ConsentLifecycle lifecycle, ConsentRules rules,
			OrganizationNames organizations, AuditLedger ledger) {
		this.treatments = treatments;
		this.consents = consents;
		this.lifecycle = lifecycle;
		this.rules = rules;
		this.organizations = organizations;
		this.ledger = ledger;
	}

	/** A treatment as answered: its versions (drafts only for its organisation's side) and, for them, the live count. */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	record TreatmentView(UUID id, @JsonProperty("organization_id") UUID organizationId,
			@JsonProperty("organization_name") String organizationName,
			@JsonProperty("created_at") java.time.OffsetDateTime createdAt,
			@JsonProperty("published_version") Integer publishedVersion, List<Version> versions,
			@JsonProperty("live_consents") Long liveConsents) {

		Version published() {
			return versions.stream().filter(Version::published).findFirst().orElse(null);
		}

		Version draft() {
			return versions.stream().filter(v -> Treatments.DRAFT.equals(v.status())).findFirst().orElse(null);
		}
	}

	@Transactional
	TreatmentView create(JsonNode body, Authentication caller) {
		UUID account = rules.requirePerson(caller);
		UUID organization = organizationOf(body);
		ObjectNode content = TreatmentContent.read(body, Set.of("organization_id"));
		rules.checkWrites(caller, organization);
		UUID id = UUID.randomUUID();
		treatments.insert(id, organization, account);
		treatments.insertVersion(id, 1, content);
		record(caller, "treatment.created", id, Map.of("version", 1, "organization_id", organization.toString()));
		return view(id, caller);
	}

	@Transactional
	TreatmentView newVersion(UUID id, JsonNode body, Authentication caller) {
		rules.requirePerson(caller);
		Treatment treatment = locked(id, caller);
		ObjectNode content = TreatmentContent.read(body, Set.of());
		rules.checkWrites(caller, treatment.organizationId());
		if (treatments.versions(id).stream().anyMatch(v -> Treatments.DRAFT.equals(v.status()))) {
			throw new ProblemException(HttpStatus.CONFLICT, "KRS-409-TREATMENT-DRAFT",
					"This treatment already has a draft: change it (PUT …/versions/{v}) or publish it.");
		}
		int version = treatments.lastVersion(id) + 1;
		treatments.insertVersion(id, version, content);
		record(caller, "treatment.version.created", id, Map.of("version", version));
		return view(id, caller);
	}

	@Transactional
	TreatmentView editDraft(UUID id, int version, JsonNode body, Authentication caller) {
		rules.requirePerson(caller);
		Treatment treatment = locked(id, caller);
		ObjectNode content = TreatmentContent.read(body, Set.of());
		rules.checkWrites(caller, treatment.organizationId());
		Version existing = treatments.version(id, version).orElseThrow(() -> noVersion(id, version));
		if (!treatments.updateDraft(id, version, content)) {
			throw immutable(existing);
		}
		record(caller, "treatment.version.changed", id, Map.of("version", version));
		return view(id, caller);
	}

	@Transactional
	TreatmentView publish(UUID id, int version, Authentication caller) {
		rules.requirePerson(caller);
		Treatment treatment = locked(id, caller);
		rules.checkWrites(caller, treatment.organizationId());
		Version draft = treatments.version(id, version).orElseThrow(() -> noVersion(id, version));
		if (!Treatments.DRAFT.equals(draft.status())) {
			throw immutable(draft);
		}
		String sha256 = sha256(treatment, draft);
		treatments.publish(id, version, sha256);
		record(caller, "treatment.published", id, Map.of("version", version, "sha256", sha256));
		int invalidated = lifecycle.invalidateBefore(id, version, caller.getName());
		if (invalidated > 0) {
			record(caller, "treatment.consents.invalidated", id, Map.of("version", version, "consents", invalidated));
		}
		return view(id, caller);
	}

	TreatmentView view(UUID id, Authentication caller) {
		Treatment treatment = treatments.find(id).orElseThrow(() -> notFound(id));
		boolean inside = rules.seesInsideOf(caller, treatment.organizationId());
		List<Version> versions = treatments.versions(id).stream()
				.filter(v -> inside || !Treatments.DRAFT.equals(v.status())).toList();
		if (versions.isEmpty()) {
			throw notFound(id); // a treatment never published is its organisation's business only
		}
		Integer published = versions.stream().filter(Version::published).map(Version::version).findFirst()
				.orElse(null);
		String name = organizations.names(List.of(treatment.organizationId())).get(treatment.organizationId());
		return new TreatmentView(id, treatment.organizationId(), name, treatment.createdAt(), published, versions,
				inside ? consents.liveCount(id) : null);
	}

	/** A version as anyone may read it once published (drafts: the organisation's side only). */
	Version version(UUID id, int version, Authentication caller) {
		Treatment treatment = treatments.find(id).orElseThrow(() -> notFound(id));
		Version found = treatments.version(id, version).orElseThrow(() -> noVersion(id, version));
		if (Treatments.DRAFT.equals(found.status()) && !rules.seesInsideOf(caller, treatment.organizationId())) {
			throw noVersion(id, version);
		}
		return found;
	}

	/** Treatments of an organisation (or every organisation) that anyone may read, and the caller's drafts. */
	List<TreatmentView> list(UUID organizationId, int limit, int offset, Authentication caller) {
		return treatments.of(organizationId == null ? null : List.of(organizationId), limit, offset).stream()
				.map(t -> {
					try {
						return view(t.id(), caller);
					}
					catch (ProblemException hidden) {
						return null;
					}
				}).filter(java.util.Objects::nonNull).toList();
	}

	/**
	 * The SHA-256 (hex) of the canonical JSON ({@link CanonicalJson}) of
	 * {@code {"content", "organization_id", "treatment_id", "version"}}: what a receipt's notice names.
	 */
	static String sha256(Treatment treatment, Version version) {
		ObjectNode document = JsonNodeFactory.instance.objectNode();
		document.set("content", version.content());
		document.put("organization_id", treatment.organizationId().toString());
		document.put("treatment_id", treatment.id().toString());
		document.put("version", version.version());
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
					.digest(CanonicalJson.write(document).getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException e) {
			throw new IllegalStateException(e);
		}
	}

	private UUID organizationOf(JsonNode body) {
		if (body == null || !body.isObject()) {
			throw ProblemException.badRequest("ERR-101", "The body must be a JSON object.");
		}
		JsonNode value = body.path("organization_id");
		UUID organization;
		try {
			organization = UUID.fromString(value.asString(""));
		}
		catch (IllegalArgumentException e) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, value.isMissingNode() ? "ERR-202" : "ERR-201",
					"The organisation (controller) that owns the treatment: organization_id.",
					List.of(new ProblemException.FieldError(value.isMissingNode() ? "ERR-202" : "ERR-201",
							"organization_id", "An organisation's id (UUID).")));
		}
		if (!organizations.exists(organization)) {
			throw new ProblemException(HttpStatus.UNPROCESSABLE_CONTENT, "KRS-422-ORGANIZATION",
					"No organisation " + organization + ".");
		}
		return organization;
	}

	private Treatment locked(UUID id, Authentication caller) {
		Treatment treatment = treatments.lock(id).orElseThrow(() -> notFound(id));
		if (!rules.seesInsideOf(caller, treatment.organizationId())
				&& treatments.published(id).isEmpty()) {
			throw notFound(id);
		}
		return treatment;
	}

	private void record(Authentication caller, String action, UUID id, Map<String, Object> details) {
		ledger.record(caller.getName(), action, "treatment", id.toString(), AuditLedger.SUCCESS,
				new LinkedHashMap<>(details));
	}

	static ProblemException notFound(UUID id) {
		return ProblemException.notFound("KRS-404-TREATMENT", "No treatment " + id + ".");
	}

	private static ProblemException noVersion(UUID id, int version) {
		return ProblemException.notFound("KRS-404-TREATMENT-VERSION", "Treatment " + id + " has no version " + version + ".");
	}

	private static ProblemException immutable(Version version) {
		return new ProblemException(HttpStatus.CONFLICT, "KRS-409-TREATMENT-IMMUTABLE",
				"Version " + version.version() + " is " + version.status() + ": a published version never changes; "
						+ "make a new version (POST …/versions).");
	}
}
