package org.kerys.federation.internal.harvest;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import org.kerys.identity.OrganizationNames;
import org.kerys.platform.PortalPage;
import org.kerys.platform.ProblemException;
import org.springframework.context.MessageSource;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The administration pages of harvesting (administrators signed in; the rule is in {@code SecurityConfiguration}):
 * harvest sources with their jobs, approval and "run now", one job with its counts and errors, and "harvest now" for a
 * node (whose page lists its jobs). Sources are created and deleted with the API ({@code /api/admin/harvest-sources}).
 */
@Controller
@PortalPage
class HarvestPages {

	private final SourceRegistry registry;
	private final HarvestOrigins origins;
	private final Harvester harvester;
	private final HarvestJobs jobs;
	private final OrganizationNames organizationNames;
	private final MessageSource messages;

	HarvestPages(SourceRegistry registry, HarvestOrigins origins, Harvester harvester, HarvestJobs jobs,
			OrganizationNames organizationNames, MessageSource messages) {
		this.registry = registry;
		this.origins = origins;
		this.harvester = harvester;
		this.jobs = jobs;
		this.organizationNames = organizationNames;
		this.messages = messages;
	}

	/** A source as the pages show it. */
	record SourceRow(UUID id, String type, String url, UUID organizationId, String organization, String schedule,
			boolean allowPrivateNetwork, boolean approved, String created, String createdBy, String approvedOn,
			String approvedBy) {
	}

	@GetMapping("/admin/harvest-sources")
	String sources(Model model, Locale locale) {
		List<HarvestSource> sources = registry.list();
		Map<UUID, String> names = organizationNames.names(sources.stream().map(HarvestSource::organizationId).toList());
		model.addAttribute("section", "admin");
		model.addAttribute("sources", sources.stream().map(s -> row(s, names, locale)).toList());
		return "admin/harvest-sources";
	}

	@GetMapping("/admin/harvest-sources/{id}")
	String source(@PathVariable String id, Model model, Locale locale) {
		HarvestSource source = registry.get(uuid(id, "KRS-404-HARVEST-SOURCE"));
		model.addAttribute("section", "admin");
		model.addAttribute("source",
				row(source, organizationNames.names(List.of(source.organizationId())), locale));
		model.addAttribute("jobs", JobRows.of(jobs.recent(source.id(), HarvestController.RECENT), locale));
		return "admin/harvest-source";
	}

	@PostMapping("/admin/harvest-sources/{id}/approve")
	String approve(@PathVariable String id, Authentication caller, Locale locale, RedirectAttributes redirect) {
		HarvestSource source = registry.approve(uuid(id, "KRS-404-HARVEST-SOURCE"), caller.getName());
		redirect.addFlashAttribute("notice", messages.getMessage("admin.harvest.approved", null, locale));
		return "redirect:/admin/harvest-sources/" + source.id();
	}

	@PostMapping("/admin/harvest-sources/{id}/run")
	String run(@PathVariable String id, Authentication caller, Locale locale, RedirectAttributes redirect) {
		HarvestSource source = registry.get(uuid(id, "KRS-404-HARVEST-SOURCE"));
		return start(source.origin(), "/admin/harvest-sources/" + source.id(), caller, locale, redirect);
	}

	@PostMapping("/admin/nodes/{id}/harvest")
	String harvestNode(@PathVariable String id, Authentication caller, Locale locale, RedirectAttributes redirect) {
		UUID nodeId = uuid(id, "KRS-404-NODE");
		Origin node = origins.node(nodeId)
				.orElseThrow(() -> ProblemException.notFound("KRS-404-NODE", "No node " + id + "."));
		return start(node, "/admin/nodes/" + nodeId, caller, locale, redirect);
	}

	@GetMapping("/admin/jobs/{id}")
	String job(@PathVariable String id, Model model, Locale locale) {
		HarvestJob job = jobs.find(uuid(id, "KRS-404-JOB"))
				.orElseThrow(() -> ProblemException.notFound("KRS-404-JOB", "No harvest job " + id + "."));
		UUID origin = job.nodeId() != null ? job.nodeId() : job.sourceId();
		model.addAttribute("section", "admin");
		model.addAttribute("job", JobRows.of(List.of(job), locale).get(0));
		model.addAttribute("errors", job.errors());
		model.addAttribute("originLink", job.nodeId() != null ? "/admin/nodes/" + origin : "/admin/harvest-sources/" + origin);
		model.addAttribute("originName", origins.find(origin).map(Origin::name).orElse(origin.toString()));
		return "admin/harvest-job";
	}

	/** A harvest started from a page leads to its job's page; a refusal (already running, not approved) is said. */
	private String start(Origin origin, String back, Authentication caller, Locale locale, RedirectAttributes redirect) {
		try {
			UUID job = harvester.start(origin, false, "manual", caller.getName(), locale);
			return "redirect:/admin/jobs/" + job;
		}
		catch (ProblemException e) {
			redirect.addFlashAttribute("problems",
					List.of(messages.getMessage("admin.harvest.error." + e.code(), null, e.getMessage(), locale)));
			return "redirect:" + back;
		}
	}

	private static SourceRow row(HarvestSource s, Map<UUID, String> names, Locale locale) {
		return new SourceRow(s.id(), s.type(), s.url(), s.organizationId(),
				names.getOrDefault(s.organizationId(), s.organizationId().toString()), s.schedule(),
				s.allowPrivateNetwork(), s.approved(), format(s.createdAt(), locale), s.createdBy(),
				format(s.approvedAt(), locale), s.approvedBy());
	}

	private static UUID uuid(String id, String code) {
		try {
			return UUID.fromString(id);
		}
		catch (IllegalArgumentException e) {
			throw ProblemException.notFound(code, "No such thing: " + id + ".");
		}
	}

	private static String format(OffsetDateTime time, Locale locale) {
		return JobRows.format(time, locale);
	}
}
