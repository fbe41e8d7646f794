package org.kerys.consent.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;

import jakarta.servlet.http.HttpServletResponse;
import org.kerys.consent.internal.TreatmentService.TreatmentView;
import org.kerys.consent.internal.Treatments.Version;
import org.kerys.identity.AccessPolicy;
import org.kerys.identity.OrganizationNames;
import org.kerys.platform.PageWords;
import org.kerys.platform.PageWords.FieldsSaid;
import org.kerys.platform.PortalPage;
import org.kerys.platform.ProblemException;
import org.springframework.context.MessageSource;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The organisations' pages of processing records, without JavaScript: the treatments of my organisations (status,
 * published version, live consent count), the treatment form (create, edit the draft, start a new version from the
 * published one) and a treatment's page (versions with their SHA-256, publish). Every rule is the service's
 * ({@link TreatmentService}, {@link ConsentRules}): a page turns a form into its JSON body and a problem into
 * messages at their inputs.
 */
@Controller
@PortalPage
class TreatmentPages {

	private final TreatmentService treatments;
	private final ConsentRules rules;
	private final AccessPolicy policy;
	private final OrganizationNames organizations;
	private final PageWords words;

	TreatmentPages(TreatmentService treatments, ConsentRules rules, AccessPolicy policy,
			OrganizationNames organizations, MessageSource messages) {
		this.treatments = treatments;
		this.rules = rules;
		this.policy = policy;
		this.organizations = organizations;
		this.words = new PageWords(messages, "consent", UnaryOperator.identity(), FieldsSaid.NONE);
	}

	static UUID id(String value, String code) {
		try {
			return UUID.fromString(value);
		}
		catch (IllegalArgumentException e) {
			throw ProblemException.notFound(code, "No such page.");
		}
	}

	// ---------------------------------------------------------------- my organisations' treatments

	/** A treatment as listed: its title, the version in force, a draft in progress, how many consent now. */
	record TreatmentRow(UUID id, String title, Integer publishedVersion, Integer draftVersion, Long liveConsents) {
	}

	/** An organisation of mine and its treatments; {@code writes}: I may create and publish them. */
	record OrganizationTreatments(UUID id, String name, boolean writes, List<TreatmentRow> treatments) {
	}

	@GetMapping("/treatments")
	String list(Authentication caller, Model model, Locale locale) {
		UUID account = rules.requirePerson(caller);
		Map<UUID, String> names = organizations.names(policy.organizationsOfAccount(account));
		List<OrganizationTreatments> groups = new ArrayList<>();
		names.entrySet().stream().sorted(Map.Entry.comparingByValue(String.CASE_INSENSITIVE_ORDER)).forEach(o -> {
			List<TreatmentRow> rows = treatments.list(o.getKey(), 200, 0, caller).stream()
					.map(t -> row(t, locale)).toList();
			groups.add(new OrganizationTreatments(o.getKey(), o.getValue(), rules.writesTreatmentsOf(caller, o.getKey()),
					rows));
		});
		model.addAttribute("organizations", groups);
		model.addAttribute("section", "account");
		return "consent/treatments";
	}

	private static TreatmentRow row(TreatmentView t, Locale locale) {
		Version shown = t.published() != null ? t.published() : last(t);
		return new TreatmentRow(t.id(), TreatmentContent.in(shown.content().path("title"), locale), t.publishedVersion(),
				t.draft() == null ? null : t.draft().version(), t.liveConsents());
	}

	private static Version last(TreatmentView t) {
		return t.versions().get(t.versions().size() - 1);
	}

	// ---------------------------------------------------------------- the form: a new treatment

	@GetMapping("/treatments/new")
	String newForm(@RequestParam(required = false) String organization, Authentication caller, Model model,
			Locale locale) {
		List<OrganizationNames.Named> writable = writable(caller);
		Map<String, String> values = TreatmentForm.values(Map.of());
		if (organization != null) {
			values.put("organization_id", organization);
		}
		return form("new", null, writable, values, Map.of(), null, model, locale);
	}

