package org.kerys.access.internal;

import java.net.URI;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.kerys.audit.AuditLedger;
import org.kerys.catalog.Catalog;
import org.kerys.catalog.VocabularyTerm;
import org.kerys.platform.ProblemException;
import org.kerys.platform.ProblemException.FieldError;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reuse projects: declared by a reuser, edited by their members, linked to the datasets they use; the public ones
 * form the showcase of reuses (after a moderator's approval when {@code kerys.access.moderation} is on).
 */
@RestController
@Tag(name = "Projects")
class ProjectsController {

	static final String NO_PROJECT = "KRS-404-PROJECT";

	private final Projects projects;
	private final AccessRules rules;
	private final Catalog catalog;
	private final AuditLedger audit;
	private final AccessSettings settings;

	ProjectsController(Projects projects, AccessRules rules, Catalog catalog, AuditLedger audit, AccessSettings settings) {
		this.projects = projects;
		this.rules = rules;
		this.catalog = catalog;
		this.audit = audit;
		this.settings = settings;
	}

	/** A project's fields as a client sends them; for PATCH, those absent (null) are left as they are. */
	record ProjectBody(String title, String description, String type, List<String> themes,
			@JsonProperty("expected_start") String expectedStart, @JsonProperty("expected_end") String expectedEnd,
			String contact, @JsonProperty("public") Boolean isPublic,
			@JsonProperty("owner_organization_id") String ownerOrganizationId) {

		static final ProjectBody EMPTY = new ProjectBody(null, null, null, null, null, null, null, null, null);
	}

	@Transactional
	@PostMapping(path = "/api/projects", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Declare a reuse project", description = """
			A person (signed in, or with a personal token). Body {"title" (required, ≤ 200), "description", "type" \
			(application | service | study | visualisation | other, required), "themes" (theme codes), \
			"expected_start", "expected_end" (YYYY-MM-DD), "contact", "public" (default false), \
			"owner_organization_id" (an organisation the caller is a member of)}. Its members are the caller and the \
			owner organisation's members.""")
	ResponseEntity<Project> create(@RequestBody(required = false) ProjectBody body, Authentication caller) {
		UUID account = rules.requireAccount(caller);
		Project asked = read(body == null ? ProjectBody.EMPTY : body, null, true, caller);
		boolean pending = asked.isPublic() && settings.moderation();
		Project project = new Project(UUID.randomUUID(), asked.title(), asked.description(), asked.type(),
				asked.themes(), asked.expectedStart(), asked.expectedEnd(), asked.contact(), asked.isPublic(),
				asked.ownerOrganizationId(), account, pending ? "pending" : "approved", null, null, List.of());
		projects.insert(project);
		audit.record(caller.getName(), "project.created", "project", project.id().toString(), AuditLedger.SUCCESS,
				details(project));
		Project created = projects.find(project.id()).orElseThrow();
		return ResponseEntity.created(URI.create("/api/projects/" + created.id())).body(created);
	}

	@GetMapping(path = "/api/projects", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "The caller's projects", description = """
			The projects the caller created or whose owner organisation it belongs to, newest first; for a project \
			client, its project.""")
	List<Project> mine(Authentication caller) {
		var account = rules.account(caller);
		if (account.isEmpty()) {
			return projects.find(projectOfClient(caller)).stream().toList();
		}
		return projects.of(account.get(), organizationsOf(caller));
	}

	@GetMapping(path = "/api/projects/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "A project", description = "Its members and client, moderators and administrators.")
	Project show(@PathVariable String id, Authentication caller) {
		Project project = find(id);
		rules.checkRead(caller, project);
		return project;
	}

	@Transactional
	@RequestMapping(path = "/api/projects/{id}", method = { RequestMethod.PUT, RequestMethod.PATCH },
			consumes = MediaType.APPLICATION_JSON_VALUE, produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Change a project", description = """
			Its members. PUT replaces every field (as POST /api/projects); PATCH changes only the fields sent. A \
			project made public, or changed while public, waits again for a moderator when moderation is on.""")
	Project update(@PathVariable String id, @RequestBody(required = false) ProjectBody body,
			jakarta.servlet.http.HttpServletRequest request, Authentication caller) {
		Project current = find(id);
		rules.checkMember(caller, current);
		boolean replace = "PUT".equals(request.getMethod());
		Project asked = read(body == null ? ProjectBody.EMPTY : body, replace ? null : current, replace, caller);
		// with moderation on, what the showcase would show anew waits for a moderator; a refusal stands until one
		// approves
		String moderation = current.moderation();
		if (settings.moderation() && asked.isPublic() && !"rejected".equals(moderation)
				&& (!current.isPublic() || changedShowcase(current, asked))) {
			moderation = "pending";
		}
		Project changed = new Project(current.id(), asked.title(), asked.description(), asked.type(), asked.themes(),
				asked.expectedStart(), asked.expectedEnd(), asked.contact(), asked.isPublic(),
				asked.ownerOrganizationId(), current.createdBy(), moderation, null, null, List.of());
		projects.update(changed);
		audit.record(caller.getName(), "project.updated", "project", current.id().toString(), AuditLedger.SUCCESS,
				details(changed));
		return projects.find(current.id()).orElseThrow();
	}

	record DatasetLink(@JsonProperty("dataset_id") String datasetId) {
	}

	@Transactional
	@PostMapping(path = "/api/projects/{id}/datasets", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Link a dataset to a project", description = """
			Its members. Body {"dataset_id"}. The showcase of reuses lists, for each public project, the datasets \
			it uses. An access request links its dataset by itself.""")
	Project link(@PathVariable String id, @RequestBody(required = false) DatasetLink body, Authentication caller) {
		Project project = find(id);
		rules.checkMember(caller, project);
		List<FieldError> errors = new ArrayList<>();
		UUID dataset = Fields.uuid(body == null ? null : body.datasetId(), "dataset_id", true, errors);
		Fields.check(errors, "The link");
		if (catalog.dataset(dataset).isEmpty()) {
			throw ProblemException.notFound("ERR-104", "The dataset does not exist.");
		}
		if (projects.link(project.id(), dataset)) {
			audit.record(caller.getName(), "project.dataset_linked", "project", project.id().toString(),
					AuditLedger.SUCCESS, Map.of("dataset_id", dataset.toString()));
		}
		return projects.find(project.id()).orElseThrow();
	}

	@Transactional
	@DeleteMapping("/api/projects/{id}/datasets/{datasetId}")
	@Operation(summary = "Unlink a dataset from a project", description = "Its members. Again is fine (204).")
	ResponseEntity<Void> unlink(@PathVariable String id, @PathVariable String datasetId, Authentication caller) {
		Project project = find(id);
		rules.checkMember(caller, project);
		UUID dataset = Fields.pathId(datasetId, "ERR-104", "The dataset does not exist.");
		if (projects.unlink(project.id(), dataset)) {
			audit.record(caller.getName(), "project.dataset_unlinked", "project", project.id().toString(),
					AuditLedger.SUCCESS, Map.of("dataset_id", dataset.toString()));
		}
		return ResponseEntity.noContent().build();
	}

	record DataRequestBody(String title, String description) {
	}

	@Transactional
	@PostMapping(path = "/api/projects/{id}/data-requests", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Ask for data that does not exist yet", description = """
			The project's members. Body {"title" (required, ≤ 200), "description"}. Moderators see these requests \
			at GET /api/admin/data-requests.""")
	ResponseEntity<Projects.DataRequest> dataRequest(@PathVariable String id,
			@RequestBody(required = false) DataRequestBody body, Authentication caller) {
		Project project = find(id);
		rules.checkMember(caller, project);
		DataRequestBody asked = body == null ? new DataRequestBody(null, null) : body;
		List<FieldError> errors = new ArrayList<>();
		String title = Fields.text(asked.title(), "title", true, 200, errors);
		String description = Fields.text(asked.description(), "description", false, 10_000, errors);
		Fields.check(errors, "The data request");
		UUID requestId = UUID.randomUUID();
		projects.insertDataRequest(requestId, project.id(), title, description == null ? "" : description,
				rules.requireAccount(caller));
		audit.record(caller.getName(), "data_request.created", "project", project.id().toString(), AuditLedger.SUCCESS,
				Map.of("data_request_id", requestId.toString()));
		Projects.DataRequest created = projects.dataRequest(requestId).orElseThrow();
		return ResponseEntity.created(URI.create("/api/admin/data-requests")).body(created);
	}

	@GetMapping(path = "/api/admin/data-requests", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Requests for data that does not exist yet", description = """
			Moderators and administrators; newest first, `limit` (≤ 200, default 50) from `offset`.""")
	List<Projects.DataRequest> dataRequests(@RequestParam(defaultValue = "50") int limit,
			@RequestParam(defaultValue = "0") int offset) {
		return projects.dataRequests(bound(limit), Math.max(0, offset));
	}

	/** A public project as the showcase shows it, with the titles of the datasets it uses. */
	record Reuse(UUID id, String title, String description, String type, List<String> themes,
			@JsonProperty("owner_organization_id") UUID ownerOrganizationId,
			@JsonProperty("expected_start") LocalDate expectedStart, @JsonProperty("expected_end") LocalDate expectedEnd,
			List<ReusedDataset> datasets) {
	}

	record ReusedDataset(@JsonProperty("global_id") UUID globalId, String title) {
	}

	@GetMapping(path = "/api/reuses", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "The showcase of reuses", description = """
			Public projects (approved by a moderator when moderation is on), newest first, with the datasets they \
			use; `limit` (≤ 200, default 50) from `offset`. Anyone.""")
	List<Reuse> reuses(@RequestParam(defaultValue = "50") int limit, @RequestParam(defaultValue = "0") int offset) {
		return reuses(projects.shown(null, bound(limit), Math.max(0, offset)));
	}

	@GetMapping(path = "/api/reuses/{id}", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "One reuse of the showcase", description = """
			A public project (approved by a moderator when moderation is on) with the datasets it uses. Anyone; 404 \
			KRS-404-PROJECT for a project that is not shown (private, awaiting moderation, refused, or unknown).""")
	Reuse reuse(@PathVariable String id) {
		return reuseOf(shown(id));
	}

	/** A project shown in the showcase, or 404 (private, awaiting moderation, refused, unknown). */
	Project shown(String id) {
		return projects.find(Fields.pathId(id, NO_PROJECT, "No such reuse.")).filter(Project::shown)
				.orElseThrow(() -> ProblemException.notFound(NO_PROJECT, "No such reuse."));
	}

	/** The project as the showcase shows it. */
	Reuse reuseOf(Project project) {
		return reuses(List.of(project)).get(0);
	}

	@GetMapping(path = "/api/datasets/{globalId}/reuses", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "The public reuses of a dataset", description = "As GET /api/reuses, for the projects that use this dataset.")
	List<Reuse> reusesOf(@PathVariable String globalId, @RequestParam(defaultValue = "50") int limit,
			@RequestParam(defaultValue = "0") int offset) {
		UUID dataset = Fields.pathId(globalId, "ERR-104", "The dataset does not exist.");
		if (catalog.dataset(dataset).isEmpty()) {
			throw ProblemException.notFound("ERR-104", "The dataset does not exist.");
		}
		return reuses(projects.shown(dataset, bound(limit), Math.max(0, offset)));
	}

	@GetMapping(path = "/api/admin/projects", produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Public projects by moderation state", description = """
			Moderators and administrators. `moderation` = pending (default), approved or rejected; oldest first.""")
	List<Project> moderation(@RequestParam(defaultValue = "pending") String moderation) {
		if (!List.of("pending", "approved", "rejected").contains(moderation)) {
			throw ProblemException.badRequest("ERR-302", "moderation: pending, approved or rejected.");
		}
		return projects.moderated(moderation, 500);
	}

	record ModerationBody(String decision) {
	}

	@Transactional
	@PostMapping(path = "/api/admin/projects/{id}/moderation", consumes = MediaType.APPLICATION_JSON_VALUE,
			produces = MediaType.APPLICATION_JSON_VALUE)
	@Operation(summary = "Show or hide a public project in the showcase", description = """
			Moderators and administrators. Body {"decision": "approve" | "reject"}.""")
	Project moderate(@PathVariable String id, @RequestBody(required = false) ModerationBody body, Authentication caller) {
		Project project = find(id);
		String decision = body == null ? null : body.decision();
		if (!"approve".equals(decision) && !"reject".equals(decision)) {
			throw new ProblemException(HttpStatus.BAD_REQUEST, "ERR-302", "The moderation is invalid.",
					List.of(new FieldError("ERR-302", "decision", "approve or reject.")));
		}
		String state = "approve".equals(decision) ? "approved" : "rejected";
		projects.moderate(project.id(), state);
		audit.record(caller.getName(), "project.moderated", "project", project.id().toString(), AuditLedger.SUCCESS,
				Map.of("moderation", state));
		return projects.find(project.id()).orElseThrow();
	}

	Project find(String id) {
		return projects.find(Fields.pathId(id, NO_PROJECT, "No such project."))
				.orElseThrow(() -> ProblemException.notFound(NO_PROJECT, "No such project."));
	}

	private List<Reuse> reuses(List<Project> shown) {
		Set<UUID> ids = shown.stream().flatMap(p -> p.datasetIds().stream()).collect(Collectors.toSet());
		Map<UUID, String> titles = catalog.datasets(ids).stream().collect(Collectors.toMap(d -> d.globalId(),
				d -> d.metadata().path("resource_title").asString(""), (a, b) -> a));
		return shown.stream().map(p -> new Reuse(p.id(), p.title(), p.description(), p.type(), p.themes(),
				p.ownerOrganizationId(), p.expectedStart(), p.expectedEnd(),
				p.datasetIds().stream().filter(titles::containsKey).map(d -> new ReusedDataset(d, titles.get(d)))
						.toList()))
				.toList();
	}

	/** The fields of a body, checked, over {@code base} (PATCH) or over nothing (POST, PUT). */
	private Project read(ProjectBody body, Project base, boolean whole, Authentication caller) {
		List<FieldError> errors = new ArrayList<>();
		String title = Fields.text(pick(body.title(), base, Project::title), "title", true, 200, errors);
		String description = Fields.text(pick(body.description(), base, Project::description), "description", false,
				10_000, errors);
		String type = pick(body.type(), base, Project::type);
		if (type == null) {
			errors.add(new FieldError("ERR-202", "type", "One of " + Project.TYPES + "."));
		}
		else if (!Project.TYPES.contains(type)) {
			errors.add(new FieldError("ERR-302", "type", "One of " + Project.TYPES + "."));
		}
		List<String> themes = body.themes() != null ? body.themes() : base != null ? base.themes() : List.of();
		Set<String> known = catalog.vocabulary("theme").stream().map(VocabularyTerm::code).collect(Collectors.toSet());
		for (int i = 0; i < themes.size(); i++) {
			if (themes.get(i) == null || !known.contains(themes.get(i))) {
				errors.add(new FieldError("ERR-302", "themes[" + i + "]", "A theme code of the catalogue."));
			}
		}
		LocalDate start = body.expectedStart() != null ? Fields.date(body.expectedStart(), "expected_start", errors)
				: base != null ? base.expectedStart() : null;
		LocalDate end = body.expectedEnd() != null ? Fields.date(body.expectedEnd(), "expected_end", errors)
				: base != null ? base.expectedEnd() : null;
		if (start != null && end != null && end.isBefore(start)) {
			errors.add(new FieldError("ERR-303", "expected_end", "Not before expected_start."));
		}
		String contact = Fields.text(pick(body.contact(), base, Project::contact), "contact", false, 254, errors);
		boolean isPublic = body.isPublic() != null ? body.isPublic() : base != null && base.isPublic();
		UUID owner = body.ownerOrganizationId() != null
				? Fields.uuid(body.ownerOrganizationId(), "owner_organization_id", false, errors)
				: base != null ? base.ownerOrganizationId() : null;
		Fields.check(errors, "The project");
		boolean ownerChanged = owner != null && (base == null || !owner.equals(base.ownerOrganizationId()));
		if ((whole || ownerChanged) && owner != null && !rules.belongsTo(caller, owner)) {
			throw new ProblemException(HttpStatus.FORBIDDEN, "KRS-403-ORGANIZATION",
					"The owner organisation must be one the caller is a member of.");
		}
		return new Project(null, title, description == null ? "" : description, type, List.copyOf(themes), start, end,
				contact == null || contact.isEmpty() ? null : contact, isPublic, owner, null, null, null, null, List.of());
	}

	private static String pick(String value, Project base, java.util.function.Function<Project, String> field) {
		return value != null ? value : base == null ? null : field.apply(base);
	}

	private static boolean changedShowcase(Project before, Project after) {
		return !before.title().equals(after.title()) || !before.description().equals(after.description());
	}

	private UUID projectOfClient(Authentication caller) {
		return rules.clientProject(caller).orElseThrow(() -> new ProblemException(HttpStatus.FORBIDDEN, "ERR-403",
				"You may not do this."));
	}

	private java.util.Collection<UUID> organizationsOf(Authentication caller) {
		return rules.organizationsOf(caller);
	}

	static int bound(int limit) {
		return Math.max(1, Math.min(200, limit));
	}

	private static Map<String, Object> details(Project project) {
		Map<String, Object> details = new java.util.LinkedHashMap<>();
		details.put("title", project.title());
		details.put("public", project.isPublic());
		if (project.ownerOrganizationId() != null) {
			details.put("owner_organization_id", project.ownerOrganizationId().toString());
		}
		return details;
	}
}
