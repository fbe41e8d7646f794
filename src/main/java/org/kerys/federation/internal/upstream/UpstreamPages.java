package org.kerys.federation.internal.upstream;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.kerys.identity.OrganizationNames;
import org.kerys.platform.PortalPage;
import org.kerys.platform.ProblemException;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.MessageSource;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The administration page of node mode ({@code /admin/upstream}, administrators; the rule is in
 * {@code SecurityConfiguration}): the upstream portal, the backfill ("push everything again", with its progress), and
 * the pushed datasets with their state and the upstream's latest report.
 */
@Controller
// a command (import, reindex…) runs without the web application, and without the backfill it offers
@ConditionalOnWebApplication
@PortalPage
class UpstreamPages {

	private final UpstreamSettings settings;
	private final UpstreamDatasets datasets;
	private final OrganizationNames organizationNames;
	private final JsonMapper json;
	private final UpstreamBackfill backfill;
	private final UpstreamSyncs syncs;
	private final MessageSource messages;

	UpstreamPages(UpstreamSettings settings, UpstreamDatasets datasets, OrganizationNames organizationNames,
			JsonMapper json, UpstreamBackfill backfill, UpstreamSyncs syncs, MessageSource messages) {
		this.settings = settings;
		this.datasets = datasets;
		this.organizationNames = organizationNames;
		this.json = json;
		this.backfill = backfill;
		this.syncs = syncs;
		this.messages = messages;
	}

	/** The last backfill as the page shows it. */
	record SyncRow(String status, String trigger, String requestedBy, long total, long scanned, long queued,
			long unchanged, long deletions, String reason, String started, String finished) {
	}

	/** How many pushed datasets are in a state. */
	record StateCount(String state, long count) {
	}

	/** A problem the upstream reported: code, field, message. */
	record Problem(String code, String field, String message) {
	}

	/** A pushed dataset as the page shows it. */
	record Row(UUID id, String organization, String action, String state, int attempts, String next, String error,
			String method, String requestId, String sent, String reportStatus, String reportAt, String reportComment,
			List<Problem> problems) {
	}

	@GetMapping("/admin/upstream")
	String upstream(Model model, Locale locale) {
		List<UpstreamDatasets.Pushed> pushed = datasets.list(UpstreamController.LIMIT);
		Set<UUID> ids = new HashSet<>(settings.organizationIds());
		pushed.forEach(p -> {
			if (p.organizationId() != null) {
				ids.add(p.organizationId());
			}
		});
		Map<UUID, String> names = organizationNames.names(ids);
		model.addAttribute("section", "admin");
		model.addAttribute("enabled", settings.enabled());
		model.addAttribute("url", settings.url());
		model.addAttribute("clientId", settings.clientId());
		model.addAttribute("organizations",
				settings.organizationIds().stream().map(id -> names.getOrDefault(id, id.toString())).toList());
		model.addAttribute("rows", pushed.stream().map(p -> row(p, names, locale)).toList());
		model.addAttribute("sync", syncs.last().map(s -> new SyncRow(s.status(), s.trigger(), s.requestedBy(), s.total(),
				s.scanned(), s.queued(), s.unchanged(), s.deletions(), s.reason(), format(s.startedAt(), locale),
				format(s.finishedAt(), locale))).orElse(null));
		model.addAttribute("states", datasets.countsByState().entrySet().stream()
				.map(e -> new StateCount(e.getKey(), e.getValue())).toList());
		return "admin/upstream";
	}

	@PostMapping("/admin/upstream/sync")
	String sync(Authentication caller, Locale locale, RedirectAttributes redirect) {
		try {
			boolean started = backfill.start(UpstreamBackfill.MANUAL, caller.getName());
			if (started) {
				redirect.addFlashAttribute("notice", messages.getMessage("admin.upstream.syncStarted", null, locale));
			}
			else {
				redirect.addFlashAttribute("problems",
						List.of(messages.getMessage("admin.upstream.syncRunning", null, locale)));
			}
		}
		catch (ProblemException e) {
			redirect.addFlashAttribute("problems",
					List.of(messages.getMessage("admin.upstream.error." + e.code(), null, e.getMessage(), locale)));
		}
		return "redirect:/admin/upstream#sync-heading";
	}

	private Row row(UpstreamDatasets.Pushed p, Map<UUID, String> names, Locale locale) {
		JsonNode report = p.lastReport() == null ? null : json.readTree(p.lastReport());
		List<Problem> problems = report == null ? List.of()
				: report.path("integration_errors").valueStream()
						.map(e -> new Problem(e.path("error_code").asString(""), e.path("field_name").asString(""),
								e.path("error_message").asString("")))
						.toList();
		return new Row(p.globalId(),
				p.organizationId() == null ? null : names.getOrDefault(p.organizationId(), p.organizationId().toString()),
				p.action(), p.state(), p.attempts(), format(p.nextAt(), locale), p.lastError(), p.method(),
				p.requestId(), format(p.sentAt(), locale),
				report == null ? null : report.path("integration_status").asString(""), format(p.lastReportAt(), locale),
				report == null ? null : report.path("comment").asString(""), problems);
	}

	private static String format(OffsetDateTime time, Locale locale) {
		return time == null ? null
				: DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM).withLocale(locale)
						.format(time.atZoneSameInstant(ZoneOffset.UTC)) + " UTC";
	}
}