	@PostMapping("/treatments/new")
	String create(@RequestParam Map<String, String> posted, Authentication caller, Model model, Locale locale,
			RedirectAttributes redirect, HttpServletResponse response) {
		List<OrganizationNames.Named> writable = writable(caller);
		Map<String, String> values = TreatmentForm.values(posted);
		try {
			TreatmentView created = treatments.create(TreatmentForm.body(values, true), caller);
			words.notice(redirect, "consent.notice.treatmentCreated", locale);
			return "redirect:/treatments/" + created.id();
		}
		catch (ProblemException e) {
			return refused(e, "new", null, writable, values, model, locale, response);
		}
	}

	/** The organisations where the caller writes treatments; 403 when there is none. */
	private List<OrganizationNames.Named> writable(Authentication caller) {
		UUID account = rules.requirePerson(caller);
		List<OrganizationNames.Named> writable = organizations.names(policy.organizationsOfAccount(account)).entrySet()
				.stream().filter(o -> rules.writesTreatmentsOf(caller, o.getKey()))
				.map(o -> new OrganizationNames.Named(o.getKey(), o.getValue()))
				.sorted(Comparator.comparing(OrganizationNames.Named::name, String.CASE_INSENSITIVE_ORDER)).toList();
		ConsentRules.check(!writable.isEmpty(), "KRS-403-TREATMENT",
				"Only an editor or admin of an organisation writes its treatments.");
		return writable;
	}

	// ---------------------------------------------------------------- a treatment

	/** A version as listed on its treatment's page, with its content in the page's language. */
	record VersionRow(Version version, TreatmentText text, String duration) {
	}

	@GetMapping("/treatments/{id}")
	String treatment(@PathVariable String id, Authentication caller, Model model, Locale locale) {
		TreatmentView view = treatments.view(id(id, "KRS-404-TREATMENT"), caller);
		List<VersionRow> versions = view.versions().stream().sorted(Comparator.comparingInt(Version::version).reversed())
				.map(v -> new VersionRow(v, TreatmentText.of(v.content(), locale),
						RetentionWords.duration(words, v.content().path("retention").path("duration").asString(""),
								locale)))
				.toList();
		Version shown = view.published() != null ? view.published() : last(view);
		model.addAttribute("treatment", view);
		model.addAttribute("treatmentTitle", TreatmentContent.in(shown.content().path("title"), locale));
		model.addAttribute("versions", versions);
		model.addAttribute("draft", view.draft());
		model.addAttribute("writes", rules.writesTreatmentsOf(caller, view.organizationId()));
		model.addAttribute("section", "account");
		return "consent/treatment";
	}

	@GetMapping("/treatments/{id}/versions/new")
	String versionForm(@PathVariable String id, Authentication caller, Model model, Locale locale,
			RedirectAttributes redirect) {
		TreatmentView view = writable(id, caller);
		if (view.draft() != null) {
			words.notice(redirect, "consent.notice.draftExists", locale);
			return "redirect:/treatments/" + view.id() + "/versions/" + view.draft().version() + "/edit";
		}
		Version from = view.published() != null ? view.published() : last(view);
		return form("version", view, List.of(), TreatmentForm.values(from.content()), Map.of(), null, model, locale);
	}

	@PostMapping("/treatments/{id}/versions/new")
	String newVersion(@PathVariable String id, @RequestParam Map<String, String> posted, Authentication caller,
			Model model, Locale locale, RedirectAttributes redirect, HttpServletResponse response) {
		TreatmentView view = writable(id, caller);
		Map<String, String> values = TreatmentForm.values(posted);
		try {
			treatments.newVersion(view.id(), TreatmentForm.body(values, false), caller);
			words.notice(redirect, "consent.notice.versionCreated", locale);
			return "redirect:/treatments/" + view.id();
		}
		catch (ProblemException e) {
			return refused(e, "version", view, List.of(), values, model, locale, response);
		}
	}

	@GetMapping("/treatments/{id}/versions/{version}/edit")
	String editForm(@PathVariable String id, @PathVariable int version, Authentication caller, Model model,
			Locale locale, RedirectAttributes redirect) {
		TreatmentView view = writable(id, caller);
		Version draft = treatments.version(view.id(), version, caller);
		if (!Treatments.DRAFT.equals(draft.status())) {
			words.notice(redirect, "consent.notice.notDraft", locale, version);
			return "redirect:/treatments/" + view.id();
		}
		model.addAttribute("editedVersion", version);
		return form("edit", view, List.of(), TreatmentForm.values(draft.content()), Map.of(), null, model, locale);
	}

	@PostMapping("/treatments/{id}/versions/{version}/edit")
	String edit(@PathVariable String id, @PathVariable int version, @RequestParam Map<String, String> posted,
			Authentication caller, Model model, Locale locale, RedirectAttributes redirect,
			HttpServletResponse response) {
		TreatmentView view = writable(id, caller);
		Map<String, String> values = TreatmentForm.values(posted);
		try {
			treatments.editDraft(view.id(), version, TreatmentForm.body(values, false), caller);
			words.notice(redirect, "consent.notice.draftSaved", locale, version);
			return "redirect:/treatments/" + view.id();
		}
		catch (ProblemException e) {
			model.addAttribute("editedVersion", version);
			return refused(e, "edit", view, List.of(), values, model, locale, response);
		}
	}

	@PostMapping("/treatments/{id}/versions/{version}/publish")
	String publish(@PathVariable String id, @PathVariable int version, Authentication caller, Locale locale,
			RedirectAttributes redirect) {
		UUID treatment = id(id, "KRS-404-TREATMENT");
		try {
			treatments.publish(treatment, version, caller);
			words.notice(redirect, "consent.notice.published", locale, version);
		}
		catch (ProblemException e) {
			if (e.status().value() == 404) {
				throw e;
			}
			words.problem(redirect, e, locale);
		}
		return "redirect:/treatments/" + treatment;
	}

	/** The treatment, for one who writes it (404 when unseen, 403 when seen but not written). */
	private TreatmentView writable(String id, Authentication caller) {
		TreatmentView view = treatments.view(id(id, "KRS-404-TREATMENT"), caller);
		rules.checkWrites(caller, view.organizationId());
		return view;
	}

	// ---------------------------------------------------------------- the form itself

	/** An option of a select: its value and its words. */
	record Option(String value, String label) {
	}

	private String form(String mode, TreatmentView treatment, List<OrganizationNames.Named> writable,
			Map<String, String> values, Map<String, String> errors, String problem, Model model, Locale locale) {
		model.addAttribute("mode", mode);
		model.addAttribute("treatment", treatment);
		model.addAttribute("writable", writable);
		model.addAttribute("values", values);
		model.addAttribute("errors", errors);
		if (problem != null) {
			model.addAttribute("problem", problem);
		}
		List<Option> durations = new ArrayList<>(
				TreatmentForm.DURATIONS.stream().map(d -> new Option(d, RetentionWords.duration(words, d, locale)))
						.toList());
		String current = values.get("retention_duration");
		if (!current.isBlank() && !TreatmentForm.DURATIONS.contains(current)) {
			durations.add(new Option(current, RetentionWords.duration(words, current, locale)));
		}
		model.addAttribute("durations", durations);
		model.addAttribute("legalBases", TreatmentContent.LEGAL_BASES.stream()
				.map(b -> new Option(b, words.text("consent.basis." + b, locale))).toList());
		if (treatment != null) {
			Version shown = treatment.published() != null ? treatment.published() : last(treatment);
			model.addAttribute("treatmentTitle", TreatmentContent.in(shown.content().path("title"), locale));
		}
		model.addAttribute("section", "account");
		return "consent/treatment-form";
	}

	private String refused(ProblemException e, String mode, TreatmentView treatment,
			List<OrganizationNames.Named> writable, Map<String, String> values, Model model, Locale locale,
			HttpServletResponse response) {
		PageWords.rethrowRefusal(e);
		response.setStatus(e.status().value());
		Map<String, String> errors = new LinkedHashMap<>(words.fieldErrors(e, TreatmentForm::group, locale));
		if ("KRS-422-ORGANIZATION".equals(e.code())) {
			errors.putIfAbsent("organization_id", words.problem(e, locale));
		}
		return form(mode, treatment, writable, values, errors, words.problem(e, locale), model, locale);
	}
}
